import ArgumentParser
import ModelKit

/// The command-line options of the parameters the libraries name in `ParameterError`, so that a
/// value out of range is reported with the option the user typed.
enum ParameterOption {
    static let byParameter: [String: String] = [
        "bars": "--bars", "tempo": "--tempo", "temperature": "--temperature", "topP": "--top-p",
        "beamSize": "--beam-size", "branchFactor": "--branch-factor", "chordsPerBar": "--chords-per-bar",
        "order": "--order", "orders": "--orders", "button": "--buttons",
        "size": "--size", "steps": "--steps", "count": "--count",
    ]

    /// "--bars must be 1...1000, got 0" for a parameter with an option; nil for others.
    static func message(for error: ParameterError) -> String? {
        guard let option = byParameter[error.name] else { return nil }
        let interval = error.allowed.first.map { "([".contains($0) } ?? false
        return "\(option) must be \(interval ? "in " : "")\(error.allowed), got \(error.value)"
    }
}

/// Runs the library's range checks from a command's `validate()`: a `ParameterError` becomes a
/// `ValidationError` (usage, 64) naming the option.
func validating(_ checks: () throws -> Void) throws {
    do {
        try checks()
    } catch let error as ParameterError {
        throw ValidationError(ParameterOption.message(for: error) ?? error.description)
    }
}
