/// The tolerances of note matching, with mir_eval's defaults (`mir_eval.transcription.match_notes`,
/// `mir_eval.transcription_velocity.match_notes`, version 0.8.2).
public struct NoteTolerances: Sendable, Hashable, Codable {
    /// Largest onset difference in seconds (default 0.05).
    public var onset: Double = 0.05
    /// Largest pitch difference in cents (default 50).
    public var pitchCents: Double = 50
    /// Offset tolerance as a share of the reference note's duration (default 0.2); nil ignores
    /// offsets (onset-only matching).
    public var offsetRatio: Double? = 0.2
    /// The smallest offset tolerance in seconds (default 0.05): a note's offset tolerance is
    /// `max(offsetMinimum, offsetRatio * reference duration)`.
    public var offsetMinimum: Double = 0.05
    /// Largest difference of rescaled velocities, 0...1 (default 0.1; velocity metrics only).
    public var velocity: Double = 0.1
    /// Compare with `<` instead of `<=` (mir_eval's `strict`, default false).
    public var strict = false

    public init() {}

    /// The onset-only tolerances (offsets ignored).
    public static var onsetOnly: NoteTolerances { var t = NoteTolerances(); t.offsetRatio = nil; return t }
    /// The onset and offset tolerances (mir_eval's defaults).
    public static var onsetAndOffset: NoteTolerances { NoteTolerances() }

    /// `difference` within `tolerance`: `<` when `strict`, else `<=`.
    var within: (Double, Double) -> Bool { strict ? { $0 < $1 } : { $0 <= $1 } }
}
