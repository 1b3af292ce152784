import Foundation
import Testing
@testable import ModelKit

@Suite("Dense, activations, dropout")
struct LayerTests {
    @Test("Dense computes x W + b")
    func denseValues() {
        let d = Dense(inputSize: 2, outputSize: 3, weight: [1, 2, 3, 4, 5, 6], bias: [0.5, 0, -1])
        // Rows [1, 0] and [1, 1].
        #expect(d.forward([1, 0, 1, 1], batch: 2) == [1.5, 2, 2, 5.5, 7, 8])
    }

    @Test("Dense gradients match central differences (weights, bias, input)")
    func denseGradients() {
        let B = 3, I = 5, O = 4
        let d = Dense(inputSize: I, outputSize: O, seed: 7)
        let x = randomValues(B * I, seed: 8), r = randomValues(B * O, seed: 9)
        var g = d.zeroGradient()
        let dX = d.backward(x, outputGradient: r, batch: B, into: &g)
        #expect(worstGradientError(d.weight, analytic: g.weight) { w in
            project(Dense(inputSize: I, outputSize: O, weight: w, bias: d.bias).forward(x, batch: B), r)
        } < 1e-3)
        #expect(worstGradientError(d.bias, analytic: g.bias) { b in
            project(Dense(inputSize: I, outputSize: O, weight: d.weight, bias: b).forward(x, batch: B), r)
        } < 1e-3)
        #expect(worstGradientError(x, analytic: dX) { x in project(d.forward(x, batch: B), r) } < 1e-3)
        // The check is not vacuous: a gradient 5% off fails it.
        #expect(worstGradientError(x, analytic: dX.map { $0 * 1.05 }) { x in project(d.forward(x, batch: B), r) } > 1e-2)
    }

    @Test("activations: values and derivatives")
    func activations() {
        #expect(Activation.relu.forward([-2, 0, 3]) == [0, 0, 3])
        #expect(Activation.sigmoid(0) == 0.5)
        #expect(Activation.tanh(0) == 0)
        #expect(Activation.softplus(0) == logf(2))
        #expect(Activation.softplus(100) == 100)          // no overflow
        #expect(Activation.softplus(-100) > 0)            // no underflow to 0 either: e^-100
        // Inputs away from ReLU's kink.
        let x = randomValues(40, seed: 3, scale: 3).map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        let r = randomValues(40, seed: 4)
        for a in Activation.allCases {
            let y = a.forward(x)
            let dX = a.backward(input: x, output: y, outputGradient: r)
            #expect(worstGradientError(x, analytic: dX, eps: 1e-3) { x in project(a.forward(x), r) } < 1e-2, "\(a)")
        }
    }

    @Test("dropout masks are seeded, keep about 1 - rate and scale kept values by 1 / (1 - rate)")
    func dropout() {
        let d = Dropout(rate: 0.25)
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        let m = d.mask(count: 10_000, rng: &a)
        #expect(m == d.mask(count: 10_000, rng: &b))
        #expect(m.allSatisfy { $0 == 0 || $0 == 1 / Float(0.75) })
        let kept = m.filter { $0 > 0 }.count
        #expect((7_300...7_700).contains(kept))
        #expect(Dropout.apply([1, 2, 3, 4], mask: [0, 2, 0, 1]) == [0, 4, 0, 4])
        // Same draws as LSTMNetwork's dropout: a uniform per value, kept when below 1 - rate.
        var c = SeededGenerator(seed: 5)
        #expect(m[0] == (Float(c.nextUnitDouble()) < 0.75 ? 1 / Float(0.75) : 0))
    }
}
