import SMF

extension Score {
    /// The score as an SMF format 1 file: track 0 holds the tempo map and the time and key
    /// signatures; each part follows as its own track (name, controls, notes).
    ///
    /// Same-pitch notes never overlap on a channel in the output: a note still sounding when the
    /// same key starts again on that channel is ended at that tick (FluidSynth would cut it there
    /// anyway); of two notes starting together only the longer is kept. Zero-length notes are
    /// written one tick long; tempos are clamped to the meta event's range, 1...0xFFFFFF µs per
    /// quarter note. At one tick, note-offs come first, then controls, then note-ons.
    public func midiFile() -> MIDIFile {
        var conductor: [(tick: Int, order: Int, event: Event)] = []
        for t in timeSignatures {
            // The SMF stores the denominator as a power of two (8 -> 3).
            let power = UInt8(max(t.denominator, 1).trailingZeroBitCount)
            conductor.append((t.tick, 0, .meta(.timeSignature(numerator: UInt8(clamping: t.numerator), denominatorPower: power,
                                                              clocksPerClick: 24, thirtySecondsPerQuarter: 8))))
        }
        for k in keySignatures {
            conductor.append((k.tick, 0, .meta(.keySignature(sharpsFlats: Int8(clamping: k.sharpsFlats), minor: k.minor))))
        }
        for c in tempoChanges {
            // The tempo meta holds 1...0xFFFFFF microseconds per quarter note (3.58 bpm at the slowest).
            conductor.append((c.tick, 0, .meta(.tempo(microsecondsPerQuarter: min(max(c.microsecondsPerQuarter, 1), 0xFFFFFF)))))
        }
        var tracks = [Score.track(from: conductor)]
        for part in parts {
            var events: [(tick: Int, order: Int, event: Event)] = []
            if let name = part.name { events.append((0, 0, .meta(.text(.trackName, Array(name.utf8))))) }
            for c in part.controls { events.append((c.tick, 1, .channel(c.message))) }
            for n in Score.withoutSamePitchOverlaps(part.notes) {
                events.append((n.start, 2, .channel(.noteOn(channel: n.channel, note: n.pitch, velocity: max(n.velocity, 1)))))
                events.append((n.end, 0, .channel(.noteOff(channel: n.channel, note: n.pitch, velocity: 0))))
            }
            tracks.append(Score.track(from: events))
        }
        return MIDIFile(format: .multiTrack, division: division, tracks: tracks)
    }

    /// Trims notes so that no two notes of the same (channel, pitch) overlap; every duration >= 1.
    static func withoutSamePitchOverlaps(_ notes: [Note]) -> [Note] {
        var byKey: [Int: [Note]] = [:]
        for n in notes { byKey[Int(n.channel) << 7 | Int(n.pitch), default: []].append(n) }
        var result: [Note] = []
        for key in byKey.keys.sorted() {
            // Longest first among equal starts, so the kept one is the longer.
            let sorted = byKey[key]!.sorted { ($0.start, -$0.duration) < ($1.start, -$1.duration) }
            var previous: Note?
            for var n in sorted {
                n.duration = max(n.duration, 1)
                if var p = previous {
                    if n.start == p.start { continue }
                    if p.end > n.start { p.duration = n.start - p.start }
                    result.append(p)
                }
                previous = n
            }
            if let p = previous { result.append(p) }
        }
        return result
    }

    /// Sorts (tick, order) stably, converts to delta times and ends the track with End of Track.
    static func track(from events: [(tick: Int, order: Int, event: Event)]) -> Track {
        let sorted = events.enumerated().sorted {
            ($0.element.tick, $0.element.order, $0.offset) < ($1.element.tick, $1.element.order, $1.offset)
        }.map(\.element)
        var track = Track()
        var last = 0
        for e in sorted {
            track.events.append(TrackEvent(delta: UInt32(e.tick - last), event: e.event))
            last = e.tick
        }
        track.events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        return track
    }
}
