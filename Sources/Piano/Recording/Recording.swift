import Foundation
import Music
import SMF

/// A performance as it was played: channel messages stamped with microseconds since recording began.
struct Recording: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        /// Microseconds since the recording started.
        var time: Int
        var message: ChannelMessage
        init(time: Int, message: ChannelMessage) {
            self.time = time
            self.message = message
        }
    }

    /// When the recording started (wall clock), if known.
    var startDate: Date?
    /// The tempo the piano was set to when recording started (used for the MIDI file's ticks).
    var bpm: Double
    var entries: [Entry]
    /// Microseconds at which recording stopped, if it was stopped (nil after a crash).
    var stopTime: Int?

    init(startDate: Date? = nil, bpm: Double = 120, entries: [Entry] = [], stopTime: Int? = nil) {
        self.startDate = startDate
        self.bpm = bpm
        self.entries = entries
        self.stopTime = stopTime
    }

    /// Number of note-ons (velocity > 0).
    var noteCount: Int {
        entries.count { if case .noteOn(_, _, let v) = $0.message { v > 0 } else { false } }
    }

    /// Ticks per quarter note of the score this recording becomes.
    static let ticksPerQuarter = 480

    /// The recording as a score: one part, one tempo (`bpm`), 480 ticks per quarter note. Time is
    /// measured from the first note-on (leading silence is dropped; controls before it move to
    /// tick 0). A note with no note-off (the performance was cut off) ends at the last recorded
    /// moment, and lasts at least one beat.
    func score() -> Score {
        let firstNote = entries.first { if case .noteOn(_, _, let v) = $0.message { v > 0 } else { false } }?.time ?? 0
        let ticksPerMicrosecond = Double(Self.ticksPerQuarter) * bpm / 60_000_000
        func tick(_ time: Int) -> Int { Int((Double(max(time - firstNote, 0)) * ticksPerMicrosecond).rounded()) }
        var open: [Int: (start: Int, velocity: UInt8)] = [:]
        var notes: [Note] = []
        var controls: [ControlEvent] = []
        func close(_ channel: UInt8, _ pitch: UInt8, at time: Int) {
            let key = Int(channel) << 7 | Int(pitch)
            guard let o = open.removeValue(forKey: key) else { return }
            let start = tick(o.start)
            notes.append(Note(pitch: pitch, velocity: o.velocity, channel: channel, start: start, duration: max(tick(time) - start, 1)))
        }
        for e in entries {
            switch e.message {
            case .noteOn(let c, let p, let v) where v > 0:
                close(c, p, at: e.time)
                open[Int(c) << 7 | Int(p)] = (e.time, v)
            case .noteOn(let c, let p, _), .noteOff(let c, let p, _):
                close(c, p, at: e.time)
            default:
                controls.append(ControlEvent(tick: tick(e.time), message: e.message))
            }
        }
        let end = max(stopTime ?? 0, entries.last?.time ?? 0)
        let beat = Int(60_000_000 / bpm)
        for (key, o) in open.sorted(by: { $0.value.start < $1.value.start }) {
            close(UInt8(key >> 7), UInt8(key & 127), at: max(end, o.start + beat))
        }
        let part = Part(name: "Piano", notes: notes, controls: controls)
        return Score(ticksPerQuarter: Self.ticksPerQuarter, parts: [part],
                     tempoChanges: [TempoChange(tick: 0, bpm: bpm)],
                     timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
    }

    /// The messages to play back, in order, at microseconds from the first note-on.
    var playbackEvents: [Entry] {
        let score = score()
        let map = score.tempoMap
        var out: [(Int, Int, ChannelMessage)] = []
        for part in score.parts {
            for c in part.controls { out.append((Int(map.seconds(atTick: c.tick) * 1e6), 1, c.message)) }
            for n in part.notes {
                out.append((Int(map.seconds(atTick: n.start) * 1e6), 2, .noteOn(channel: n.channel, note: n.pitch, velocity: n.velocity)))
                out.append((Int(map.seconds(atTick: n.end) * 1e6), 0, .noteOff(channel: n.channel, note: n.pitch, velocity: 0)))
            }
        }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { Entry(time: $0.0, message: $0.2) }
    }
}
