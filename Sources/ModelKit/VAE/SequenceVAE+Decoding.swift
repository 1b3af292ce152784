import Foundation

extension SequenceVAE {
    /// What a teacher-forced decoder pass computed, kept for the backward pass.
    struct DecoderTape {
        /// Each layer's input (`batch x time x inputSize`) and tape.
        var inputs: [[Float]]
        var tapes: [LSTMLayer.Tape]
        /// The initial states' pre-activations (`batch x 2 layers H`).
        var initialPre: [Float]
        /// `batch*time x classes` logits.
        var logits: [Float]
    }

    /// The decoder over `targets` (one length `time`) from `z`, each step reading the previous
    /// target (teacher forcing). `keep[b * time + t]` false replaces step t's previous-class
    /// features by zeros (input dropout; nil keeps all).
    func decodeTeacherForced(_ targets: [[Int32]], z: [Float], keep: [Bool]? = nil) -> DecoderTape {
        let B = targets.count, T = targets.first?.count ?? 0
        let F = shape.featureSize, Z = shape.latentSize, I = F + Z, V = shape.classes
        var input = [Float](repeating: 0, count: B * T * I)
        input.withUnsafeMutableBufferPointer { ib in
            let p = ib.baseAddress!
            for b in 0..<B {
                for t in 0..<T {
                    let row = p + (b * T + t) * I
                    if t > 0 && (keep?[b * T + t] ?? true) { shape.features.write(Int(targets[b][t - 1]), classes: V, into: row) }
                    for k in 0..<Z { row[F + k] = z[b * Z + k] }
                }
            }
        }
        let (pre, states) = initialStates(z, batch: B)
        var inputs: [[Float]] = [], tapes: [LSTMLayer.Tape] = []
        var x = input
        for (l, layer) in decoder.enumerated() {
            let tape = layer.forward(x, batch: B, time: T, initial: states[l])
            inputs.append(x)
            tapes.append(tape)
            x = tape.outputs
        }
        let logits = output.forward(x, batch: B * T)
        return DecoderTape(inputs: inputs, tapes: tapes, initialPre: pre, logits: logits)
    }

    /// Decodes `batch` latent codes (`z`: `batch x Z`) into sequences of `steps` classes, one
    /// step at a time, each step reading the class chosen at the step before: the most likely
    /// class when `temperature` is nil or 0 (greedy), else a draw from the softmax at that
    /// temperature (from `rng`).
    /// - Returns: `batch` sequences of `steps` classes.
    public func decode(_ z: [Float], batch B: Int, steps T: Int, temperature: Double? = nil, rng: inout SeededGenerator) -> [[Int32]] {
        let F = shape.featureSize, Z = shape.latentSize, I = F + Z, V = shape.classes
        precondition(z.count == B * Z && T >= 1, "SequenceVAE.decode: z is not \(B) x \(Z)")
        var states = initialStates(z, batch: B).states
        var result = [[Int32]](repeating: [], count: B)
        var previous = [Int](repeating: -1, count: B)
        for _ in 0..<T {
            var x = [Float](repeating: 0, count: B * I)
            x.withUnsafeMutableBufferPointer { xb in
                for b in 0..<B {
                    let row = xb.baseAddress! + b * I
                    if previous[b] >= 0 { shape.features.write(previous[b], classes: V, into: row) }
                    for k in 0..<Z { row[F + k] = z[b * Z + k] }
                }
            }
            for l in decoder.indices {
                decoder[l].step(x, batch: B, state: &states[l])
                x = states[l].h
            }
            let logits = output.forward(x, batch: B)
            for b in 0..<B {
                let row = logits[(b * V)..<((b + 1) * V)]
                let c: Int
                if let temperature, temperature > 0 {
                    let top = row.max()!
                    var p = row.map { exp(Double($0 - top)) }
                    let sum = p.reduce(0, +)
                    for k in p.indices { p[k] /= sum }
                    c = drawTempered(p, temperature: temperature, topP: 1, rng: &rng)
                } else {
                    c = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! - b * V
                }
                previous[b] = c
                result[b].append(Int32(c))
            }
        }
        return result
    }

    /// Teacher-forced scores of `sequences` (one length) decoded from `z` (`batch x Z`; the
    /// encoder means for a reconstruction score): per sequence, the summed -ln P(class) over its
    /// steps in nats, and the number of steps whose most likely class is the true one.
    public func teacherForcedScores(_ sequences: [[Int32]], z: [Float]) -> [(nats: Double, correct: Int)] {
        let B = sequences.count, T = sequences.first?.count ?? 0, V = shape.classes
        precondition(z.count == B * shape.latentSize, "SequenceVAE.teacherForcedScores: z is not \(B) x \(shape.latentSize)")
        let tape = decodeTeacherForced(sequences, z: z)
        return (0..<B).map { b in
            var nats = 0.0, correct = 0
            for t in 0..<T {
                let base = (b * T + t) * V
                let row = tape.logits[base ..< base + V]
                let top = row.max()!
                let sum = row.reduce(0.0) { $0 + exp(Double($1 - top)) }
                let target = Int(sequences[b][t])
                nats -= Double(row[base + target] - top) - log(sum)
                if row[base + target] == top { correct += 1 }
            }
            return (nats, correct)
        }
    }
}
