import Music

/// A note the player played: its pitch and when it started and ended (monotonic seconds; `off`
/// nil while it sounds).
struct PlayedNote: Sendable, Hashable {
    var pitch: UInt8
    var on: Double
    var off: Double?
}

extension [PlayedNote] {
    /// The notes as a one-part score at `bpm` (480 ticks per quarter, 4/4), time measured from the
    /// first onset, which counts as a downbeat; `channel` 0-based. A note still sounding ends at
    /// its onset plus one tick.
    func score(bpm: Double, channel: UInt8 = 0) -> Score {
        guard let first = map(\.on).min() else { return Score(ticksPerQuarter: 480, parts: []) }
        let tpq = 480
        func tick(_ t: Double) -> Int { Int(((t - first) * bpm / 60 * Double(tpq)).rounded()) }
        return Score(ticksPerQuarter: tpq, parts: [Part(notes: map {
            Note(pitch: $0.pitch, velocity: 90, channel: channel, start: tick($0.on), duration: Swift.max(tick($0.off ?? $0.on) - tick($0.on), 1))
        })])
    }
}
