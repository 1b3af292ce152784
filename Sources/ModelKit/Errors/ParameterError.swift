/// A parameter outside the range a function documents: its name, the value given and the values
/// allowed, e.g. `order 9 is outside 1...8`. The ranges live with the code that checks them; the
/// command lines call the same checks from their `validate()`.
public struct ParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter, as the library names it (`order`, `temperature`, `top-p`, ...).
    public var name: String
    /// The value given, printed.
    public var value: String
    /// The values allowed, in words or as a range (`1...8`, `(0, 1]`, "one condition per token").
    public var allowed: String

    public init(_ name: String, value: some CustomStringConvertible, allowed: String) {
        self.name = name
        self.value = value.description
        self.allowed = allowed
    }

    /// Checks `value` against a closed range.
    /// - Throws: `ParameterError` when `value` is outside `range`.
    public static func check<T: Comparable & CustomStringConvertible>(_ name: String, _ value: T, in range: ClosedRange<T>) throws(ParameterError) {
        guard range.contains(value) else { throw ParameterError(name, value: value, allowed: "\(range.lowerBound)...\(range.upperBound)") }
    }

    /// "<name> <value> is outside <allowed>" for a range (no letters in `allowed`), else
    /// "<name> <value>: must be <allowed>".
    public var description: String {
        allowed.contains(where: \.isLetter) ? "\(name) \(value): must be \(allowed)" : "\(name) \(value) is outside \(allowed)"
    }
}
