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

    /// Whether the meter is compound (`Meter.isCompound(numerator:denominator:)`): 6/8, 9/8, 12/8,
    /// 6/16 ... yes; 3/8, 6/4, 4/4 no.
    public var isCompound: Bool { Meter.isCompound(numerator: numerator, denominator: denominator) }

    /// Beat length in 16th-note steps: one unit of the denominator (4 in x/4, 8 in x/2, 2 in 3/8),
    /// dotted in compound meters (6 in 6/8, 9/8, 12/8; 3 in 6/16).
    public var beatSteps: Int { 16 / denominator * (isCompound ? 3 : 1) }

    public var description: String { "\(numerator)/\(denominator)" }

    /// The one compound-meter rule, used by `Meter`, `TimeSignature` and `BarGrid`: a meter is
    /// compound, its beat a dotted note of three units, when the numerator is above 3 and divisible
    /// by 3 and the unit is an eighth or a 16th (6/8, 9/8, 12/8, 6/16, 12/16). 3/8 has three beats
    /// of an eighth.
    ///
    /// 6/4, 9/4 and 6/2 are read as simple (a beat per unit). They are ambiguous in practice (6/4 is
    /// two dotted halves in some music, three halves or six quarters in other), and the shipped
    /// Markov melody model was trained on a corpus with one 6/4 tune read with quarter-note beats;
    /// reading it as compound would change that tune's metrical conditions, the model and every
    /// melody composed from it.
    public static func isCompound(numerator: Int, denominator: Int) -> Bool {
        numerator > 3 && numerator % 3 == 0 && (denominator == 8 || denominator == 16)
    }
}
