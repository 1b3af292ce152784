import Music

/// The key a melody is harmonized in, and where it came from.
public struct HarmonyKey: Sendable, Hashable, CustomStringConvertible {
    /// Where the key came from.
    public enum Origin: String, Sendable, Hashable {
        /// The input's key signature in force at the melody's first note: its tonic and mode as written.
        case keySignature = "key signature"
        /// No key signature: Krumhansl-Schmuckler key finding on the melody (`Key.estimate`).
        case estimated
    }

    public var key: Key
    public var origin: Origin

    public init(key: Key, origin: Origin) {
        self.key = key
        self.origin = origin
    }

    /// E.g. "D major (key signature)", "A minor (estimated)".
    public var description: String { "\(key) (\(origin.rawValue))" }

    /// The key of `melody` in `score`: the key named by the key signature in force at the melody's
    /// first note (the last one at or before it; the first one when all come later), tonic and mode
    /// as written (2 sharps major = D major even when the notes lean to B minor); without any key
    /// signature, the Krumhansl-Schmuckler estimate over all 24 keys on the melody's notes.
    public static func decide(score: Score, melody: [Note]) -> HarmonyKey {
        let start = melody.map(\.start).min() ?? 0
        guard let signature = score.keySignatures.last(where: { $0.tick <= start }) ?? score.keySignatures.first else {
            return HarmonyKey(key: Key.estimate(melody).key, origin: .estimated)
        }
        return HarmonyKey(key: signature.key, origin: .keySignature)
    }
}
