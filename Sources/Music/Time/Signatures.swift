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

    /// Whether the signature is compound, with dotted beats (`Meter.isCompound(numerator:denominator:)`:
    /// 6/8, 9/8, 12/8, 6/16 yes; 6/4 no).
    public var isCompound: Bool { Meter.isCompound(numerator: numerator, denominator: denominator) }
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

    /// The signature of the music moved by `semitones` (any integer), respelled: the relative
    /// major's tonic (7 x `sharpsFlats` semitones above C) moves, and the new key is written with at
    /// most 6 sharps or flats (F# rather than Gb; 6 flats for Gb/Eb minor). G major +2 = A major
    /// (3 sharps); Eb minor (-6) +1 = E minor (1 sharp). The tick and the mode are kept.
    public func transposed(by semitones: Int) -> KeySignature {
        let tonic = ((sharpsFlats * 7 + semitones) % 12 + 12) % 12
        var newSF = (tonic * 7) % 12
        if newSF > 6 { newSF -= 12 }
        return KeySignature(tick: tick, sharpsFlats: newSF, minor: minor)
    }
}
