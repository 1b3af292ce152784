/// Lets an option take a negative number as its value (`--gain -1`, `--transpose -3`).
///
/// ArgumentParser reads any argument that starts with "-" as an option, so `--bars -1` is reported
/// as "Missing value for '--bars <bars>'", and the value the user typed is never named. Both
/// executables pass their arguments through `joined(_:)` first: a long option without `=` followed
/// by an argument that starts like a negative number becomes one argument, `--bars=-1`, which ArgumentParser
/// parses as the option's value. The option's own checks then name it (`--bars must be 1...1000,
/// got -1`); a flag given a number is refused as taking no value. Nothing else changes: short flags
/// (`-q`), arguments after `--`, and numbers not after a long option are left as they are.
package enum NegativeNumberArguments {
    /// `arguments` (without the program name) with each `--name -N` joined into `--name=-N`.
    package static func joined(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result.append(contentsOf: arguments[index...])
                break
            }
            if isLongOptionWithoutValue(argument), index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// "--name" (letters, digits and dashes after the two dashes), not "--name=value" nor "--".
    static func isLongOptionWithoutValue(_ argument: String) -> Bool {
        guard argument.hasPrefix("--"), argument.count > 2 else { return false }
        return argument.dropFirst(2).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    /// A value that starts with a minus sign and a number: "-1", "-0.5", "-.5", "-1e3", "-1/3"
    /// (a `--shard` given a negative index), and "-inf", "-nan". No option of ours starts so.
    static func isNegativeNumber(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        let rest = argument.dropFirst()
        if rest.first!.isASCII && rest.first!.isNumber { return true }
        if rest.first == ".", rest.dropFirst().first.map({ $0.isASCII && $0.isNumber }) == true { return true }
        return ["inf", "infinity", "nan"].contains(rest.lowercased())
    }
}
