import ModelKit
import Music

/// A 2-bar melody loop read from any score, with what reading it took and left (for a message):
/// the voice is found and quantized as a primer is (`Primer.read(from:track:channel:)`), then its
/// first two bars from the bar line before the first note are kept.
public struct MelodyLoopReading: Hashable, Sendable {
    /// The loop (offsets from `reference`).
    public var loop: MelodyLoop
    /// The key decided for the voice (`TuneKey.decide`: the key signature's major or relative
    /// minor, else the Krumhansl-Schmuckler estimate), and the MIDI pitch that offset 0 means
    /// (the key's tonic near C4, an octave lower or higher when only then the loop fits).
    public var key: Key
    public var reference: Int
    /// How the voice was read (track, channels, notes moved to the grid, shortened, dropped).
    public var primer: PrimerReading
    /// Notes of the voice's top line that start after the loop's two bars (not taken).
    public var notesAfter: Int
    /// Notes taken into the loop, and of those, notes cut at the loop's end.
    public var notesTaken: Int
    public var notesCut: Int
    /// Notes whose offset from the reference fell outside `MelodyToken.offsetRange` and were
    /// moved by octaves into it.
    public var notesFolded: Int

    /// Reads the loop of `score`'s melody voice (with `track` and/or `channel`, that voice; see
    /// `Primer.read`): two bars of the voice's meter, or with `meter` the steps of two bars of that
    /// meter (`MelodyLoop.steps(in:)`: 32 for 4/4, 24 for 3/4 and 6/8) from the same bar line, so
    /// that loops of files in different meters can share one length; the loop then has `meter`,
    /// and `primer.meter` stays the voice's own.
    /// - Throws: `PrimerReadingError` for a track the score does not have or a voice with no notes.
    public static func read(from score: Score, track: Int? = nil, channel: UInt8? = nil,
                            meter: Meter? = nil) throws(PrimerReadingError) -> MelodyLoopReading {
        let reading = try Primer.read(from: score, track: track, channel: channel)
        let (_, voice) = try Primer.voice(of: score, track: track, channel: channel)
        let key = TuneKey.decide(notes: voice, signature: score.keySignatures.first)
        let loopMeter = meter ?? reading.meter
        let length = MelodyLoop.steps(in: loopMeter)
        var taken: [(pitch: Int, start: Int, steps: Int)] = []
        var position = 0, after = 0
        for n in reading.notes {
            defer { position += n.steps }
            guard let pitch = n.pitch else { continue }
            if position >= length { after += 1; continue }
            taken.append((pitch, position, n.steps))
        }
        let reference = MelodyEncoding.referencePitch(for: key, primerPitches: taken.map(\.pitch))
        var events = [StepEvent](repeating: .noEvent, count: length)
        var folded = 0, cut = 0
        for (i, n) in taken.enumerated() {
            let raw = n.pitch - reference
            let offset = MelodyToken.fold(offset: raw)
            if offset != raw { folded += 1 }
            events[n.start] = .noteOn(offset: offset)
            let end = n.start + n.steps
            if end > length { cut += 1; continue }
            let nextStart = i + 1 < taken.count ? taken[i + 1].start : length
            if end < nextStart && end < length { events[end] = .noteOff }
        }
        let loop = MelodyLoop(events: events.map { Int32($0.id) }, meter: loopMeter)
        return MelodyLoopReading(loop: loop, key: key, reference: reference, primer: reading, notesAfter: after,
                                 notesTaken: taken.count, notesCut: cut, notesFolded: folded)
    }
}
