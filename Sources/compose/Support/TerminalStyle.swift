import Foundation

/// Whether and how `compose` colours its output. Colour is used only when the stream is a
/// terminal, `TERM` is not `dumb`, and `NO_COLOR` is unset or empty (https://no-color.org);
/// `CLICOLOR_FORCE=1` forces colour on a pipe (for tests and pagers), but `NO_COLOR` still wins.
struct TerminalStyle: Sendable {
    let enabled: Bool

    /// The style for file descriptor `fd` (1 = stdout, 2 = stderr) in this process's environment.
    init(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        enabled = TerminalStyle.colourAllowed(isTerminal: isatty(fd) == 1, environment: environment)
    }

    static func colourAllowed(isTerminal: Bool, environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if let force = environment["CLICOLOR_FORCE"], !force.isEmpty, force != "0" { return true }
        return isTerminal && environment["TERM"] != "dumb"
    }

    static let standardError = TerminalStyle(fd: 2)
    static let standardOutput = TerminalStyle(fd: 1)

    func red(_ s: String) -> String { paint(s, "31") }
    func green(_ s: String) -> String { paint(s, "32") }
    func yellow(_ s: String) -> String { paint(s, "33") }
    func bold(_ s: String) -> String { paint(s, "1") }

    private func paint(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
