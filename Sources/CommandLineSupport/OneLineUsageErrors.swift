import ArgumentParser
import Foundation

/// Usage errors as one line: ArgumentParser prints an error with the usage block and a hint
/// (three or four lines) and exits 1 for an error a `validate()` throws that is not a
/// `ValidationError`. Both executables parse with `parseReportingUsageErrors` instead: the message
/// alone, on one line, and exit status 64 (EX_USAGE) for every usage error. Help, `--version` and
/// completion scripts keep ArgumentParser's own output and status 0.
extension ParsableCommand {
    /// Parses `arguments` (without the program name; negative numbers joined to their options,
    /// `NegativeNumberArguments`) as the root command. On a usage error, calls `report` with the
    /// one-line message and exits with 64 (or the status an `ExitCode` thrown by `validate()` names).
    /// An argument that names a file starting with "-" is refused first (`DashFileArguments`).
    package static func parseReportingUsageErrors(_ arguments: [String], report: (String) -> Void) -> ParsableCommand {
        if let name = DashFileArguments.flagLikeFileName(in: arguments) {
            report(DashFileArguments.message(for: name))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            return try parseAsRoot(NegativeNumberArguments.joined(arguments))
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = usageMessage(for: error)
            if !message.isEmpty { report(message) }
            Foundation.exit(code == .failure ? ExitCode.validationFailure.rawValue : code.rawValue)
        }
    }

    /// ArgumentParser's message for a parsing or validation error, folded onto one line.
    package static func usageMessage(for error: Error) -> String {
        message(for: error).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
