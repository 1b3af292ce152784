/// A time signature from `tick` on (SMF meta 0x58): `numerator / denominator`, e.g. 6/8.
public struct TimeSignature: Sendable, Hashable {
    public var tick: Int
    public var numerator: Int
    /// The note value of a beat: 2, 4, 8, 16 ... (the SMF stores its base-2 logarithm).
    public var denominator: Int
    public init(tick: Int = 0, numerator: Int, denominator: Int) {
        self.tick = tick
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Length of one bar in ticks for a given ticks-per-quarter-note resolution.
    public func ticksPerBar(ticksPerQuarter: Int) -> Int {
        numerator * ticksPerQuarter * 4 / max(denominator, 1)
    }
}

/// A key signature from `tick` on (SMF meta 0x59): `sharpsFlats` -7 (7 flats) ... +7 (7 sharps),
/// and whether the key is minor.
public struct KeySignature: Sendable, Hashable {
    public var tick: Int
    public var sharpsFlats: Int
    public var minor: Bool
    public init(tick: Int = 0, sharpsFlats: Int, minor: Bool) {
        self.tick = tick
        self.sharpsFlats = sharpsFlats
        self.minor = minor
    }

    /// The key it names (e.g. 2 sharps, major = D major; 2 sharps, minor = B minor).
    public var key: Key {
        let majorTonic = ((sharpsFlats * 7) % 12 + 12) % 12
        return minor ? Key(tonic: (majorTonic + 9) % 12, mode: .minor) : Key(tonic: majorTonic, mode: .major)
    }
}
