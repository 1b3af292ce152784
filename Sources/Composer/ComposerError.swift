import Music

/// A composition or training request the Composer models cannot fulfil. Parameters out of range
/// are `ParameterError` (ModelKit) and unusable model files `ModelFileError` (ModelKit); this type
/// holds the rest, each case with the facts of the failure.
public enum ComposerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primer does not leave room for the closing note: it lasts `primerSteps` 16th-note
    /// steps, and at most `availableSteps` fit before the close.
    case primerTooLong(primerSteps: Int, availableSteps: Int)
    /// A drum primer of `primerBars` bars that is not shorter than the groove of `grooveBars` bars.
    case primerFillsGroove(primerBars: Int, grooveBars: Int)
    /// A drum primer in another meter than the groove.
    case primerMeterMismatch(primer: Meter, groove: Meter)
    /// The model has no training tunes in the requested mode ("major", "minor", "major or minor").
    case noTrainingData(mode: String)
    /// Training was asked for with no examples at all; `kind` is what was missing ("tunes", "grooves").
    case noTrainingExamples(kind: String)
    /// A score with no melody to work on: no notes off the drum channel.
    case noMelody
    /// A phrase to continue that has no notes, only rests.
    case emptyPhrase
    /// Piano Genie buttons and rhythm of different lengths: one button per rhythm note.
    case buttonCountMismatch(buttons: Int, rhythmNotes: Int)
    /// A drum style the learned openings (`DrumOpenings`) do not hold; `known` lists those they do.
    case unknownStyle(String, known: [String])

    public var description: String {
        switch self {
        case .primerTooLong(let p, let a): return "primer lasts \(p) 16th-note steps; at most \(a) fit before the closing note"
        case .primerFillsGroove(let p, let g): return "the primer has \(p) bar(s); the groove (\(g) bars) must be longer"
        case .primerMeterMismatch(let p, let g): return "the primer is in \(p), the groove in \(g)"
        case .noTrainingData(let m): return "the model has no \(m) tunes to compose from"
        case .noTrainingExamples(let kind): return "no training \(kind)"
        case .noMelody: return "no melody: the file has no notes off the drum channel"
        case .emptyPhrase: return "the phrase has no notes to continue"
        case .buttonCountMismatch(let b, let n): return "\(b) buttons but the rhythm has \(n) notes"
        case .unknownStyle(let s, let known): return "no drum style \"\(s)\" (styles: \(known.joined(separator: ", ")))"
        }
    }
}
