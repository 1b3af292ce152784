/// A time signature the composer's 16th-note grid cannot hold: a bar that is not a whole number of
/// 16th notes (e.g. 3/32), or a numerator outside 1...32.
public struct MeterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The signature asked for.
    public var numerator: Int
    public var denominator: Int

    package init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public var description: String {
        "unsupported meter \(numerator)/\(denominator): a bar must be a whole number of 16th notes (numerator 1-32, denominator 1, 2, 4, 8 or 16)"
    }
}
