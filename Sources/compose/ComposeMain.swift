import ArgumentParser
import CommandLineSupport
import Foundation

extension Compose {
    /// Parses and runs the command like ArgumentParser's own `main()`, but maps the errors a
    /// command throws to exit statuses by kind (`ExitStatus`) and prints each as one line,
    /// `Error: <file>: <problem>`. Usage errors (an unknown option, a missing or bad value, a
    /// failed `validate()`) are one line too, `Error: <message>`, with exit status 64; a negative
    /// number is a value (`--gain -1`, `NegativeNumberArguments`). --help and --version keep
    /// ArgumentParser's own handling; a `ValidationError` thrown while running is a usage error (64).
    static func main() {
        var command = parseReportingUsageErrors(Array(CommandLine.arguments.dropFirst())) { message in
            printError(TerminalStyle.standardError.red("Error:") + " " + ExitStatus.oneLine(message))
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
