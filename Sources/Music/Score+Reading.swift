import SMF

extension Score {
    /// Interprets a Standard MIDI File: one part per track, notes paired from note-on/note-off.
    ///
    /// Pairing is per (channel, note) within a track: a note-on with velocity 0 is a note-off; when
    /// the same key is struck again before it is released, the note-offs close the open notes first
    /// in, first out; a note never closed ends at the track's last event; a note-off with no open
    /// note is ignored. Both are reported in `readingWarnings`. Tempo, time and key signatures are collected from every track.
    public init(file: MIDIFile) {
        var parts: [Part] = []
        var tempos: [TempoChange] = [], times: [TimeSignature] = [], keys: [KeySignature] = []
        var warnings: [String] = []
        var trackEnd = 0
        for (index, track) in file.tracks.enumerated() {
            var notes: [Note] = []
            var controls: [ControlEvent] = []
            var name: String?
            // Open notes per channel * 128 + pitch, oldest first: (start tick, velocity).
            var open: [Int: [(start: Int, velocity: UInt8)]] = [:]
            var tick = 0
            var strayOffs = 0
            func close(_ key: Int, at end: Int) {
                guard var stack = open[key], !stack.isEmpty else { strayOffs += 1; return }
                let first = stack.removeFirst()
                open[key] = stack
                notes.append(Note(pitch: UInt8(key & 127), velocity: first.velocity, channel: UInt8(key >> 7),
                                  start: first.start, duration: end - first.start))
            }
            for event in track.timedEvents(track: index) {
                tick = event.tick
                switch event.event {
                case .channel(let message):
                    switch message {
                    case .noteOn(let ch, let pitch, let velocity) where velocity > 0:
                        open[Int(ch) << 7 | Int(pitch), default: []].append((tick, velocity))
                    case .noteOn(let ch, let pitch, _), .noteOff(let ch, let pitch, _):
                        close(Int(ch) << 7 | Int(pitch), at: tick)
                    default:
                        controls.append(ControlEvent(tick: tick, message: message))
                    }
                case .meta(let meta):
                    switch meta {
                    case .tempo(let us) where us > 0:
                        tempos.append(TempoChange(tick: tick, microsecondsPerQuarter: us))
                    case .timeSignature(let n, let power, _, _) where power < 16:
                        times.append(TimeSignature(tick: tick, numerator: Int(n), denominator: 1 << Int(power)))
                    case .keySignature(let sf, let minor):
                        keys.append(KeySignature(tick: tick, sharpsFlats: Int(sf), minor: minor))
                    case .text(.trackName, let bytes) where name == nil:
                        name = String(decoding: bytes, as: UTF8.self)
                    default:
                        break
                    }
                case .sysex, .escape:
                    break
                }
            }
            trackEnd = max(trackEnd, tick)
            let unclosed = open.values.reduce(0) { $0 + $1.count }
            for key in open.keys.sorted() {
                while open[key]?.isEmpty == false { close(key, at: tick) }
            }
            if strayOffs > 0 { warnings.append("track \(index): \(strayOffs) note-off(s) with no sounding note, ignored") }
            if unclosed > 0 { warnings.append("track \(index): \(unclosed) note(s) never ended, ended at the track's end (tick \(tick))") }
            parts.append(Part(name: name, notes: notes, controls: controls))
        }
        // Stable sorts: simultaneous changes keep file order (the tempo map lets the last one win).
        self.init(division: file.division, parts: parts,
                  tempoChanges: tempos.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element),
                  timeSignatures: times.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element),
                  keySignatures: keys.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element))
        readingWarnings = warnings
        trackEndTick = trackEnd
    }
}
