/// A major or minor key: tonic pitch class and mode.
public struct Key: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case major, minor
        /// Semitones above the tonic of the scale degrees (major; natural minor).
        public var scale: [Int] { self == .major ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10] }
    }

    /// Pitch class of the tonic, 0-11 (C = 0, C# = 1, ... B = 11).
    public var tonic: Int
    public var mode: Mode

    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }

    /// Parses a tonic name ("D", "F#", "Bb") with a mode; nil if the name is not a pitch.
    public init?(tonicName: String, mode: Mode) {
        guard let pc = PitchName.pitchClass(of: tonicName) else { return nil }
        self.init(tonic: pc, mode: mode)
    }

    /// Whether a pitch class (0-11, or any MIDI note) is in the key's scale (major, or natural minor;
    /// in minor the raised 6th and 7th of the melodic/harmonic minor also count).
    public func contains(pitchClass: Int) -> Bool {
        let degree = ((pitchClass - tonic) % 12 + 12) % 12
        if mode.scale.contains(degree) { return true }
        return mode == .minor && (degree == 9 || degree == 11)
    }

    /// The key signature for this key: sharps positive, flats negative, chosen in -6...+6
    /// (F# major rather than Gb major; D# minor rather than Eb minor).
    public var signature: KeySignature {
        let majorTonic = mode == .major ? tonic : (tonic + 3) % 12
        var sf = (majorTonic * 7) % 12          // sharps, 0...11
        if sf > 6 { sf -= 12 }                  // prefer flats for 7...11
        return KeySignature(sharpsFlats: sf, minor: mode == .minor)
    }

    /// "D minor", "Bb major": flat names for flat keys, sharp names otherwise.
    public var description: String {
        let flats = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
        let sharps = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        let name = signature.sharpsFlats < 0 ? flats[tonic] : sharps[tonic]
        return "\(name) \(mode.rawValue)"
    }

    /// Krumhansl-Kessler key profiles (Krumhansl 1990, "Cognitive Foundations of Musical Pitch",
    /// table 4.1), index 0 = tonic.
    static let majorProfile: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// Krumhansl-Schmuckler key finding: the key whose profile correlates best (Pearson) with the
    /// duration-weighted pitch-class distribution of `notes`. Returns each key's correlation too.
    /// Empty input gives C major with correlation 0.
    public static func estimate(_ notes: [Note]) -> (key: Key, correlation: Double) {
        var histogram = [Double](repeating: 0, count: 12)
        for n in notes { histogram[Int(n.pitch) % 12] += Double(max(n.duration, 1)) }
        var best = (key: Key(tonic: 0, mode: .major), correlation: -2.0)
        for mode in Mode.allCases {
            let profile = mode == .major ? majorProfile : minorProfile
            for tonic in 0..<12 {
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                let r = pearson(histogram, rotated)
                if r > best.correlation { best = (Key(tonic: tonic, mode: mode), r) }
            }
        }
        return best.correlation == -2 ? (Key(tonic: 0, mode: .major), 0) : best
    }

    /// Pearson correlation of this key's Krumhansl-Kessler profile with the notes' weighted
    /// pitch-class distribution, -1...1 (0 for empty or constant input).
    public func correlation(with notes: [Note]) -> Double {
        var histogram = [Double](repeating: 0, count: 12)
        for n in notes { histogram[Int(n.pitch) % 12] += Double(max(n.duration, 1)) }
        let profile = mode == .major ? Key.majorProfile : Key.minorProfile
        return Key.pearson(histogram, (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] })
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / (sxx * syy).squareRoot()
    }
}
