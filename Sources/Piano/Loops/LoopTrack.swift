import Composer
import Music
import Representations

/// One grid cell as the piano plays it: its notes in 16th-note steps from the loop's start (the
/// notes `compose loops` writes for the same cell, `LoopSequence.notes(of:start:ticksPerQuarter:)`),
/// on one channel.
struct LoopTrack: Sendable, Hashable {
    struct Note: Sendable, Hashable {
        var pitch: UInt8
        var velocity: UInt8
        /// First step (0 ..< `steps`) and length in steps.
        var start: Int
        var steps: Int
    }

    /// Notes by start step.
    var notes: [Note]
    /// Steps in the loop (two bars of `meter`).
    var steps: Int
    var meter: Meter
    /// 0-based MIDI channel.
    var channel: UInt8
    /// The grid cell it came from (row-major index).
    var cell = 0

    init(notes: [Note], steps: Int, meter: Meter, channel: UInt8) {
        self.notes = notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        self.steps = steps
        self.meter = meter
        self.channel = channel
    }

    /// The cell's class ids decoded as `LoopSequence` writes them: melody offsets from `reference`
    /// (played on `channel`), or drum hits on channel 10.
    init(events: [Int32], kind: LoopKind, meter: Meter, key: Music.Key, reference: Int, channel: UInt8) {
        let sequence = LoopSequence(kind: kind, items: [], meter: meter, tempo: 120, key: key, reference: reference)
        // At 4 ticks per quarter note a tick is a step.
        let notes = sequence.notes(of: LoopSequence.Item(name: "", events: events), start: 0, ticksPerQuarter: 4)
        self.init(notes: notes.map { Note(pitch: $0.pitch, velocity: $0.velocity, start: $0.start, steps: $0.duration) },
                  steps: events.count, meter: meter, channel: kind == .drums ? DrumGrid.channel : channel)
    }

    /// Steps per bar.
    var stepsPerBar: Int { meter.stepsPerBar }
}
