import Foundation
import ModelKit

/// The training targets of a minibatch: `PianoLabels` of each chunk, concatenated (`rows x 88`).
struct PianoTargets {
    var onset, frame, offset, velocity: [Float]
    /// Per labelled frame (`rows`): 1 where the sustain pedal is down.
    var pedal: [Float]
}

/// The four losses of a minibatch, each the mean over its cells.
struct PianoLosses: Hashable {
    var onset = 0.0, frame = 0.0, offset = 0.0, velocity = 0.0, pedal = 0.0
    var total: Double { onset + frame + offset + velocity + pedal }
}

extension PianoScribeNetwork {
    /// The losses of `f` against `targets`, and their gradients with respect to the logits:
    /// binary cross-entropy, mean over all frames and keys, for onset, frame and offset; for
    /// velocity, binary cross-entropy of the velocity / 127 target, mean over the onset cells only
    /// (Kong et al. 2020), times `velocityWeight`.
    /// With `onsetPositiveWeight` and `framePositiveWeight`, the positive cells' terms are
    /// multiplied by them (a weighted cross-entropy against the rarity of onsets and offsets).
    /// With a pedal head, the pedal's binary cross-entropy, mean over the frames, times `pedalWeight`.
    static func losses(_ f: Forward, _ t: PianoTargets, velocityWeight: Float, onsetPositiveWeight: Float = 1, framePositiveWeight: Float = 1,
                       pedalWeight: Float = 1)
        -> (PianoLosses, onset: [Float], frame: [Float], offset: [Float], velocity: [Float], pedal: [Float]?) {
        let on = weightedCrossEntropy(logits: f.onset, targets: t.onset, positiveWeight: onsetPositiveWeight)
        let fr = weightedCrossEntropy(logits: f.frame, targets: t.frame, positiveWeight: framePositiveWeight)
        let off = weightedCrossEntropy(logits: f.offset, targets: t.offset, positiveWeight: onsetPositiveWeight)
        var dv = [Float](repeating: 0, count: f.velocity.count)
        var nats = 0.0, counted = 0
        for v in t.onset where v > 0 { counted += 1 }
        if counted > 0 {
            let scale = velocityWeight / Float(counted)
            for k in t.onset.indices where t.onset[k] > 0 {
                let x = f.velocity[k], y = t.velocity[k]
                nats += Double(max(x, 0) - x * y + log1pf(expf(-abs(x))))
                dv[k] = (1 / (1 + expf(-x)) - y) * scale
            }
            nats *= Double(velocityWeight) / Double(counted)
        }
        var pedalLoss = 0.0, dPedal: [Float]?
        if let logits = f.pedal {
            let l = Losses.sigmoidCrossEntropy(logits: logits, targets: t.pedal)
            pedalLoss = l.mean * Double(pedalWeight)
            dPedal = l.gradient.map { $0 * pedalWeight }
        }
        return (PianoLosses(onset: on.mean, frame: fr.mean, offset: off.mean, velocity: nats, pedal: pedalLoss),
                on.gradient, fr.gradient, off.gradient, dv, dPedal)
    }

    /// Binary cross-entropy of sigmoids from their logits with the positive term weighted:
    /// `-w t ln σ(x) - (1 - t) ln(1 - σ(x))` per cell, mean over the cells, and its gradient
    /// `(w t (σ - 1) + (1 - t) σ) / count`; with `w` = 1 this is `Losses.sigmoidCrossEntropy`.
    static func weightedCrossEntropy(logits: [Float], targets: [Float], positiveWeight w: Float) -> (mean: Double, gradient: [Float]) {
        if w == 1 { let l = Losses.sigmoidCrossEntropy(logits: logits, targets: targets); return (l.mean, l.gradient) }
        var g = [Float](repeating: 0, count: logits.count)
        var nats = 0.0
        let scale = 1 / Float(max(logits.count, 1))
        for k in logits.indices {
            let x = logits[k], t = targets[k]
            let softplusNeg = log1pf(expf(-abs(x))) + max(-x, 0)   // -ln σ(x)
            let softplusPos = log1pf(expf(-abs(x))) + max(x, 0)    // -ln(1 - σ(x))
            nats += Double(w * t * softplusNeg + (1 - t) * softplusPos)
            let s = 1 / (1 + expf(-x))
            g[k] = (w * t * (s - 1) + (1 - t) * s) * scale
        }
        return (nats / Double(max(logits.count, 1)), g)
    }

    /// The backward pass from the logits' gradients: the gradient of every parameter, flat in
    /// `shape.layout` order.
    func backward(_ f: Forward, onset dOn: [Float], frame dFr: [Float], offset dOff: [Float], velocity dVel: [Float], pedal dPedal: [Float]? = nil) -> [Float] {
        let s = shape, L = layers, rows = f.batch * f.outputFrames, h = s.hidden, k = PianoScribeShape.keys, c = s.headContext
        var gFrame = L.frame.zeroGradient(), gOn = L.onset.zeroGradient(), gOff = L.offset.zeroGradient()
        var gVel = L.velocity.zeroGradient(), gDense = L.dense.zeroGradient()
        var g1 = L.conv1.zeroGradient(), g2 = L.conv2.zeroGradient(), g3 = L.conv3.zeroGradient()
        let dFin = L.frame.backward(f.frameInput, outputGradient: dFr, batch: rows, into: &gFrame)
        // The onset and offset probabilities enter the frame head without a gradient.
        // The gradient with respect to `centre` (the output frames' hidden units), then `window`.
        var dc = [Float](repeating: 0, count: rows * h)
        for r in 0..<rows { for j in 0..<h { dc[r * h + j] = dFin[r * (h + 2 * k) + j] } }
        let dVelIn = L.velocity.backward(f.centre, outputGradient: dVel, batch: rows, into: &gVel)
        for i in dc.indices { dc[i] += dVelIn[i] }
        var gPedal: Dense.Gradient?
        if let head = L.pedal, let dPedal {
            var g = head.zeroGradient()
            let dx = head.backward(f.centre, outputGradient: dPedal, batch: rows, into: &g)
            for i in dc.indices { dc[i] += dx[i] }
            gPedal = g
        }
        var dw = L.onset.backward(f.window, outputGradient: dOn, batch: rows, into: &gOn)
        let dOffIn = L.offset.backward(f.window, outputGradient: dOff, batch: rows, into: &gOff)
        for i in dw.indices { dw[i] += dOffIn[i] }
        let T = f.outputFrames + 2 * c
        var dh = [Float](repeating: 0, count: f.batch * T * h)
        Self.windowsBackward(dc, into: &dh, batch: f.batch, frames: T, hiddenSize: h, context: c, width: 0)
        Self.windowsBackward(dw, into: &dh, batch: f.batch, frames: T, hiddenSize: h, context: c, width: c)
        Self.reluBackward(&dh, f.hiddenPre)
        let dFlat = L.dense.backward(f.flat, outputGradient: dh, batch: f.batch * T, into: &gDense)
        let dp3 = Self.channelsFirst(dFlat, batch: f.batch, channels: s.channels2, frames: T, width: s.pooledBins2)
        var dr3 = Self.pool.backward(outputGradient: dp3, argmax: f.p3Arg, inputCount: f.r3.count)
        Self.reluBackward(&dr3, f.a3)
        let dp2 = L.conv3.backward(f.p2, outputGradient: dr3, batch: f.batch, input: Size2D(height: T + 2, width: s.pooledBins1), into: &g3)
        var dr2 = Self.pool.backward(outputGradient: dp2, argmax: f.p2Arg, inputCount: f.r2.count)
        Self.reluBackward(&dr2, f.a2)
        var dr1 = L.conv2.backward(f.r1, outputGradient: dr2, batch: f.batch, input: Size2D(height: T + 4, width: s.melBins), into: &g2)
        Self.reluBackward(&dr1, f.a1)
        _ = L.conv1.backward(f.x0, outputGradient: dr1, batch: f.batch, input: Size2D(height: T + 6, width: s.melBins), into: &g1)
        var out: [Float] = []
        out.reserveCapacity(parameters.count)
        out += g1.weight; out += g1.bias; out += g2.weight; out += g2.bias; out += g3.weight; out += g3.bias
        out += gDense.weight; out += gDense.bias; out += gOn.weight; out += gOn.bias; out += gOff.weight; out += gOff.bias
        out += gVel.weight; out += gVel.bias; out += gFrame.weight; out += gFrame.bias
        if let gPedal { out += gPedal.weight; out += gPedal.bias }
        return out
    }

    static func reluBackward(_ d: inout [Float], _ pre: [Float]) {
        for i in d.indices where pre[i] <= 0 { d[i] = 0 }
    }
}
