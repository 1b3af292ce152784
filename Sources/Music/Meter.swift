/// A time signature as the composer needs it: `numerator / denominator`, with bar and beat
/// lengths in 16th-note steps.
public struct Meter: Hashable, Sendable, Codable, CustomStringConvertible {
    public var numerator: Int
    /// The note value of the signature's unit: 1, 2, 4, 8 or 16.
    public var denominator: Int

    /// - Throws: `MeterError` unless `numerator` is 1...32 and a bar is a
    ///   whole number of 16th notes (`denominator` 1, 2, 4, 8 or 16).
    public init(_ numerator: Int, _ denominator: Int) throws(MeterError) {
        guard (1...32).contains(numerator), [1, 2, 4, 8, 16].contains(denominator) else {
            throw MeterError(numerator: numerator, denominator: denominator)
        }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 4/4.
    public static let common = try! Meter(4, 4)

    /// Bar length in 16th-note steps: `numerator * 16 / denominator` (16 in 4/4, 12 in 6/8).
    public var stepsPerBar: Int { numerator * 16 / denominator }

    /// Beat length in 16th-note steps: a dotted quarter (6) in compound meters (6/8, 9/8, 12/8),
    /// otherwise one unit of the denominator (4 in x/4, 8 in x/2, 2 in 3/8).
    public var beatSteps: Int {
        if denominator == 8 && numerator % 3 == 0 && numerator > 3 { return 6 }
        return 16 / denominator
    }

    public var description: String { "\(numerator)/\(denominator)" }
}
