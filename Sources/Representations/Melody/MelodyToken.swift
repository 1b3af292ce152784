import ModelKit
import Music
/// One event of an encoded melody on the 16th-note grid.
///
/// A melody is a sequence of note and rest tokens framed by `begin` and `end`:
/// - `note(offset:steps:)`: a note `offset` semitones above (or below, when negative) the key's
///   reference tonic (the tonic in MIDI octave 4, MIDI note `60 + tonic`), lasting `steps`
///   16th-note steps. `offset` is in `MelodyToken.offsetRange` (-12...24: from an octave below the
///   reference tonic to two octaves above it); pitches outside are folded in by octaves.
/// - `rest(steps:)`: silence lasting `steps` 16th-note steps.
/// - `steps` is in `1...MelodyToken.maxSteps` (16 = a whole note in 4/4). Longer notes are encoded
///   as the note for `maxSteps` followed by rests; longer rests as several rests.
///
/// Tokens have dense integer ids (`id`, `init(id:)`): the `vocabularySize` (609) predictable tokens
/// `end` = 0, `rest(1...16)` = 1...16, `note(-12...24, 1...16)` = 17...608; and `begin` = 609,
/// which is only ever context, never predicted.
public enum MelodyToken: Hashable, Sendable, CustomStringConvertible {
    /// Start of a sequence (context only).
    case begin
    /// End of a sequence.
    case end
    /// A note: semitones from the reference tonic, and duration in 16th-note steps.
    case note(offset: Int, steps: Int)
    /// A rest of `steps` 16th-note steps.
    case rest(steps: Int)

    /// Semitone offsets from the reference tonic that a note token can carry.
    public static let offsetRange = -12...24
    /// The longest duration of one token, in 16th-note steps.
    public static let maxSteps = 16
    /// Number of tokens a model predicts: `end`, 16 rests, 37 x 16 notes.
    public static let vocabularySize = 1 + maxSteps + (offsetRange.count * maxSteps)
    /// The id of `begin` (one past the predictable ids).
    public static let beginID = vocabularySize

    /// The dense id: 0 ..< `vocabularySize` for predictable tokens, `beginID` for `begin`.
    /// Out-of-range offsets or steps are a programming error (checked with `precondition`).
    public var id: Int {
        switch self {
        case .begin: return MelodyToken.beginID
        case .end: return 0
        case .rest(let steps):
            precondition((1...MelodyToken.maxSteps).contains(steps), "rest steps \(steps) out of range")
            return steps
        case .note(let offset, let steps):
            precondition(MelodyToken.offsetRange.contains(offset), "offset \(offset) out of range")
            precondition((1...MelodyToken.maxSteps).contains(steps), "note steps \(steps) out of range")
            return 1 + MelodyToken.maxSteps + (offset - MelodyToken.offsetRange.lowerBound) * MelodyToken.maxSteps + steps - 1
        }
    }

    /// The token with a dense id, nil outside 0...`beginID`.
    public init?(id: Int) {
        switch id {
        case 0: self = .end
        case 1...MelodyToken.maxSteps: self = .rest(steps: id)
        case (1 + MelodyToken.maxSteps)..<MelodyToken.vocabularySize:
            let k = id - 1 - MelodyToken.maxSteps
            self = .note(offset: MelodyToken.offsetRange.lowerBound + k / MelodyToken.maxSteps,
                         steps: k % MelodyToken.maxSteps + 1)
        case MelodyToken.beginID: self = .begin
        default: return nil
        }
    }

    /// Duration in 16th-note steps (0 for `begin` and `end`).
    public var steps: Int {
        switch self {
        case .begin, .end: return 0
        case .note(_, let s), .rest(let s): return s
        }
    }

    /// Whether this is a note token.
    public var isNote: Bool {
        if case .note = self { return true }
        return false
    }

    /// Text form used in model files: `7/2` (offset 7, 2 steps), `-5/4`, `r4` (rest, 4 steps),
    /// `<s>` (begin), `</s>` (end).
    public var description: String {
        switch self {
        case .begin: return "<s>"
        case .end: return "</s>"
        case .rest(let s): return "r\(s)"
        case .note(let o, let s): return "\(o)/\(s)"
        }
    }

    /// Parses the text form written by `description`; nil if malformed or out of range.
    public init?(text: Substring) {
        switch text {
        case "<s>": self = .begin
        case "</s>": self = .end
        default:
            if text.first == "r" {
                guard let s = Int(text.dropFirst()), (1...MelodyToken.maxSteps).contains(s) else { return nil }
                self = .rest(steps: s)
            } else {
                let parts = text.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, let o = Int(parts[0]), let s = Int(parts[1]),
                      MelodyToken.offsetRange.contains(o), (1...MelodyToken.maxSteps).contains(s) else { return nil }
                self = .note(offset: o, steps: s)
            }
        }
    }

    /// Folds a semitone offset into `offsetRange` by whole octaves.
    public static func fold(offset: Int) -> Int {
        var o = offset
        while o < offsetRange.lowerBound { o += 12 }
        while o > offsetRange.upperBound { o -= 12 }
        return o
    }
}
