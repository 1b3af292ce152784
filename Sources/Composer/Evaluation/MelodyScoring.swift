import ModelKit
import Representations
import Foundation
import Music

/// Negative log-likelihood of held-out tunes, in nats (natural logarithm).
///
/// For each tune the model predicts every token after `begin`, including the final `end`; the
/// total is the sum of `-ln P(token | context)`. The same total is then divided three ways, so
/// models with other encodings can be compared on at least one of them.
public struct NLLReport: Hashable, Sendable, CustomStringConvertible {
    /// Number of tunes scored.
    public var tunes: Int
    /// Tokens predicted (notes, rests and one `end` per tune).
    public var tokens: Int
    /// Note tokens predicted.
    public var notes: Int
    /// 16th-note steps covered by the tunes.
    public var steps: Int
    /// Total negative log-likelihood in nats.
    public var totalNats: Double

    public init(tunes: Int = 0, tokens: Int = 0, notes: Int = 0, steps: Int = 0, totalNats: Double = 0) {
        self.tunes = tunes
        self.tokens = tokens
        self.notes = notes
        self.steps = steps
        self.totalNats = totalNats
    }

    /// Nats per predicted token (event): `totalNats / tokens`.
    public var natsPerToken: Double { totalNats / Double(max(tokens, 1)) }
    /// Nats per note: `totalNats / notes` (the cost of rests and `end` is charged to the notes).
    public var natsPerNote: Double { totalNats / Double(max(notes, 1)) }
    /// Nats per 16th-note step: `totalNats / steps` (comparable in units with step-based models
    /// such as Magenta's Melody RNN, although the events and the key conditioning differ).
    public var natsPerStep: Double { totalNats / Double(max(steps, 1)) }

    public var description: String {
        String(format: "%d tunes, %d tokens (%d notes, %d steps): %.4f nats/token, %.4f nats/note, %.4f nats/step",
               tunes, tokens, notes, steps, natsPerToken, natsPerNote, natsPerStep)
    }
}

/// A model that assigns probabilities to encoded tunes.
public protocol MelodyScoring {
    /// Natural-log probability of the tune's tokens (without `begin`/`end`; the model predicts the
    /// tokens and then `end`), given what the model may condition on: its key's mode, meter and
    /// start position.
    func logProbability(of tune: EncodedTune) -> Double
}

extension MelodyScoring {
    /// Negative log-likelihood of `tunes`, each scored with its own key's mode (and meter).
    public func evaluate(_ tunes: [EncodedTune]) -> NLLReport {
        var report = NLLReport()
        for tune in tunes {
            report.tunes += 1
            report.tokens += tune.tokens.count + 1
            report.notes += tune.noteCount
            report.steps += tune.steps
            report.totalNats -= logProbability(of: tune)
        }
        return report
    }
}

/// Baseline: every predictable token equally likely, `ln(MelodyToken.vocabularySize)` nats each.
public struct UniformMelodyModel: MelodyScoring, Sendable {
    public init() {}
    public func logProbability(of tune: EncodedTune) -> Double {
        -Double(tune.tokens.count + 1) * log(Double(MelodyToken.vocabularySize))
    }
}

/// Baseline: a unigram model per mode with add-one (Laplace) smoothing,
/// `P(w) = (c(w) + 1) / (N + V)` over the `V = MelodyToken.vocabularySize` predictable tokens,
/// counting the `end` token of each training tune.
public struct UnigramMelodyModel: MelodyScoring, Sendable {
    private var logProbabilities: [Key.Mode: [Double]] = [:]

    public init(training tunes: [EncodedTune]) {
        for mode in Key.Mode.allCases {
            var counts = [Double](repeating: 1, count: MelodyToken.vocabularySize)
            var total = Double(MelodyToken.vocabularySize)
            for tune in tunes where tune.key.mode == mode {
                for t in tune.tokens + [.end] { counts[t.id] += 1; total += 1 }
            }
            logProbabilities[mode] = counts.map { log($0 / total) }
        }
    }

    public func logProbability(of tune: EncodedTune) -> Double {
        let table = logProbabilities[tune.key.mode]!
        return (tune.tokens + [.end]).reduce(0) { $0 + table[$1.id] }
    }
}
