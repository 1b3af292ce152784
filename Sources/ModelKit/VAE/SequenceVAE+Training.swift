import Foundation

extension SequenceVAE {
    /// What one training pass over a minibatch gives.
    public struct PassResult: Sendable {
        /// Summed reconstruction loss over all steps, in nats.
        public var reconstructionNats: Double
        /// Summed KL over the sequences, in nats (before free bits and β).
        public var klNats: Double
        /// Summed β · max(KL − free nats, 0) over the sequences.
        public var klCost: Double
        /// Steps, and steps whose most likely class (teacher forced) was the target.
        public var steps: Int
        public var correct: Int
    }

    /// Forward and backward over `batch` (sequences of one length): adds to `gradient` (flat, in
    /// the order of `parameters`) the gradient of the mean per-sequence loss
    /// `reconstruction + β · max(KL − freeNats, 0)`, or with `freeScope` `.dimension`
    /// `reconstruction + β · Σ_k max(KL_k − freeNats / latentSize, 0)`. The noise ε of
    /// `z = μ + σ ε` and the input dropout (hiding the previous class with probability
    /// `inputDropout`) are drawn from `rng`.
    public func trainingPass(_ batch: [[Int32]], beta: Double, freeNats: Double, freeScope: FreeBitsScope = .sequence,
                             inputDropout: Double, rng: inout SeededGenerator, gradient: inout [Float]) -> PassResult {
        let B = batch.count, T = batch.first?.count ?? 0
        let Z = shape.latentSize, F = shape.featureSize, V = shape.classes, H = shape.decoderHidden
        let enc = encodeWithTape(batch)
        let eps = rng.normalValues(B * Z)
        var z = enc.mean
        for k in z.indices { z[k] += enc.scale[k] * eps[k] }
        let keep: [Bool]? = inputDropout > 0 ? (0..<(B * T)).map { _ in rng.nextUnitDouble() >= inputDropout } : nil
        let dec = decodeTeacherForced(batch, z: z, keep: keep)

        // Reconstruction: the gradient of the summed cross-entropy per sequence, averaged over sequences.
        let targets = batch.flatMap { $0 }
        var ce = Losses.softmaxCrossEntropy(logits: dec.logits, classes: V, targets: targets)
        let ceScale = Float(ce.count) / Float(B)
        for k in ce.gradient.indices { ce.gradient[k] *= ceScale }
        var correct = 0
        for p in 0..<(B * T) {
            let row = dec.logits[(p * V) ..< ((p + 1) * V)]
            if row[p * V + Int(targets[p])] == row.max()! { correct += 1 }
        }

        // KL per sequence, with free bits over the whole sequence or shared out per dimension.
        var dMean = [Float](repeating: 0, count: B * Z), dScale = dMean
        var klNats = 0.0, klCost = 0.0
        let freePerDimension = freeNats / Double(Z)
        for b in 0..<B {
            var kl = 0.0
            var klOfDimension = [Double](repeating: 0, count: Z)
            for k in 0..<Z {
                let m = Double(enc.mean[b * Z + k]), s = max(Double(enc.scale[b * Z + k]), 1e-12)
                klOfDimension[k] = 0.5 * (m * m + s * s - 1) - log(s)
                kl += klOfDimension[k]
            }
            klNats += kl
            if freeScope == .sequence {
                guard kl > freeNats else { continue }
                klCost += beta * (kl - freeNats)
            }
            for k in 0..<Z {
                if freeScope == .dimension {
                    guard klOfDimension[k] > freePerDimension else { continue }
                    klCost += beta * (klOfDimension[k] - freePerDimension)
                }
                let m = enc.mean[b * Z + k], s = max(enc.scale[b * Z + k], 1e-12)
                dMean[b * Z + k] = Float(beta) * m / Float(B)
                dScale[b * Z + k] = Float(beta) * (s - 1 / s) / Float(B)
            }
        }

        // Backward through the decoder.
        var g = zeroGradient()
        var dH = output.backward(dec.tapes[decoder.count - 1].outputs, outputGradient: ce.gradient, batch: B * T, into: &g.output)
        let W = 2 * decoder.count * H
        var dInitial = [Float](repeating: 0, count: B * W)
        var dDecoderInput: [Float] = []
        for l in stride(from: decoder.count - 1, through: 0, by: -1) {
            let r = decoder[l].backwardThroughState(dec.inputs[l], tape: dec.tapes[l], outputGradient: dH, into: &g.decoder[l])
            for b in 0..<B {
                for j in 0..<H {
                    dInitial[b * W + 2 * l * H + j] = r.initial.h[b * H + j]
                    dInitial[b * W + (2 * l + 1) * H + j] = r.initial.c[b * H + j]
                }
            }
            if l == 0 { dDecoderInput = r.input } else { dH = r.input }
        }
        let act = Activation.tanh.forward(dec.initialPre)
        let dPre = Activation.tanh.backward(input: dec.initialPre, output: act, outputGradient: dInitial)
        var dZ = initialState.backward(z, outputGradient: dPre, batch: B, into: &g.initialState)
        let I = F + Z
        for b in 0..<B {
            for t in 0..<T {
                for k in 0..<Z { dZ[b * Z + k] += dDecoderInput[(b * T + t) * I + F + k] }
            }
        }
        // Through the reparameterization and the encoder.
        for k in dZ.indices {
            dMean[k] += dZ[k]
            dScale[k] += dZ[k] * eps[k]
        }
        let dScalePre = Activation.softplus.backward(input: enc.scalePre, output: enc.scale, outputGradient: dScale)
        var dEncoding = mean.backward(enc.encoding, outputGradient: dMean, batch: B, into: &g.mean)
        let dEncodingScale = scale.backward(enc.encoding, outputGradient: dScalePre, batch: B, into: &g.scale)
        for k in dEncoding.indices { dEncoding[k] += dEncodingScale[k] }
        _ = encoder.backward(enc.x, tape: enc.tape, outputGradient: dEncoding, into: &g.encoder)

        let flat = g.flattened
        precondition(flat.count == gradient.count, "SequenceVAE.trainingPass: gradient has \(gradient.count) values, expected \(flat.count)")
        for k in flat.indices { gradient[k] += flat[k] }
        return PassResult(reconstructionNats: ce.nats, klNats: klNats, klCost: klCost, steps: ce.count, correct: correct)
    }
}

extension SequenceVAE {
    /// The gradient of every layer, flattened in the order of `parameters`.
    struct Gradient {
        var encoder: BidirectionalLSTM.Gradient
        var mean: Dense.Gradient
        var scale: Dense.Gradient
        var initialState: Dense.Gradient
        var decoder: [LSTMLayer.Gradient]
        var output: Dense.Gradient

        var flattened: [Float] {
            var f = encoder.forwardLayer.weightX + encoder.forwardLayer.weightH + encoder.forwardLayer.bias
            f += encoder.backwardLayer.weightX + encoder.backwardLayer.weightH + encoder.backwardLayer.bias
            f += mean.weight + mean.bias + scale.weight + scale.bias + initialState.weight + initialState.bias
            for d in decoder { f += d.weightX + d.weightH + d.bias }
            return f + output.weight + output.bias
        }
    }

    func zeroGradient() -> Gradient {
        Gradient(encoder: BidirectionalLSTM.Gradient(forwardLayer: encoder.forwardLayer.zeroGradient(),
                                                     backwardLayer: encoder.backwardLayer.zeroGradient()),
                 mean: mean.zeroGradient(), scale: scale.zeroGradient(), initialState: initialState.zeroGradient(),
                 decoder: decoder.map { $0.zeroGradient() }, output: output.zeroGradient())
    }
}

/// `SequenceVAE` as a `TrainableModel`: minibatches of equal-length class sequences
/// (`LengthGroupedBatches`), β from `VAETrainingOptions.beta(update:)`; validation scores the
/// teacher-forced reconstruction from the encoder means (no noise, no dropout), in nats per step,
/// with the share of steps predicted correctly.
extension SequenceVAE: TrainableModel {
    public typealias Options = VAETrainingOptions
    public typealias Batch = [[Int32]]
    public typealias Example = [Int32]

    /// The `format` metadata of a VAE training checkpoint.
    public static let checkpointFormat = "LittleMozart sequence VAE training checkpoint"

    /// The training loss (reconstruction + β · KL beyond the free bits) summed over the batch; the
    /// count is the batch's steps.
    public func trainingPass(_ batch: [[Int32]], at step: TrainingStep, state: inout Void, options: VAETrainingOptions,
                             rng: inout SeededGenerator, gradient: inout [Float]) -> LossTotals {
        guard !batch.isEmpty, (batch.first?.count ?? 0) > 0 else { return LossTotals(total: 0, count: 0, correct: 0) }
        let r = trainingPass(batch, beta: options.beta(update: step.update), freeNats: options.freeBits * log(2.0),
                             freeScope: options.freeBitsScope ?? .sequence, inputDropout: options.inputDropout, rng: &rng, gradient: &gradient)
        return LossTotals(total: r.reconstructionNats + r.klCost, count: r.steps, correct: r.correct)
    }

    /// Teacher-forced reconstruction from the means, in groups of one length (up to 256 sequences).
    public func score(_ examples: [[Int32]]) -> LossTotals {
        var byLength: [Int: [[Int32]]] = [:]
        for e in examples where !e.isEmpty { byLength[e.count, default: []].append(e) }
        var totals = LossTotals(total: 0, count: 0, correct: 0)
        for length in byLength.keys.sorted() {
            let group = byLength[length]!
            for start in stride(from: 0, to: group.count, by: 256) {
                let part = Array(group[start ..< min(start + 256, group.count)])
                let scores = teacherForcedScores(part, z: encode(part).mean)
                for s in scores { totals.total += s.nats; totals.correct += s.correct }
                totals.count += part.count * length
            }
        }
        return totals
    }
}
