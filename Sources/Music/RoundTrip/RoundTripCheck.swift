import SMF

/// The notes of a MIDI file and of its rewritten copy read back, compared in seconds: a copy is
/// faithful when it holds the same notes (channel, pitch, velocity) at the same times, within what
/// rounding to a new division allows.
///
/// Notes of both scores become (channel, pitch, velocity, start s, end s), sorted, and are paired
/// in order. The source's notes are first moved by `transpose` semitones (off the percussion
/// channel; notes that leave 0...127 are left out, as `MIDIFile.transposed(by:)` drops them).
public struct RoundTripCheck: Sendable, Hashable {
    /// Pairs that agree in channel, pitch and velocity and lie within `tolerance`.
    public var compared = 0
    /// Notes of the source (after transposition).
    public var total = 0
    /// The largest start or end difference, in seconds, among pairs of the same channel, pitch and
    /// velocity (when tracks were merged, only among pairs within `tolerance`).
    public var maxDeviation = 0.0
    /// Notes of the copy minus notes of the source.
    public var countDifference = 0
    /// Seconds per tick of the copy at its slowest tempo (120 bpm or slower), or of its SMPTE division.
    public var slowestSecondsPerTick = 0.0
    /// How far, in seconds, a note may move: 1 ns when the division did not change, else half a tick
    /// at the slowest tempo plus the drift that tempo changes moved by rounding can cause.
    public var tolerance = 0.0
    /// Whether several tracks were merged into one (pairing of overlapping notes of one key struck in
    /// two tracks may then change, so the check cannot fail).
    public var tracksMerged = false

    /// - Parameters:
    ///   - before: the source.
    ///   - after: the copy read back.
    ///   - transpose: the semitones the copy was transposed by.
    ///   - tracksMerged: whether the copy merged the source's tracks into one.
    public init(before: Score, after: Score, transpose: Int = 0, tracksMerged: Bool) {
        typealias Timed = (channel: UInt8, pitch: UInt8, velocity: UInt8, start: Double, end: Double)
        self.tracksMerged = tracksMerged
        func timed(_ s: Score, shift: Int) -> [Timed] {
            let map = s.tempoMap
            var out: [Timed] = []
            for n in s.parts.flatMap(\.notes) {
                var pitch = Int(n.pitch)
                if n.channel != GeneralMIDI.percussionChannel { pitch += shift }
                guard (0...127).contains(pitch) else { continue }
                out.append((n.channel, UInt8(pitch), n.velocity, map.seconds(atTick: n.start), map.seconds(atTick: n.end)))
            }
            return out.sorted { ($0.channel, $0.pitch, $0.start, $0.end) < ($1.channel, $1.pitch, $1.start, $1.end) }
        }
        let a = timed(before, shift: transpose)
        let b = timed(after, shift: 0)
        // Half a tick at the slowest tempo of the output bounds any rounding.
        let ticks = Double(after.ticksPerQuarter)
        switch after.division {
        case .ticksPerQuarter:
            let slowest = max(500_000, after.tempoChanges.map(\.microsecondsPerQuarter).max() ?? 500_000)
            slowestSecondsPerTick = Double(slowest) / 1_000_000 / ticks
        case .smpte(let fps, let tpf):
            slowestSecondsPerTick = 1 / (SMPTEFrameRate.framesPerSecond(code: fps) * Double(max(tpf, 1)))
        }
        // Each note moves by at most half a tick; each tempo change moved by up to half a tick shifts
        // what follows by at most half a tick times the change in seconds per tick.
        var drift = 0.0
        if case .ticksPerQuarter = after.division {
            var previous = 0.5 / ticks
            for c in after.tempoChanges {
                let spt = Double(c.microsecondsPerQuarter) / 1_000_000 / ticks
                drift += 0.5 * abs(spt - previous)
                previous = spt
            }
        }
        tolerance = before.division == after.division ? 1e-9 : slowestSecondsPerTick * 0.5 + drift + 1e-9
        countDifference = b.count - a.count
        total = a.count
        // Pairs that agree in channel, pitch and velocity and lie within the rounding tolerance count as
        // the same note; the largest deviation among pairs of the same key is reported (and fails the
        // check unless tracks were merged, which may re-pair overlapping notes of one key).
        for (x, y) in zip(a, b) where x.channel == y.channel && x.pitch == y.pitch && x.velocity == y.velocity {
            let deviation = max(abs(x.start - y.start), abs(x.end - y.end))
            if deviation <= tolerance { compared += 1 }
            if !tracksMerged || deviation <= tolerance { maxDeviation = max(maxDeviation, deviation) }
        }
    }

    /// Why the copy is not faithful, or nil (always nil when tracks were merged).
    public var failure: RoundTripError? {
        if tracksMerged { return nil }  // pairing of overlapping same-key notes across tracks may change
        if countDifference != 0 { return .noteCountChanged(difference: countDifference) }
        if maxDeviation > tolerance || compared < total {
            return .notesMoved(differing: total - compared, maxDeviation: maxDeviation)
        }
        return nil
    }

    /// - Throws: `failure`, when there is one.
    public func verify() throws(RoundTripError) {
        if let failure { throw failure }
    }
}
