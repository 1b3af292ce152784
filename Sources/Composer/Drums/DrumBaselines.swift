import ModelKit
import Representations
import Foundation

/// Baseline: step-set frequencies of training grooves with add-one smoothing,
/// `P(s) = (c(s) + 1) / (N + 512)`, the same at every step.
package struct DrumUnigramModel: SequenceScorer, Sendable {
    /// P(step set), 512 values indexed by `DrumHits.rawValue`, summing to 1.
    package let probabilities: [Double]

    /// The unigram of raw step-set counts: `counts[s]` is how many steps of the training grooves
    /// struck the step set `s` (512 values, `DrumHits.rawValue` order; each is counted from 1 here).
    /// - Throws: `ParameterError` when `counts` does not have 512 values or one is negative.
    package init(counts: [Int]) throws(ParameterError) {
        guard counts.count == DrumHits.vocabularySize, counts.allSatisfy({ $0 >= 0 }) else {
            throw ParameterError("step-set counts", value: "\(counts.count) values", allowed: "\(DrumHits.vocabularySize) values, none negative")
        }
        let smoothed = counts.map { 1 + Double($0) }
        let total = smoothed.reduce(0, +)
        probabilities = smoothed.map { $0 / total }
    }

    /// The unigram of the step sets of every step of `training`.
    package init(training: [DrumGroove]) {
        try! self.init(counts: DrumUnigramModel.stepSetCounts(of: training))
    }

    /// How many steps of `grooves` struck each step set: 512 counts, `DrumHits.rawValue` order.
    package static func stepSetCounts(of grooves: [DrumGroove]) -> [Int] {
        var counts = [Int](repeating: 0, count: DrumHits.vocabularySize)
        for g in grooves { for s in g.steps { counts[s.rawValue] += 1 } }
        return counts
    }

    /// Scores every step of `grooves` under `probabilities`.
    package func score(_ grooves: [DrumGroove]) -> NLLReport {
        DrumUniformModel.score(grooves, probabilities)
    }
}

/// Baseline: every step set `1/512`, `ln 512` = 6.238 nats per step.
package struct DrumUniformModel: SequenceScorer, Sendable {
    package init() {}

    package func score(_ grooves: [DrumGroove]) -> NLLReport {
        DrumUniformModel.score(grooves, [Double](repeating: 1 / Double(DrumHits.vocabularySize), count: DrumHits.vocabularySize))
    }

    /// Every step of `grooves` scored under the same `probabilities`.
    static func score(_ grooves: [DrumGroove], _ probabilities: [Double]) -> NLLReport {
        var r = NLLReport()
        for g in grooves {
            r.sequences += 1
            for s in g.steps { r.add(distribution: probabilities, actual: s.rawValue) }
        }
        return r
    }
}
