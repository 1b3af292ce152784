import SMF

extension Score {
    /// The score as an SMF format 1 file: track 0 holds the tempo map and the time and key
    /// signatures; each part follows as its own track (name, texts, controls, notes). Track
    /// names and texts are written with the bytes they were read with.
    ///
    /// Same-pitch notes never overlap on a channel in the output: a note still sounding when the
    /// same key starts again on that channel is ended at that tick (FluidSynth would cut it there
    /// anyway); of two notes starting together only the longer is kept. Zero-length notes are
    /// written one tick long; tempos are clamped to the meta event's range, 1...0xFFFFFF µs per
    /// quarter note. At one tick, note-offs come first, then controls, then note-ons.
    public func midiFile() -> MIDIFile {
        var conductor = TrackBuilder(capacity: timeSignatures.count + keySignatures.count + tempoChanges.count)
        for t in timeSignatures {
            // The SMF stores the denominator as a power of two (8 -> 3).
            let power = UInt8(max(t.denominator, 1).trailingZeroBitCount)
            conductor.add(t.tick, 0, 0, .meta(.timeSignature(numerator: UInt8(clamping: t.numerator), denominatorPower: power,
                                                          clocksPerClick: 24, thirtySecondsPerQuarter: 8)))
        }
        for k in keySignatures {
            conductor.add(k.tick, 0, 0, .meta(.keySignature(sharpsFlats: Int8(clamping: k.sharpsFlats), minor: k.minor)))
        }
        for c in tempoChanges {
            // The tempo meta holds 1...0xFFFFFF microseconds per quarter note (3.58 bpm at the slowest).
            conductor.add(c.tick, 0, 0, .meta(.tempo(microsecondsPerQuarter: min(max(c.microsecondsPerQuarter, 1), 0xFFFFFF))))
        }
        var tracks = [conductor.track()]
        tracks.reserveCapacity(parts.count + 1)
        for part in parts {
            var events = TrackBuilder(capacity: 1 + part.texts.count + part.controls.count + 2 * part.notes.count)
            // Ties at one tick and rank: the name, then controls in their order, then notes by
            // (channel, pitch) key (at most one note event per key at a tick and rank).
            if let bytes = part.nameBytes ?? part.name.map({ Array($0.utf8) }) {
                events.add(0, 0, 0, .meta(.text(.trackName, bytes)))
            }
            // Texts (lyrics, markers...) before the controls and notes of their tick, in their order.
            for (i, t) in part.texts.enumerated() { events.add(t.tick, 1, 1 + i, .meta(.text(t.kind, t.bytes))) }
            let controlTie = 1 + part.texts.count
            for (i, c) in part.controls.enumerated() { events.add(c.tick, 1, controlTie + i, .channel(c.message)) }
            for n in Score.withoutSamePitchOverlaps(part.notes) {
                let key = 1 + (Int(n.channel) << 7 | Int(n.pitch))
                events.add(n.start, 2, key, .channel(.noteOn(channel: n.channel, note: n.pitch, velocity: max(n.velocity, 1))))
                events.add(n.end, 0, key, .channel(.noteOff(channel: n.channel, note: n.pitch, velocity: 0)))
            }
            tracks.append(events.track())
        }
        return MIDIFile(format: .multiTrack, division: division, tracks: tracks)
    }

    /// Trims notes so that no two notes of the same (channel, pitch) overlap; every duration >= 1.
    /// Of notes of one key starting together, the longest is kept (the first of equals); a note is
    /// ended where the next note of its key starts. The result is in start order.
    static func withoutSamePitchOverlaps(_ notes: [Note]) -> [Note] {
        // One pass in start order, remembering each key's last kept note.
        let byStart = notes.indices.dropFirst().allSatisfy { notes[$0 - 1].start <= notes[$0].start }
            ? notes : notes.sorted { $0.start < $1.start }
        var result: [Note] = []
        result.reserveCapacity(byStart.count)
        var lastKept = [Int32](repeating: -1, count: 16 * 128)
        var keptDuration: [Int] = []  // the kept notes' durations as given, for "longest"
        keptDuration.reserveCapacity(byStart.count)
        for note in byStart {
            let key = Int(note.channel & 15) << 7 | Int(note.pitch & 127)
            var n = note
            n.duration = max(n.duration, 1)
            let last = Int(lastKept[key])
            if last >= 0 {
                if result[last].start == n.start {
                    if note.duration > keptDuration[last] {
                        result[last] = n
                        keptDuration[last] = note.duration
                    }
                    continue
                }
                if result[last].end > n.start { result[last].duration = n.start - result[last].start }
            }
            lastKept[key] = Int32(result.count)
            result.append(n)
            keptDuration.append(note.duration)
        }
        return result
    }
}

/// Collects a track's events with absolute ticks, a rank and a tie-breaker that orders events of
/// one tick, then sorts them into delta times with a final End of Track. The sort moves 16-byte
/// keys, not the events.
struct TrackBuilder {
    private var events: [Event] = []
    /// Per event: (tick, rank << 40 | tie-breaker << 20... packed as `order`) and its index.
    private var keys: [(tick: Int, order: Int, index: Int)] = []

    init(capacity: Int) {
        events.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    /// Adds `event` at `tick`; at one tick, lower `rank` first, then lower `tie` (0...2^40).
    mutating func add(_ tick: Int, _ rank: Int, _ tie: Int, _ event: Event) {
        keys.append((tick, rank << 40 | tie, events.count))
        events.append(event)
    }

    func track() -> Track {
        var order = keys
        var inOrder = true
        for i in order.indices.dropFirst() where (order[i - 1].tick, order[i - 1].order) > (order[i].tick, order[i].order) {
            inOrder = false
            break
        }
        if !inOrder { order.sort { ($0.tick, $0.order, $0.index) < ($1.tick, $1.order, $1.index) } }
        var out: [TrackEvent] = []
        out.reserveCapacity(order.count + 1)
        var last = 0
        for k in order {
            out.append(TrackEvent(delta: UInt32(k.tick - last), event: events[k.index]))
            last = k.tick
        }
        out.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        return Track(events: out)
    }
}
