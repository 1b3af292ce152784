import Foundation
import Testing
@testable import ModelKit

@Suite("Sequence VAE")
struct SequenceVAETests {
    static let tiny = SequenceVAEShape(classes: 5, features: .oneHot, encoderHidden: 3, latentSize: 2, decoderHidden: 4, decoderLayers: 2)
    static let batch: [[Int32]] = [[0, 1, 4, 2], [3, 3, 0, 1]]

    @Test("LSTMLayer from an initial state: gradients of the input, the weights and the state match central differences")
    func initialStateGradients() {
        let B = 2, T = 3, I = 3, H = 4
        let layer = LSTMLayer(inputSize: I, hiddenSize: H, seed: 61)
        let x = randomValues(B * T * I, seed: 62), r = randomValues(B * T * H, seed: 63)
        let h0 = randomValues(B * H, seed: 64, scale: 0.5), c0 = randomValues(B * H, seed: 65, scale: 0.5)
        let tape = layer.forward(x, batch: B, time: T, initial: .init(h: h0, c: c0))
        var g = layer.zeroGradient()
        let back = layer.backwardThroughState(x, tape: tape, outputGradient: r, into: &g)
        func loss(_ l: LSTMLayer, _ x: [Float], _ h: [Float], _ c: [Float]) -> Double {
            project(l.forward(x, batch: B, time: T, initial: .init(h: h, c: c)).outputs, r)
        }
        var worst = worstGradientError(h0, analytic: back.initial.h) { loss(layer, x, $0, c0) }
        worst = max(worst, worstGradientError(c0, analytic: back.initial.c) { loss(layer, x, h0, $0) })
        worst = max(worst, worstGradientError(x, analytic: back.input) { loss(layer, $0, h0, c0) })
        worst = max(worst, worstGradientError(layer.weightH, analytic: g.weightH) { w in
            loss(LSTMLayer(inputSize: I, hiddenSize: H, weightX: layer.weightX, weightH: w, bias: layer.bias), x, h0, c0)
        })
        #expect(worst < 1e-2, "worst relative error \(worst)")
    }

    @Test("LSTMLayer.step gives forward's outputs one step at a time")
    func stepMatchesForward() {
        let B = 2, T = 4, I = 3, H = 5
        let layer = LSTMLayer(inputSize: I, hiddenSize: H, seed: 71)
        let x = randomValues(B * T * I, seed: 72)
        let h0 = randomValues(B * H, seed: 73, scale: 0.5), c0 = randomValues(B * H, seed: 74, scale: 0.5)
        let tape = layer.forward(x, batch: B, time: T, initial: .init(h: h0, c: c0))
        var state = LSTMLayer.InitialState(h: h0, c: c0)
        for t in 0..<T {
            var xt: [Float] = []
            for b in 0..<B {
                let start: Int = (b * T + t) * I
                xt += x[start ..< start + I]
            }
            layer.step(xt, batch: B, state: &state)
            for b in 0..<B {
                for j in 0..<H {
                    let k: Int = (b * T + t) * H + j
                    #expect(abs(state.h[b * H + j] - tape.outputs[k]) < 1e-5)
                }
            }
        }
    }

    @Test("shapes: 2E encoder, Z latent, parameter count, named tensors round trip")
    func shapes() throws {
        let vae = SequenceVAE(shape: Self.tiny, seed: 1)
        let F = 5, E = 3, Z = 2, H = 4, V = 5
        let encoder: Int = 2 * (F * 4 * E + E * 4 * E + 4 * E)
        let heads: Int = 2 * (2 * E * Z + Z)
        let initial: Int = Z * 2 * 2 * H + 2 * 2 * H
        let layer0: Int = (F + Z) * 4 * H + H * 4 * H + 4 * H
        let layer1: Int = H * 4 * H + H * 4 * H + 4 * H
        let expected: Int = encoder + heads + initial + layer0 + layer1 + (H * V + V)
        #expect(vae.parameterCount == expected)
        #expect(vae.parameters.count == expected)
        let (mu, sigma) = vae.encode(Self.batch)
        #expect(mu.count == 2 * Z && sigma.count == 2 * Z && sigma.allSatisfy { $0 > 0 })
        var rng = SeededGenerator(seed: 1)
        let decoded = vae.decode(mu, batch: 2, steps: 7, rng: &rng)
        #expect(decoded.count == 2 && decoded.allSatisfy { $0.count == 7 && $0.allSatisfy { (0..<5).contains($0) } })
        var copy = SequenceVAE(shape: Self.tiny, seed: 9)
        try copy.load(vae.namedTensors(), file: "memory")
        #expect(copy.parameters == vae.parameters)
        #expect(ClassFeatures.bits.size(classes: 512) == 9)
        #expect(ClassFeatures.bits.size(classes: 2) == 1)
    }

    func gradientCheck(_ shape: SequenceVAEShape, batch: [[Int32]], freeNats: Double, scope: FreeBitsScope = .sequence) {
        let vae = SequenceVAE(shape: shape, seed: 5)
        var gradient = [Float](repeating: 0, count: vae.parameterCount)
        var rng = SeededGenerator(seed: 6)
        let r = vae.trainingPass(batch, beta: 0.7, freeNats: freeNats, freeScope: scope, inputDropout: 0, rng: &rng, gradient: &gradient)
        #expect(r.steps == batch.count * batch[0].count)
        let worst = worstGradientError(vae.parameters, analytic: gradient, indices: sampled(vae.parameterCount, step: 3), eps: 1e-2) { p in
            let m = SequenceVAE(shape: shape, parameters: p)
            var g = [Float](repeating: 0, count: p.count), rng = SeededGenerator(seed: 6)
            let r = m.trainingPass(batch, beta: 0.7, freeNats: freeNats, freeScope: scope, inputDropout: 0, rng: &rng, gradient: &g)
            return (r.reconstructionNats + r.klCost) / Double(batch.count)
        }
        #expect(worst < 2e-2, "worst relative error \(worst)")
    }

    @Test("the training pass's gradient (reconstruction + beta KL, through z, the initial states and both LSTMs) matches central differences")
    func trainingGradient() {
        gradientCheck(Self.tiny, batch: Self.batch, freeNats: 0)
        let bits = SequenceVAEShape(classes: 8, features: .bits, encoderHidden: 2, latentSize: 3, decoderHidden: 3, decoderLayers: 1)
        gradientCheck(bits, batch: [[7, 0, 5], [2, 6, 1], [4, 4, 3]], freeNats: 0)
    }

    /// The KL of each latent dimension of each sequence of `batch` under `vae`, in nats.
    func klOfDimensions(_ vae: SequenceVAE, _ batch: [[Int32]]) -> [Double] {
        let (mean, scale) = vae.encode(batch)
        return zip(mean, scale).map { (m: Float, s: Float) -> Double in
            let md = Double(m), sd = Double(s)
            let squares: Double = md * md + sd * sd
            return 0.5 * (squares - 1) - log(sd)
        }
    }

    @Test("free bits per dimension: the KL cost is beta times the sum of each dimension's KL beyond its share; gradients match central differences")
    func freeBitsPerDimension() {
        let shape = SequenceVAEShape(classes: 6, features: .oneHot, encoderHidden: 3, latentSize: 4, decoderHidden: 4, decoderLayers: 1)
        let batch: [[Int32]] = [[0, 5, 2, 2, 1], [3, 1, 4, 0, 0], [5, 5, 1, 2, 3]]
        let vae = SequenceVAE(shape: shape, seed: 5)
        let kls = klOfDimensions(vae, batch)
        // A share halfway between two of the dimensions' KLs, so some pay and some are free, and
        // none is near the hinge (central differences step across it otherwise).
        let sorted = kls.sorted()
        let share = (sorted[kls.count / 2 - 1] + sorted[kls.count / 2]) / 2
        let free = share * 4
        #expect(kls.contains { $0 > share } && kls.contains { $0 < share })
        var gradient = [Float](repeating: 0, count: vae.parameterCount)
        var rng = SeededGenerator(seed: 6)
        let perDimension = vae.trainingPass(batch, beta: 0.5, freeNats: free, freeScope: .dimension, inputDropout: 0, rng: &rng, gradient: &gradient)
        let expected: Double = 0.5 * kls.reduce(0) { $0 + max($1 - share, 0) }
        #expect(abs(perDimension.klCost - expected) < 1e-9 * max(1, expected))
        #expect(abs(perDimension.klNats - kls.reduce(0, +)) < 1e-9)
        // The same free nats per sequence: one hinge over each sequence's sum.
        rng = SeededGenerator(seed: 6)
        let perSequence = vae.trainingPass(batch, beta: 0.5, freeNats: free, inputDropout: 0, rng: &rng, gradient: &gradient)
        let sums: [Double] = (0..<3).map { b in kls[(b * 4) ..< (b * 4 + 4)].reduce(0, +) }
        let expectedPerSequence: Double = 0.5 * sums.reduce(0) { $0 + max($1 - free, 0) }
        #expect(abs(perSequence.klCost - expectedPerSequence) < 1e-9)
        #expect(perSequence.klNats == perDimension.klNats && perSequence.reconstructionNats == perDimension.reconstructionNats)
        gradientCheck(shape, batch: batch, freeNats: free, scope: .dimension)
        gradientCheck(shape, batch: batch, freeNats: 0, scope: .dimension)
    }

    @Test("options written before freeBitsScope decode with it unset, meaning per sequence")
    func optionsWithoutScopeDecode() throws {
        var options = VAETrainingOptions()
        options.freeBits = 64
        let data = try JSONEncoder().encode(options)
        #expect(!String(decoding: data, as: UTF8.self).contains("freeBitsScope"))
        let back = try JSONDecoder().decode(VAETrainingOptions.self, from: data)
        #expect(back.freeBitsScope == nil && back == options)
        options.freeBitsScope = .dimension
        let scoped = try JSONDecoder().decode(VAETrainingOptions.self, from: JSONEncoder().encode(options))
        #expect(scoped.freeBitsScope == .dimension)
    }

    @Test("a tiny VAE trained a few dozen steps reduces its loss and reconstructs its data")
    func trainingReducesLoss() {
        var options = VAETrainingOptions()
        options.encoderHidden = 8; options.latentSize = 4; options.decoderHidden = 16; options.decoderLayers = 1
        options.batchSize = 4; options.learningRate = 0.01; options.learningRateDecay = 1; options.inputDropout = 0; options.freeBits = 0
        let shape = SequenceVAEShape(classes: 4, features: .oneHot, encoderHidden: 8, latentSize: 4, decoderHidden: 16, decoderLayers: 1)
        let data: [[Int32]] = [[0, 1, 2, 3, 0, 1], [3, 3, 2, 2, 1, 1], [1, 0, 1, 0, 1, 0], [2, 2, 2, 2, 2, 2]]
        let trainer = Trainer(model: SequenceVAE(shape: shape, seed: 3), options: options,
                              training: LengthGroupedBatches(data, batchSize: 4), validation: data)
        let before = trainer.model.score(data).mean
        for _ in 0..<60 { _ = trainer.runEpoch() }
        let after = trainer.model.score(data)
        #expect(after.mean < before / 2, "before \(before), after \(after.mean)")
        var rng = SeededGenerator(seed: 1)
        let decoded = trainer.model.decode(trainer.model.encode(data).mean, batch: 4, steps: 6, rng: &rng)
        let right = zip(decoded, data).reduce(0) { $0 + zip($1.0, $1.1).filter { $0 == $1 }.count }
        #expect(right >= 20, "greedy reconstruction got \(right) of 24 steps")
    }

    @Test("slerp ends at its endpoints and keeps the norm of equal-norm vectors; the bilinear grid's corners are the corners")
    func interpolation() {
        let a: [Float] = [1, 0, 0], b: [Float] = [0, 1, 0]
        #expect(LatentInterpolation.slerp(a, b, 0) == a)
        let end = LatentInterpolation.slerp(a, b, 1)
        #expect(zip(end, b).allSatisfy { abs($0 - $1) < 1e-6 })
        let mid = LatentInterpolation.slerp(a, b, 0.5)
        #expect(abs(mid[0] - Float(0.5.squareRoot())) < 1e-6 && abs(mid[1] - Float(0.5.squareRoot())) < 1e-6)
        let corners: [[Float]] = [[0, 0], [1, 0], [0, 1], [1, 1]]
        let grid = LatentInterpolation.bilinearGrid(corners: corners, size: 3)
        #expect(grid.count == 9)
        #expect(grid[0] == [0, 0] && grid[2] == [1, 0] && grid[6] == [0, 1] && grid[8] == [1, 1] && grid[4] == [0.5, 0.5])
    }
}
