import ArgumentParser
import Foundation

extension Compose {
    /// Parses and runs the command like ArgumentParser's own `main()`, but maps the errors a
    /// command throws to exit statuses by kind (`ExitStatus`) and prints each as one line,
    /// `Error: <file>: <problem>`. Parsing errors, --help and --version keep ArgumentParser's own
    /// handling; a `ValidationError` thrown while running is a usage error (64) on one line.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            reportAndExit(error)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // ExitCode, CleanExit, and the help request of `compose help SUB` / `compose SUB --help`.
            exit(withError: error)
        } catch {
            reportAndExit(error)
        }
    }

    /// Prints `Error: <message>` (red on a colour terminal) and exits with the error's status.
    static func reportAndExit(_ error: Error) -> Never {
        let style = TerminalStyle.standardError
        printError(style.red("Error:") + " " + ExitStatus.message(for: error))
        Foundation.exit(ExitStatus.of(error).rawValue)
    }
}
