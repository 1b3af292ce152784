import Foundation

/// What `MelodyEvaluation.run` measured: every melody model's negative log-likelihood of the same
/// tunes in the per-step event encoding, and the MGEval comparison of generated melodies with them.
public struct MelodyEvaluationReport: Codable, Sendable {
    /// One model's scores.
    public struct NLLRow: Codable, Sendable {
        public var model: String
        /// Nats per 16th-note step event.
        public var natsPerStep: Double
        /// Total nats per note-on (the steps between onsets are charged to the notes).
        public var natsPerNote: Double
        /// Fraction (0...1) of steps whose most likely event was the actual one.
        public var accuracy: Double
        /// The Markov model's own token NLL (nats per token), for reference; nil for step models.
        public var natsPerToken: Double?
        /// Where the model comes from and what it may have seen.
        public var note: String?
    }

    /// One model's generated melodies against the scored tunes.
    public struct MGEvalRow: Codable, Sendable {
        public var model: String
        public var melodies: Int
        /// 16th-note steps generated per second of wall time.
        public var stepsPerSecond: Double
        package var metrics: [MelodyMetrics.Comparison]
    }

    /// The corpus folder's name.
    public var corpus: String
    /// Tunes scored.
    public var tunes: Int
    /// Their 16th-note steps and note-ons.
    public var steps: Int
    public var notes: Int
    /// Which tunes were scored and what trained the baselines, in words.
    public var split: String
    public var nll: [NLLRow]
    /// Empty when generation was not asked for.
    public var mgeval: [MGEvalRow]

    /// The report as the tables `compose evaluate melody` prints.
    public var text: String {
        var lines = ["\(corpus): \(split)",
                     "\(counted(tunes, "tune")), \(steps) steps (16th notes), \(counted(notes, "note")); per-step event encoding (39 events)\n"]
        let width = max(20, nll.map(\.model.count).max() ?? 20)
        lines.append("model".padded(width) + "  nats/step  nats/note  accuracy")
        for r in nll {
            lines.append(r.model.padded(width) + String(format: "  %9.4f  %9.4f  %7.2f%%", r.natsPerStep, r.natsPerNote, r.accuracy * 100)
                         + (r.note.map { "   " + $0 } ?? ""))
        }
        for g in mgeval {
            lines.append("\nMGEval, \(g.melodies) melodies by \(g.model) (\(Int(g.stepsPerSecond)) steps/s) vs the scored tunes:")
            lines.append("metric".padded(30) + "  kind    OA     KL     mean (tunes / generated)")
            for m in g.metrics {
                let means = m.referenceMean.map { String(format: "%.2f / %.2f", $0, m.generatedMean ?? .nan) } ?? ""
                lines.append(m.metric.padded(30) + String(format: "  %@  %.3f  %.3f  %@", m.isPitch ? "pitch " : "rhythm", m.overlap, m.kl, means))
            }
        }
        return lines.joined(separator: "\n")
    }
}
