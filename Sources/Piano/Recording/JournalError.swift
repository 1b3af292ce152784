import Foundation
import Music
import SMF

/// Why the recording journal could not be written or read; `description` is the message shown.
enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `open(2)` failed; `reason` is `strerror(errno)`.
    case cannotCreate(path: String, reason: String)
    /// `write(2)` failed; `reason` is `strerror(errno)`.
    case cannotAppend(path: String, reason: String)
    /// The file could not be read.
    case cannotRead(path: String)
    /// The file does not start with the journal's magic line.
    case notAJournal(path: String)

    var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "cannot create the recording journal \(path): \(reason)"
        case .cannotAppend(let path, let reason): return "cannot append to the recording journal \(path): \(reason)"
        case .cannotRead(let path): return "cannot read the recording journal \(path)"
        case .notAJournal(let path): return "\(path) is not a piano recording journal"
        }
    }
}
