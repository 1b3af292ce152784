/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2018, "Scrambled Linear
/// Pseudorandom Number Generators"), its 256-bit state filled from the seed by SplitMix64
/// (Steele, Lea & Flood 2014), as the xoshiro authors recommend. The same seed gives the same
/// stream on every platform and Swift version (unlike `SystemRandomNumberGenerator`, which cannot
/// be seeded).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `count` weights drawn uniformly from `[-scale, scale)` (one `nextUnitDouble` each, in
    /// order): the initial weights of every layer.
    public mutating func uniformWeights(_ count: Int, scale: Double) -> [Float] {
        (0..<count).map { _ in Float((nextUnitDouble() * 2 - 1) * scale) }
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
