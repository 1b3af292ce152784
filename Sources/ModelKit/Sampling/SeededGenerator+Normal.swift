import Foundation

extension SeededGenerator {
    /// `count` standard normal values (Box-Muller: two uniform draws give two values, in order),
    /// e.g. the noise of a VAE's reparameterization or a latent code drawn from its prior.
    public mutating func normalValues(_ count: Int) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(count + 1)
        while values.count < count {
            let u1 = max(nextUnitDouble(), 1e-300), u2 = nextUnitDouble()
            let r = (-2 * log(u1)).squareRoot()
            values.append(Float(r * cos(2 * .pi * u2)))
            values.append(Float(r * sin(2 * .pi * u2)))
        }
        return Array(values.prefix(count))
    }
}
