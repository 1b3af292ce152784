import Representations
import Foundation

/// What `DrumEvaluation.run` measured: each drum model's negative log-likelihood of the held-out
/// grooves' step sets against a unigram and a uniform baseline, and the primer test.
public struct DrumEvaluationReport: Codable, Sendable {
    /// One model's scores.
    public struct NLLRow: Codable, Sendable {
        public var model: String
        /// Nats per 16th-note step (512 step sets).
        public var natsPerStep: Double
        /// Fraction (0...1) of steps whose most likely step set was the actual one.
        public var accuracy: Double
        /// `1 - natsPerStep / unigram's natsPerStep` (0 for the unigram itself); nil when there is
        /// no unigram baseline (no training grooves known).
        public var belowUnigram: Double?
        public var note: String?
    }

    /// Continuations of one source (the corpus's own next bars, or a model's) in the primer test.
    public struct GrooveRow: Codable, Sendable {
        public var source: String
        /// Bars compared with their primer bar.
        public var bars: Int
        /// `DrumMetrics.Continuation` means (0...1).
        public var agreement: Double
        public var overlap: Double
        public var verbatimShare: Double
        /// Mean onsets per bar by `DrumClass.name`.
        public var hitsPerBar: [String: Double]
        /// Mean LHL syncopation per bar of kick and snare.
        public var syncopation: Double
        /// Generated steps per second of wall time (models only).
        public var stepsPerSecond: Double?
    }

    /// The corpus folder's name.
    public var corpus: String
    /// Which grooves were scored, and where the unigram's counts come from, in words.
    public var split: String
    /// Grooves scored per `info.csv` split ("validation", "test"), or under "held-out" for a
    /// seeded split of a folder without one.
    public var scoredSplits: [String: Int]
    /// Grooves and 16th-note steps scored.
    public var grooves: Int
    public var steps: Int
    public var nll: [NLLRow]
    /// One-bar primers of the primer test.
    public var primers: Int
    public var continuation: [GrooveRow]

    /// The report as the tables `compose evaluate drums` prints; `following` is the number of bars
    /// generated after each primer.
    public func text(following: Int) -> String {
        var lines = ["\(corpus): \(split)", "\(grooves) grooves, \(steps) steps (16th notes); 512 step sets (9 drums)\n"]
        let width = max(24, nll.map(\.model.count).max() ?? 24)
        lines.append("model".padded(width) + "  nats/step  vs unigram  accuracy")
        for r in nll {
            let below = r.belowUnigram.map { String(format: "%+9.1f%%", $0 == 0 ? 0.0 : -$0 * 100) } ?? "         -"
            lines.append(r.model.padded(width) + String(format: "  %9.4f  %@  %7.2f%%", r.natsPerStep, below, r.accuracy * 100)
                         + (r.note.map { "   " + $0 } ?? ""))
        }
        lines.append("\nPrimer test: \(primers) one-bar primers from the held-out grooves, \(following) bars after each")
        let names = DrumClass.allCases.map(\.name)
        let w2 = max(34, continuation.map(\.source.count).max() ?? 34)
        lines.append("source".padded(w2) + "  agreement  overlap  verbatim  syncopation  hits per bar: " + names.joined(separator: " "))
        for g in continuation {
            lines.append(g.source.padded(w2)
                         + String(format: "  %8.1f%%  %6.1f%%  %7.1f%%  %11.2f  ", g.agreement * 100, g.overlap * 100, g.verbatimShare * 100, g.syncopation)
                         + names.map { String(format: "%.2f", g.hitsPerBar[$0] ?? 0) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
