import Foundation
import Testing
@testable import ModelKit

@Suite("Losses")
struct LossTests {
    @Test("softmax cross-entropy: ln(classes) for equal logits, padding rows ignored, gradient checked")
    func softmaxCrossEntropy() {
        let even = Losses.softmaxCrossEntropy(logits: [Float](repeating: 3, count: 8), classes: 4, targets: [2, -1])
        #expect(even.count == 1)
        #expect(abs(even.nats - log(4.0)) < 1e-6)
        #expect(even.gradient == [0.25, 0.25, -0.75, 0.25, 0, 0, 0, 0])
        // Large logits do not overflow.
        let big = Losses.softmaxCrossEntropy(logits: [1000, 0], classes: 2, targets: [0])
        #expect(big.nats < 1e-30 && big.nats.isFinite)
        let V = 5, targets: [Int32] = [0, 4, -1, 2]
        let logits = randomValues(targets.count * V, seed: 11, scale: 3)
        let l = Losses.softmaxCrossEntropy(logits: logits, classes: V, targets: targets)
        #expect(l.count == 3)
        #expect(worstGradientError(logits, analytic: l.gradient, eps: 1e-3) { z in
            Losses.softmaxCrossEntropy(logits: z, classes: V, targets: targets).mean
        } < 1e-2)
    }

    @Test("sigmoid cross-entropy: ln 2 at logit 0, stable at ±100, gradient checked")
    func sigmoidCrossEntropy() {
        let zero = Losses.sigmoidCrossEntropy(logits: [0, 0], targets: [1, 0])
        #expect(abs(zero.mean - log(2.0)) < 1e-6)
        #expect(zero.gradient == [-0.25, 0.25])
        let extreme = Losses.sigmoidCrossEntropy(logits: [100, -100], targets: [0, 0])
        #expect(extreme.nats == 100)
        let logits = randomValues(12, seed: 12, scale: 4)
        let targets: [Float] = (0..<12).map { Float($0 % 3) / 2 }
        let l = Losses.sigmoidCrossEntropy(logits: logits, targets: targets)
        #expect(worstGradientError(logits, analytic: l.gradient, eps: 1e-3) { z in
            Losses.sigmoidCrossEntropy(logits: z, targets: targets).mean
        } < 1e-2)
    }

    @Test("Gaussian KL to N(0, 1): 0 at the prior, ½ μ² for unit variance, gradients checked")
    func gaussianKL() {
        #expect(Losses.gaussianKL(mean: [0, 0], logVariance: [0, 0], batch: 1).nats == 0)
        let shifted = Losses.gaussianKL(mean: [1, 2], logVariance: [0, 0], batch: 2)
        #expect(shifted.nats == 2.5)
        #expect(shifted.mean == 1.25)
        #expect(shifted.meanGradient == [0.5, 1])
        let B = 3
        let mu = randomValues(B * 4, seed: 13), lv = randomValues(B * 4, seed: 14)
        let kl = Losses.gaussianKL(mean: mu, logVariance: lv, batch: B)
        #expect(worstGradientError(mu, analytic: kl.meanGradient, eps: 1e-3) { m in
            Losses.gaussianKL(mean: m, logVariance: lv, batch: B).mean
        } < 1e-2)
        #expect(worstGradientError(lv, analytic: kl.logVarianceGradient, eps: 1e-3) { v in
            Losses.gaussianKL(mean: mu, logVariance: v, batch: B).mean
        } < 1e-2)
    }

    @Test("reparameterization: z = μ + σ ε, gradients checked")
    func reparameterize() {
        #expect(Losses.reparameterize(mean: [1], logVariance: [0], noise: [0.5]) == [1.5])
        let mu = randomValues(6, seed: 15), lv = randomValues(6, seed: 16), eps = randomValues(6, seed: 17), r = randomValues(6, seed: 18)
        let (dMu, dLv) = Losses.reparameterizeBackward(logVariance: lv, noise: eps, outputGradient: r)
        #expect(worstGradientError(mu, analytic: dMu, eps: 1e-3) { m in project(Losses.reparameterize(mean: m, logVariance: lv, noise: eps), r) } < 1e-2)
        #expect(worstGradientError(lv, analytic: dLv, eps: 1e-3) { v in project(Losses.reparameterize(mean: mu, logVariance: v, noise: eps), r) } < 1e-2)
    }
}
