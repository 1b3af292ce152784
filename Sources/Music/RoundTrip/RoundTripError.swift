#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
            return "\(differing) note(s) differ; a note moved by \(Self.milliseconds(maxDeviation * 1000)) ms, more than rounding allows"
        }
    }

    /// `value` with 3 decimals, as printf's "%.3f" writes it.
    private static func milliseconds(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.3f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
