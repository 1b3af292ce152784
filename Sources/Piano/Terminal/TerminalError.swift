/// Why the terminal could not be put in raw mode; `description` is the message shown.
package enum TerminalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Standard input is not a TTY.
    case notATerminal
    /// `tcgetattr` failed; `reason` is `strerror(errno)`.
    case cannotReadSettings(reason: String)
    /// `tcsetattr` failed; `reason` is `strerror(errno)`.
    case cannotEnterRawMode(reason: String)

    package var description: String {
        switch self {
        case .notATerminal: return "the piano needs a terminal: standard input is not a TTY"
        case .cannotReadSettings(let reason): return "cannot read the terminal settings: \(reason)"
        case .cannotEnterRawMode(let reason): return "cannot put the terminal in raw mode: \(reason)"
        }
    }
}
