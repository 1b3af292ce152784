import Foundation
import ModelKit

extension PianoScribeNetwork: TrainableModel {
    package typealias Options = PianoScribeTrainingOptions
    package typealias Batch = PianoChunkBatch
    package typealias Example = PianoChunkBatch

    package static let checkpointFormat = "LittleMozart Piano Scribe training checkpoint"

    /// Reads the per-layer tensors of `namedTensors()` and, when present, the input normalisation.
    /// - Throws: `ModelFileError` naming `file`: `.missingTensor` or `.shapeMismatch`.
    package mutating func load(_ tensors: [String: Safetensors.Tensor], file: String) throws(ModelFileError) {
        var p: [Float] = []
        p.reserveCapacity(parameters.count)
        for (name, shape) in shape.layout {
            guard let t = tensors[name] else { throw ModelFileError(file: file, .missingTensor(name)) }
            guard t.shape == shape else { throw ModelFileError(file: file, .shapeMismatch(what: "tensor \(name)", found: t.shape, expected: shape)) }
            p += t.values
        }
        parameters = p
        if let m = tensors["input.mean"]?.values.first, let s = tensors["input.scale"]?.values.first { inputMean = m; inputScale = s }
    }

    /// The value of a silent frame (the log-mel floor, -100 dB).
    static let silenceDB: Float = -100

    /// Feature-space augmentation of one chunk (`frames x melBins`): a gain of `gain` dB and a
    /// tilt rising linearly from `-tilt/2` dB at the lowest mel bin to `+tilt/2` at the highest;
    /// nothing goes below the silence floor.
    static func augment(_ x: inout [Float], range: Range<Int>, bins: Int, gain: Float, tilt: Float, curve: [Float]? = nil) {
        for i in range {
            let b = (i - range.lowerBound) % bins
            x[i] = max(x[i] + gain + tilt * (Float(b) / Float(max(bins - 1, 1)) - 0.5) + (curve?[b] ?? 0), silenceDB)
        }
    }

    /// A noise floor added to one chunk's cells in `range` (`frames x bins` dB values): power
    /// `10^((level + tilt (b / (bins - 1) - 1/2)) / 10)` per bin b, times a factor drawn uniformly in
    /// 0.5...1.5 per cell, added to each cell's power.
    static func addNoise(_ x: inout [Float], range: Range<Int>, bins: Int, levelDB: Float, tiltDB: Float, rng: inout SeededGenerator) {
        let base = (0..<bins).map { b in powf(10, (levelDB + tiltDB * (Float(b) / Float(max(bins - 1, 1)) - 0.5)) / 10) }
        for i in range {
            let noise = base[(i - range.lowerBound) % bins] * Float(0.5 + rng.nextUnitDouble())
            x[i] = max(10 * log10f(powf(10, x[i] / 10) + noise), silenceDB)
        }
    }

    /// A random smooth equaliser over `bins` mel bins (dB): the sum of three cosines of 0.5 to 3
    /// cycles across the bins with random phases and weights, scaled so that its largest
    /// excursion is `maxDB` (`PianoScribeTrainingOptions.eqDB`).
    static func randomEqualiser(bins: Int, maxDB: Float, rng: inout SeededGenerator) -> [Float] {
        var curve = [Float](repeating: 0, count: bins)
        for _ in 0..<3 {
            let cycles = 0.5 + 2.5 * rng.nextUnitDouble()
            let phase = 2 * Double.pi * rng.nextUnitDouble()
            let weight = Float(rng.nextUnitDouble() * 2 - 1)
            let step = 2 * Double.pi * cycles / Double(max(bins - 1, 1))
            for b in 0..<bins {
                let angle: Double = step * Double(b) + phase
                curve[b] += weight * Float(Foundation.cos(angle))
            }
        }
        let largest = curve.map(abs).max() ?? 0
        guard largest > 0 else { return curve }
        return curve.map { $0 * maxDB / largest }
    }

    package func trainingPass(_ batch: PianoChunkBatch, at step: TrainingStep, state: inout Void, options: PianoScribeTrainingOptions,
                              rng: inout SeededGenerator, gradient: inout [Float]) -> LossTotals {
        let c = shape.contextFrames, bins = shape.melBins, inputFrames = batch.frames + 2 * c
        var (x, targets) = batch.materialize(context: c, silenceDB: Self.silenceDB)
        for i in batch.chunks.indices {
            let gain = Float(rng.nextUnitDouble() * 2 - 1) * options.gainDB
            let tilt = Float(rng.nextUnitDouble() * 2 - 1) * options.tiltDB
            let size = inputFrames * bins
            let eq = options.eqDB ?? 0
            let curve = eq > 0 ? Self.randomEqualiser(bins: bins, maxDB: eq, rng: &rng) : nil
            Self.augment(&x, range: (i * size)..<((i + 1) * size), bins: bins, gain: gain, tilt: tilt, curve: curve)
            if let noise = options.noiseDB, rng.next() % 2 == 0 {
                let level = noise - 30 * Float(rng.nextUnitDouble()), noiseTilt = Float(rng.nextUnitDouble() * 2 - 1) * 10
                Self.addNoise(&x, range: (i * size)..<((i + 1) * size), bins: bins, levelDB: level, tiltDB: noiseTilt, rng: &rng)
            }
        }
        let f = forward(x, batch: batch.chunks.count, inputFrames: inputFrames)
        let (losses, dOn, dFr, dOff, dVel, dPedal) = Self.losses(f, targets, velocityWeight: options.velocityWeight,
                                                                 onsetPositiveWeight: options.onsetPositiveWeight ?? 1,
                                                                 framePositiveWeight: options.framePositiveWeight ?? 1,
                                                                 pedalWeight: options.pedalWeight ?? 1)
        let g = backward(f, onset: dOn, frame: dFr, offset: dOff, velocity: dVel, pedal: dPedal)
        for k in gradient.indices { gradient[k] += g[k] }
        let rows = f.batch * f.outputFrames
        return LossTotals(total: losses.total * Double(rows), count: rows)
    }

    /// The summed loss over the examples' frames (no augmentation); `correct` counts frames whose
    /// 88 frame predictions (at 0.5) are all right.
    package func score(_ examples: [PianoChunkBatch]) -> LossTotals {
        var totals = LossTotals()
        let c = shape.contextFrames
        for batch in examples {
            let (x, targets) = batch.materialize(context: c, silenceDB: Self.silenceDB)
            let f = forward(x, batch: batch.chunks.count, inputFrames: batch.frames + 2 * c)
            let (losses, _, _, _, _, _) = Self.losses(f, targets, velocityWeight: 1)
            let rows = f.batch * f.outputFrames, k = PianoScribeShape.keys
            var correct = 0
            for r in 0..<rows {
                var ok = true
                for j in 0..<k where (f.frame[r * k + j] > 0) != (targets.frame[r * k + j] > 0.5) { ok = false; break }
                if ok { correct += 1 }
            }
            totals.total += losses.total * Double(rows)
            totals.count += rows
            totals.correct += correct
        }
        return totals
    }
}

extension PianoScribeNetwork {
    /// Takes `other`'s weights for every layer of the same name and shape (`shape.layout`), and its
    /// input normalisation; the other layers keep theirs. When this network's onset and offset heads
    /// read more frames than `other`'s (a larger `headContext`, the same `hidden`), `other`'s head
    /// weights go to the middle frames of the wider window and the frames outside get zeros, so the
    /// heads start computing what `other`'s did; narrower heads keep their own (new) weights.
    package mutating func adopt(_ other: PianoScribeNetwork) {
        let theirs = other.namedTensors()
        let widened = other.shape.hidden == shape.hidden && other.shape.headContext < shape.headContext
        var at = 0
        for (name, tensorShape) in shape.layout {
            let n = tensorShape.reduce(1, *)
            if let t = theirs[name] {
                if t.shape == tensorShape {
                    parameters.replaceSubrange(at..<(at + n), with: t.values)
                } else if widened, name == "onset.weight" || name == "offset.weight", t.shape[1] == tensorShape[1] {
                    // Rows are (frame, unit) in order: theirs start `headContext` difference frames in.
                    let start = (shape.headContext - other.shape.headContext) * shape.hidden * tensorShape[1]
                    var w = [Float](repeating: 0, count: n)
                    w.replaceSubrange(start..<(start + t.values.count), with: t.values)
                    parameters.replaceSubrange(at..<(at + n), with: w)
                }
            }
            at += n
        }
        inputMean = other.inputMean
        inputScale = other.inputScale
    }
}
