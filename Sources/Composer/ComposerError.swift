import ModelKit
import Music
import Representations
/// An error from the Composer module.
public enum ComposerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An argument out of its documented range (order, vocabulary, discounts, bars, tempo, ...).
    case invalidArgument(String)
    /// Primer text that does not parse, e.g. "H4"; `token` is the offending word.
    case invalidPrimer(token: String, reason: String)
    /// The primer does not leave room for the closing note: `primerSteps` of `totalSteps`.
    case primerTooLong(primerSteps: Int, availableSteps: Int)
    /// The model has no training tunes in the requested mode.
    case noTrainingData(mode: String)
    /// A corpus folder with no readable melody files.
    case emptyCorpus(path: String)
    /// A model file that is not valid (wrong format name, malformed tokens, ...).
    case invalidModelFile(String)

    public var description: String {
        switch self {
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .invalidPrimer(let t, let r): return "invalid primer note \"\(t)\": \(r)"
        case .primerTooLong(let p, let a): return "primer lasts \(p) 16th-note steps; at most \(a) fit before the closing note"
        case .noTrainingData(let m): return "the model has no \(m) tunes to compose from"
        case .emptyCorpus(let p): return "no readable .mid/.midi melody files under \(p)"
        case .invalidModelFile(let s): return "invalid model file: \(s)"
        }
    }
}
