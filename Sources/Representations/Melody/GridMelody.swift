import ModelKit
import Music

/// A note of a monophonic melody on the 16th-note grid.
public struct GridNote: Hashable, Sendable, Codable {
    /// MIDI note number 0-127.
    public var pitch: Int
    /// Onset, in 16th-note steps from the start.
    public var start: Int
    /// Duration in 16th-note steps (>= 1).
    public var steps: Int
    /// `start + steps`.
    public var end: Int { start + steps }

    public init(pitch: Int, start: Int, steps: Int) {
        self.pitch = pitch
        self.start = start
        self.steps = steps
    }
}

/// A monophonic melody quantized to 16th-note steps (one step = `ticksPerQuarter / 4` ticks):
/// notes sorted by start, never overlapping, each at least one step long.
public struct GridMelody: Hashable, Sendable {
    public var notes: [GridNote]

    public init(notes: [GridNote]) {
        self.notes = notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
    }

    /// The step where the last note ends (0 when empty).
    public var endStep: Int { notes.last?.end ?? 0 }

    /// The tick of the nearest 16th-note step (halves round up): `round(tick * 4 / ticksPerQuarter)`.
    public static func step(ofTick tick: Int, ticksPerQuarter: Int) -> Int {
        let q = max(ticksPerQuarter, 1)
        let twice = 8 * tick + q          // 2 * (4 * tick) + q, for round-half-up of 4*tick/q
        return twice >= 0 ? twice / (2 * q) : -((-twice + 2 * q - 1) / (2 * q))
    }

    /// The monophonic top line of `notes` (any order, any channels), quantized to 16th-note steps.
    ///
    /// 1. Each note's start and end are rounded to the nearest step (`step(ofTick:ticksPerQuarter:)`);
    ///    a note that rounds to zero length gets one step. Notes of zero ticks are dropped.
    /// 2. Of notes starting on the same step, only the highest is kept.
    /// 3. Walking the onsets in order, a note that starts while the previous kept note still sounds
    ///    either takes over (the previous note is trimmed to end where it starts) when it is higher,
    ///    or when it lasts beyond the previous note (a legato overlap); or is dropped when it is
    ///    lower and ends no later than the previous note (an inner voice under a held melody note).
    public static func topLine(of notes: [Note], ticksPerQuarter: Int) -> GridMelody {
        GridMelody(notes: topLineSources(of: notes, ticksPerQuarter: ticksPerQuarter).map(\.note))
    }

    /// `topLine(of:ticksPerQuarter:)` with, for each kept note (in order), the index in `notes`
    /// of the note it came from, so a caller can keep its velocity or count what was dropped.
    package static func topLineSources(of notes: [Note], ticksPerQuarter: Int) -> [(note: GridNote, source: Int)] {
        var quantized: [(note: GridNote, source: Int)] = []
        quantized.reserveCapacity(notes.count)
        for (i, n) in notes.enumerated() where n.duration > 0 {
            let s = step(ofTick: n.start, ticksPerQuarter: ticksPerQuarter)
            let e = max(step(ofTick: n.end, ticksPerQuarter: ticksPerQuarter), s + 1)
            quantized.append((GridNote(pitch: Int(n.pitch), start: s, steps: e - s), i))
        }
        // Highest first among equal starts, so the first of each start is the one kept.
        quantized.sort { ($0.note.start, -$0.note.pitch, -$0.note.steps, $0.source) < ($1.note.start, -$1.note.pitch, -$1.note.steps, $1.source) }
        var line: [(note: GridNote, source: Int)] = []
        for q in quantized {
            let n = q.note
            guard var last = line.last?.note else { line.append(q); continue }
            if n.start == last.start { continue }
            if n.start >= last.end { line.append(q); continue }
            if n.pitch > last.pitch || n.end > last.end {
                last.steps = n.start - last.start
                line[line.count - 1].note = last
                line.append(q)
            }
        }
        // GridMelody's order: by start, then pitch (starts are distinct here).
        return line
    }
}
