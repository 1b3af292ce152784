import Foundation
import Testing
@testable import ModelKit

@Suite("Adam and gradient clipping")
struct TrainingTests {
    /// `RNNTrainer.adamUpdate` as it was before `Adam` and `clipGlobalNorm` were split out of it,
    /// verbatim but for the names: the reference the new types must match bit for bit.
    struct FormerAdamUpdate {
        var m: [Float], v: [Float], updates = 0
        let beta1: Double, beta2: Double, epsilon: Double, clipNorm: Double
        mutating func update(_ parameters: inout [Float], _ g: inout [Float], learningRate: Double) {
            var norm2 = 0.0
            for x in g { norm2 += Double(x) * Double(x) }
            let norm = norm2.squareRoot()
            let clip = norm > clipNorm ? Float(clipNorm / norm) : 1
            updates += 1
            let b1 = Float(beta1), b2 = Float(beta2)
            let c1 = 1 - pow(beta1, Double(updates)), c2 = 1 - pow(beta2, Double(updates))
            let step = Float(learningRate * c2.squareRoot() / c1)
            let eps = Float(epsilon * c2.squareRoot())
            for k in 0..<parameters.count {
                let gk = g[k] * clip
                m[k] = b1 * m[k] + (1 - b1) * gk
                v[k] = b2 * v[k] + (1 - b2) * gk * gk
                parameters[k] -= step * m[k] / (v[k].squareRoot() + eps)
            }
        }
    }

    @Test("clipGlobalNorm then Adam.step give the former adamUpdate's parameters bit for bit")
    func adamMatchesTheFormerUpdate() {
        let n = 1000
        var reference = FormerAdamUpdate(m: [Float](repeating: 0, count: n), v: [Float](repeating: 0, count: n),
                                         beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 5)
        var adam = Adam(parameterCount: n, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        var p1 = randomValues(n, seed: 1), p2 = p1
        var clipped = 0
        for step in 0..<12 {
            // Alternate small gradients (not clipped) and large ones (clipped).
            let g = randomValues(n, seed: 100 + UInt64(step), scale: step % 2 == 0 ? 0.05 : 2)
            var g1 = g, g2 = g
            let lr = 0.002 * pow(0.93, Double(step / 3))
            reference.update(&p1, &g1, learningRate: lr)
            if clipGlobalNorm(&g2, maxNorm: 5) > 5 { clipped += 1 }
            adam.step(&p2, gradient: g2, learningRate: lr)
            #expect(p1 == p2, "step \(step)")
            #expect(reference.m == adam.m && reference.v == adam.v)
        }
        #expect(clipped == 6)
        #expect(adam.updates == 12)
    }

    @Test("clipGlobalNorm scales down to the bound and leaves smaller gradients alone")
    func clipping() {
        var g: [Float] = [3, 4]
        #expect(clipGlobalNorm(&g, maxNorm: 1) == 5)
        #expect(g == [3 * Float(0.2), 4 * Float(0.2)])
        var small: [Float] = [0.375, -0.5]
        #expect(clipGlobalNorm(&small, maxNorm: 1) == 0.625)
        #expect(small == [0.375, -0.5])
    }

    @Test("Adam's first step moves each parameter by about the learning rate against its gradient's sign")
    func adamFirstStep() {
        var adam = Adam(parameterCount: 3)
        var p: [Float] = [1, 1, 1]
        adam.step(&p, gradient: [0.5, -2, 0], learningRate: 0.01)
        #expect(abs(p[0] - 0.99) < 1e-6)
        #expect(abs(p[1] - 1.01) < 1e-6)
        #expect(p[2] == 1)
    }
}
