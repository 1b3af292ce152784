import ModelKit
import Representations
import Foundation
import Music

// Scorers of tunes in the token encoding (`MelodyToken`): for each tune the model predicts every
// token after `begin`, including the final `end`; one `NLLReport` step per token
// (`natsPerStep` is then nats per token). Nats per 16th-note step or per note are the report's
// `totalNats` divided by the tunes' `steps` or `noteCount`.

extension NLLReport {
    /// Scores `tunes` token by token with `logProbability` (of a tune's tokens and its `end`):
    /// `tokens.count + 1` steps per tune, `correct` left 0.
    static func tokens(of tunes: [EncodedTune], logProbability: (EncodedTune) -> Double) -> NLLReport {
        var report = NLLReport()
        for tune in tunes {
            report.sequences += 1
            report.add(logProbability: logProbability(tune), steps: tune.tokens.count + 1)
        }
        return report
    }
}

extension MarkovMelodyModel: SequenceScorer {
    /// Negative log-likelihood of `tunes` token by token (`logProbability(of:)`), each under its
    /// own mode, meter and start position.
    public func score(_ tunes: [EncodedTune]) -> NLLReport { .tokens(of: tunes, logProbability: logProbability(of:)) }
}

/// Baseline: every predictable token equally likely, `ln(MelodyToken.vocabularySize)` nats each.
package struct UniformMelodyModel: SequenceScorer, Sendable {
    package init() {}
    package func logProbability(of tune: EncodedTune) -> Double {
        -Double(tune.tokens.count + 1) * log(Double(MelodyToken.vocabularySize))
    }

    package func score(_ tunes: [EncodedTune]) -> NLLReport { .tokens(of: tunes, logProbability: logProbability(of:)) }
}

/// Baseline: a unigram model per mode with add-one (Laplace) smoothing,
/// `P(w) = (c(w) + 1) / (N + V)` over the `V = MelodyToken.vocabularySize` predictable tokens,
/// counting the `end` token of each training tune.
package struct UnigramMelodyModel: SequenceScorer, Sendable {
    private var logProbabilities: [Key.Mode: [Double]] = [:]

    package init(training tunes: [EncodedTune]) {
        for mode in Key.Mode.allCases {
            var counts = [Double](repeating: 1, count: MelodyToken.vocabularySize)
            var total = Double(MelodyToken.vocabularySize)
            for tune in tunes where tune.key.mode == mode {
                for t in tune.tokens + [.end] { counts[t.id] += 1; total += 1 }
            }
            logProbabilities[mode] = counts.map { log($0 / total) }
        }
    }

    package func logProbability(of tune: EncodedTune) -> Double {
        let table = logProbabilities[tune.key.mode]!
        return (tune.tokens + [.end]).reduce(0) { $0 + table[$1.id] }
    }

    package func score(_ tunes: [EncodedTune]) -> NLLReport { .tokens(of: tunes, logProbability: logProbability(of:)) }
}
