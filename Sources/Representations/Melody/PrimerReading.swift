import ModelKit
import Music

/// Why no primer could be read from a score for the voice asked for.
public enum PrimerReadingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `track` (0-based, as `Score.parts`) is not a track of the score, which has `trackCount`.
    case noSuchTrack(track: Int, trackCount: Int)
    /// The voice asked for (a track and/or a 0-based channel; nil = any) has no notes. With
    /// neither, the score has no note off channel 10.
    case noNotes(track: Int?, channel: UInt8?)

    public var description: String {
        switch self {
        case .noSuchTrack(let track, let count):
            return "there is no track \(track); the file has \(count) track(s), numbered 0-\(max(count - 1, 0)) (as inspect lists them)"
        case .noNotes(let track, let channel):
            switch (track, channel) {
            case (nil, nil): return "no notes found (off channel 10)"
            case (let t?, nil): return "track \(t) has no notes off channel 10"
            case (nil, let c?): return "no notes on channel \(Int(c) + 1)"
            case (let t?, let c?): return "track \(t) has no notes on channel \(Int(c) + 1)"
            }
        }
    }
}

/// A melody primer read from a score, with what reading it did: which voice was taken, where the
/// first bar line is, which notes were moved to the 16th-note grid, shortened or dropped.
public struct PrimerReading: Hashable, Sendable {
    /// The primer from the bar line before its first note: a rest first when the melody starts
    /// after that bar line (a pickup keeps its place in the bar), then the notes (velocities as
    /// played) and rests between them, on the 16th-note grid. Whole bars of silence before the
    /// first note are not kept.
    public var notes: [PrimerNote]
    /// The meter whose bar lines place the primer: the time signature of the bar after a pickup
    /// bar (a first bar written shorter than the next, e.g. 1/4 then 4/4), else the first
    /// time signature, else 4/4.
    public var meter: Meter
    /// Steps of rest before the first note in its bar (0 when the melody starts on a bar line).
    public var pickupSteps: Int
    /// The track taken (0-based index into `Score.parts`, the SMF track number).
    public var track: Int
    /// The track's name, if any.
    public var trackName: String?
    /// The 0-based channels of the notes taken, ascending.
    public var channels: [UInt8]
    /// Notes in the voice (the track, on the channel asked for, or all its channels but 10).
    public var notesInVoice: Int
    /// Notes kept in the primer.
    public var notesTaken: Int
    /// Notes taken whose start or end was not on a 16th-note step and was moved to the nearest
    /// (triplets, swing, played timing).
    public var notesMoved: Int
    /// The largest such move, in ticks of the score (rounded to the nearest tick).
    public var largestMoveTicks: Int
    /// Ticks per quarter note of the score (a 16th is a quarter of it).
    public var ticksPerQuarter: Int
    /// Notes taken that were cut short where a note of the line started over them.
    public var notesShortened: Int
    /// Notes of the voice not taken: under a higher note starting on the same step (chords), an
    /// inner voice under a held note, or zero ticks long.
    public var notesDropped: Int
}

extension Primer {
    /// Reads a primer from `score`: the voice, its top line on the 16th-note grid
    /// (`GridMelody.topLine`), a pickup kept in its place, velocities kept.
    ///
    /// The voice: with `track`, that part (its notes on `channel`, else on every channel but 10);
    /// with only `channel` (0-based), the part whose notes on that channel have the highest mean
    /// pitch; with neither, the melody rule of the corpora (`EncodedTune.melodyPart`).
    /// - Throws: `PrimerReadingError` for a track the score does not have or a voice with no notes.
    public static func read(from score: Score, track: Int? = nil, channel: UInt8? = nil) throws(PrimerReadingError) -> PrimerReading {
        let (partIndex, notes) = try voice(of: score, track: track, channel: channel)
        let tpq = score.ticksPerQuarter
        let line = GridMelody.topLineSources(of: notes, ticksPerQuarter: tpq)
        guard let first = line.first?.note else { throw .noNotes(track: track, channel: channel) }

        // Bar lines: the bar holding the first note; a first bar shorter than the next is a pickup bar.
        let tickOfStep = { (step: Int) in (2 * step * tpq + 4) / 8 }   // round(step * tpq / 4)
        let grid = BarGrid(ticksPerQuarter: tpq, timeSignatures: score.timeSignatures, endTick: tickOfStep(first.start) + 1)
        let bar = grid.bar(containing: tickOfStep(first.start))
        func meter(_ s: TimeSignature) -> Meter? { try? Meter(s.numerator, s.denominator) }
        var barMeter = meter(bar.timeSignature) ?? .common
        var barStartStep = GridMelody.step(ofTick: bar.start, ticksPerQuarter: tpq)
        if bar.number == 1 {
            let following = BarGrid(ticksPerQuarter: tpq, timeSignatures: score.timeSignatures, endTick: bar.end + 1).bars
            if following.count > 1, let next = meter(following[1].timeSignature),
               following[1].length > bar.length, next != barMeter,
               score.timeSignatures.contains(where: { $0.tick == bar.end }) {
                // A pickup bar: the first note sits as far before the next bar line as it is written.
                barMeter = next
                barStartStep = GridMelody.step(ofTick: bar.end, ticksPerQuarter: tpq) - next.stepsPerBar
            }
        }
        let pickup = first.start - barStartStep

        var result: [PrimerNote] = []
        if pickup > 0 { result.append(PrimerNote(pitch: nil, steps: pickup)) }
        var position = first.start
        var moved = 0, largest = 0, shortened = 0
        for (n, source) in line {
            if n.start > position { result.append(PrimerNote(pitch: nil, steps: n.start - position)) }
            let original = notes[source]
            result.append(PrimerNote(pitch: n.pitch, steps: n.steps, velocity: max(original.velocity, 1)))
            position = n.end
            // Moves in quarter-ticks (exact when a step is not a whole number of ticks).
            let startMove = abs(4 * original.start - n.start * tpq)
            let quantizedEnd = max(GridMelody.step(ofTick: original.end, ticksPerQuarter: tpq), GridMelody.step(ofTick: original.start, ticksPerQuarter: tpq) + 1)
            let endMove = abs(4 * original.end - quantizedEnd * tpq)
            if n.end < quantizedEnd { shortened += 1 }
            if startMove > 0 || endMove > 0 {
                moved += 1
                largest = max(largest, startMove, endMove)
            }
        }
        largest = (largest + 2) / 4
        let part = score.parts[partIndex]
        let taken = line.map { notes[$0.source] }
        return PrimerReading(notes: result, meter: barMeter, pickupSteps: pickup, track: partIndex, trackName: part.name,
                             channels: Array(Set(taken.map(\.channel))).sorted(), notesInVoice: notes.count, notesTaken: line.count,
                             notesMoved: moved, largestMoveTicks: largest, ticksPerQuarter: tpq, notesShortened: shortened,
                             notesDropped: notes.count - line.count)
    }

    /// The part index and notes of the voice asked for (see `read(from:track:channel:)`).
    static func voice(of score: Score, track: Int?, channel: UInt8?) throws(PrimerReadingError) -> (Int, [Note]) {
        func notes(of index: Int) -> [Note] {
            score.parts[index].notes.filter { note in
                channel.map { note.channel == $0 } ?? (note.channel != GeneralMIDI.percussionChannel)
            }
        }
        if let track {
            guard score.parts.indices.contains(track) else { throw .noSuchTrack(track: track, trackCount: score.parts.count) }
            let found = notes(of: track)
            guard !found.isEmpty else { throw .noNotes(track: track, channel: channel) }
            return (track, found)
        }
        if channel != nil {
            var best: (index: Int, mean: Double)?
            for index in score.parts.indices {
                let found = notes(of: index)
                guard !found.isEmpty else { continue }
                let mean = Double(found.reduce(0) { $0 + Int($1.pitch) }) / Double(found.count)
                if best == nil || mean > best!.mean { best = (index, mean) }
            }
            guard let best else { throw .noNotes(track: nil, channel: channel) }
            return (best.index, notes(of: best.index))
        }
        guard let found = MelodyVoice.locate(in: score, grouping: .track) else { throw .noNotes(track: nil, channel: nil) }
        return (found.partIndex, notes(of: found.partIndex))
    }
}
