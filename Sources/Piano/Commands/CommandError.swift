/// Why a command line was not understood; `message` is shown at the bottom of the screen.
struct CommandError: Error, Sendable, Hashable {
    let message: String
    init(_ message: String) { self.message = message }
}
