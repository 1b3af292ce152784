import Foundation

/// A file whose name starts with "-" (`-take.wav`): ArgumentParser reads such an argument as a
/// cluster of short flags (`-t -a -k -e ...`), so `compose transcribe -take.wav` would print the help
/// (its `h`) or name an unknown option, never the file. Both executables refuse it first with a
/// usage error that says how to name the file: `./-take.wav`, or after `--` (the end of the
/// options: every argument after it is a file, as ArgumentParser reads it).
package enum DashFileArguments {
    /// The first argument before `--` that starts with one "-" and looks like a file name (it has
    /// a character no short flag has, such as "." or "/", or a file or folder of that name exists),
    /// or nil. Negative numbers (`-1`, `-0.5`) and flags such as `-q` are not file names.
    package static func flagLikeFileName(in arguments: [String],
                                         exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2,
                  !NegativeNumberArguments.isNegativeNumber(argument) else { continue }
            if !argument.dropFirst().allSatisfy({ $0.isASCII && $0.isLetter }) || exists(argument) { return argument }
        }
        return nil
    }

    /// The one-line usage error for `name`.
    package static func message(for name: String) -> String {
        "'\(name)' starts with '-', so it would be read as options: to name the file, write ./\(name), "
            + "or put it after -- (with the options before it)"
    }
}
