import SMF

/// Receives a score's events track by track, in file order, with absolute ticks (non-decreasing
/// within a track). `Score.bytes(runningStatus:)` encodes them straight into SMF bytes;
/// `Score.midiFile()` collects them as `TrackEvent`s. One merge feeds both, so both give the same
/// events in the same order.
protocol ScoreEventSink {
    mutating func beginTrack()
    /// A note-on (`on`) or note-off (velocity 0, status 0x8n) of `channel` and `pitch`.
    mutating func note(_ tick: Int, on: Bool, channel: UInt8, pitch: UInt8, velocity: UInt8)
    mutating func event(_ tick: Int, _ event: Event)
    /// A control (by default `event(tick, .channel(control.message))`).
    mutating func control(_ tick: Int, _ control: ControlEvent)
    /// Ends the track with End of Track at the tick of its last event.
    mutating func endTrack()
}

extension ScoreEventSink {
    mutating func control(_ tick: Int, _ control: ControlEvent) {
        event(tick, .channel(control.message))
    }
}

extension Score {
    /// Feeds `sink` the conductor track, then one track per part (see `midiFile()` for the order).
    func emitEvents<Sink: ScoreEventSink>(into sink: inout Sink, notes noteLists: [[Note]]) {
        sink.beginTrack()
        let times = Self.inTickOrder(timeSignatures)
        let keys = Self.inTickOrder(keySignatures)
        let tempos = Self.inTickOrder(tempoChanges)
        var t = 0, k = 0, c = 0
        // At one tick: time signatures, then key signatures, then tempos, each in their order.
        while true {
            let tt = t < times.count ? times[t].tick : Int.max
            let kt = k < keys.count ? keys[k].tick : Int.max
            let ct = c < tempos.count ? tempos[c].tick : Int.max
            if tt == Int.max && kt == Int.max && ct == Int.max { break }
            if tt <= kt && tt <= ct {
                let s = times[t]
                // The SMF stores the denominator as a power of two (8 -> 3).
                let power = UInt8(max(s.denominator, 1).trailingZeroBitCount)
                sink.event(tt, .meta(.timeSignature(numerator: UInt8(clamping: s.numerator), denominatorPower: power,
                                                    clocksPerClick: 24, thirtySecondsPerQuarter: 8)))
                t += 1
            } else if kt <= ct {
                sink.event(kt, .meta(.keySignature(sharpsFlats: Int8(clamping: keys[k].sharpsFlats), minor: keys[k].minor)))
                k += 1
            } else {
                // The tempo meta holds 1...0xFFFFFF microseconds per quarter note (3.58 bpm at the slowest).
                sink.event(ct, .meta(.tempo(microsecondsPerQuarter: min(max(tempos[c].microsecondsPerQuarter, 1), 0xFFFFFF))))
                c += 1
            }
        }
        sink.endTrack()
        for (part, notes) in zip(parts, noteLists) {
            Self.emitPart(part, notes: notes, into: &sink)
        }
    }

    /// One part's track: the name at tick 0; then at each tick the note-offs of notes begun
    /// earlier (by channel, then pitch), texts and controls in their order, note-ons (by channel,
    /// then pitch, shorter first within a key), and last the note-offs of notes of length 0 begun
    /// at that tick. `notes` are sorted by (start, channel, pitch, duration) with durations >= 0.
    static func emitPart<Sink: ScoreEventSink>(_ part: Part, notes: [Note], into sink: inout Sink) {
        sink.beginTrack()
        if let bytes = part.nameBytes ?? part.name.map({ Array($0.utf8) }) {
            sink.event(0, .meta(.text(.trackName, bytes)))
        }
        let texts = inTickOrder(part.texts)
        let controls = inTickOrder(part.controls)
        var ends = NoteOffHeap()
        var zeroLength: [Int] = []  // keys of the notes of length 0 begun at this tick
        var x = 0, c = 0, n = 0
        while true {
            let tick = min(ends.minTick, x < texts.count ? texts[x].tick : Int.max,
                           c < controls.count ? controls[c].tick : Int.max, n < notes.count ? notes[n].start : Int.max)
            if tick == Int.max { break }
            while ends.minTick == tick {
                let key = ends.popKey()
                sink.note(tick, on: false, channel: UInt8(key >> 7), pitch: UInt8(key & 127), velocity: 0)
            }
            while x < texts.count && texts[x].tick == tick {
                sink.event(tick, .meta(.text(texts[x].kind, texts[x].bytes)))
                x += 1
            }
            while c < controls.count && controls[c].tick == tick {
                sink.control(tick, controls[c])
                c += 1
            }
            while n < notes.count && notes[n].start == tick {
                let note = notes[n]
                precondition(note.channel < 16 && note.pitch < 128,
                             "note channel \(note.channel) or pitch \(note.pitch) is outside 0-15 / 0-127")
                sink.note(tick, on: true, channel: note.channel, pitch: note.pitch, velocity: max(note.velocity, 1))
                let key = Int(note.channel) << 7 | Int(note.pitch)
                if note.duration == 0 { zeroLength.append(key) } else { ends.push(tick: note.end, key: key) }
                n += 1
            }
            if !zeroLength.isEmpty {
                for key in zeroLength {
                    sink.note(tick, on: false, channel: UInt8(key >> 7), pitch: UInt8(key & 127), velocity: 0)
                }
                zeroLength.removeAll(keepingCapacity: true)
            }
        }
        sink.endTrack()
    }
}

/// A value placed at a tick (signatures, tempo changes, texts, controls), for `inTickOrder`.
protocol TickPlaced {
    var tick: Int { get }
}
extension TimeSignature: TickPlaced {}
extension KeySignature: TickPlaced {}
extension TempoChange: TickPlaced {}
extension TextEvent: TickPlaced {}
extension ControlEvent: TickPlaced {}

extension Score {
    /// `items` sorted by tick, their order kept among equal ticks; no copy when already in order.
    static func inTickOrder<T: TickPlaced>(_ items: [T]) -> [T] {
        for i in items.indices.dropFirst() where items[i - 1].tick > items[i].tick {
            return items.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        }
        return items
    }
}

/// The note-offs still to write: a binary min-heap of `tick << 11 | key` (key = channel << 7 |
/// pitch), so that the earliest comes first and, at one tick, the lowest key. Its size is the
/// number of notes sounding at once.
struct NoteOffHeap {
    private var items: [UInt64]
    /// The tick of the earliest note-off, `Int.max` when none is left.
    private(set) var minTick = Int.max

    init() {
        items = []
        items.reserveCapacity(32)
    }

    @inline(__always)
    mutating func push(tick: Int, key: Int) {
        precondition(tick >= 0 && tick < 1 << 52, "note end tick \(tick) is outside 0..<2^52")
        var i = items.count
        let item = UInt64(tick) << 11 | UInt64(key)
        items.append(item)
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= item { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = item
        minTick = Int(items[0] >> 11)
    }

    /// Removes the earliest note-off and returns its key.
    @inline(__always)
    mutating func popKey() -> Int {
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            var i = 0
            let count = items.count
            while true {
                var child = 2 * i + 1
                if child >= count { break }
                if child + 1 < count && items[child + 1] < items[child] { child += 1 }
                if last <= items[child] { break }
                items[i] = items[child]
                i = child
            }
            items[i] = last
        }
        minTick = items.isEmpty ? Int.max : Int(items[0] >> 11)
        return Int(top & 0x7FF)
    }
}
