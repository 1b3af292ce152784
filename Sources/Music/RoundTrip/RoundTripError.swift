import Foundation

/// Why a converted MIDI file does not hold the notes of its source (`RoundTripCheck`).
public enum RoundTripError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The copy holds `difference` more notes than the source (fewer when negative).
    case noteCountChanged(difference: Int)
    /// `differing` notes of the source have no counterpart within the rounding tolerance in the
    /// copy; the largest deviation of a pair of the same channel, pitch and velocity was
    /// `maxDeviation` seconds.
    case notesMoved(differing: Int, maxDeviation: Double)

    public var description: String {
        switch self {
        case .noteCountChanged(let difference):
            return "the output holds \(difference > 0 ? "+" : "")\(difference) note(s) compared with the input"
        case .notesMoved(let differing, let maxDeviation):
            return String(format: "%d note(s) differ; a note moved by %.3f ms, more than rounding allows", differing, maxDeviation * 1000)
        }
    }
}
