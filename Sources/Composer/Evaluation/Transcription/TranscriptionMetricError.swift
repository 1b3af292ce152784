/// Notes that mir_eval refuses to score (`mir_eval.transcription.validate`,
/// `mir_eval.util.validate_intervals`, `mir_eval.transcription_velocity.validate`), with the facts.
public enum TranscriptionMetricError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which of the two note lists holds the bad note.
    public enum Side: String, Sendable, Hashable, Codable {
        case reference, estimate
    }

    /// A note with a negative onset or offset (seconds).
    case negativeTime(side: Side, index: Int, onset: Double, offset: Double)
    /// A note whose offset is not after its onset (mir_eval: "All interval durations must be strictly positive").
    case nonPositiveDuration(side: Side, index: Int, onset: Double, offset: Double)
    /// A note whose frequency is not above 0 Hz.
    case nonPositivePitch(side: Side, index: Int, frequency: Double)
    /// A note with a negative velocity (velocity metrics only).
    case negativeVelocity(side: Side, index: Int, velocity: Double)

    public var description: String {
        switch self {
        case let .negativeTime(side, index, onset, offset):
            return "\(side.rawValue) note \(index): negative time (onset \(onset) s, offset \(offset) s)"
        case let .nonPositiveDuration(side, index, onset, offset):
            return "\(side.rawValue) note \(index): offset \(offset) s is not after onset \(onset) s (mir_eval needs a positive duration)"
        case let .nonPositivePitch(side, index, frequency):
            return "\(side.rawValue) note \(index): pitch \(frequency) Hz is not positive"
        case let .negativeVelocity(side, index, velocity):
            return "\(side.rawValue) note \(index): negative velocity \(velocity)"
        }
    }
}
