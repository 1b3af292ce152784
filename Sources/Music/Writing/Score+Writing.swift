import SMF

extension Score {
    /// The score as an SMF format 1 file: track 0 holds the tempo map and the time and key
    /// signatures; each part follows as its own track (name, texts, controls, notes). Track
    /// names and texts are written with the bytes they were read with. `bytes(runningStatus:)`
    /// encodes the same events without building this value.
    ///
    /// Every note is written as a note-on (0x9n, velocity 1-127: 0 is written as 1, since a note-on
    /// of velocity 0 is a note-off) at its start and a note-off (0x8n, velocity 0) at its end, as
    /// the notes are: a note of length 0 keeps length 0, two notes of one key starting together
    /// are both written, and a note re-struck while it sounds keeps its own end. At one tick: the
    /// note-offs of notes begun earlier (by channel, then pitch), texts and controls in their
    /// order, note-ons (by channel, then pitch, shorter first within a key), then the note-offs of
    /// notes of length 0. So a reader that pairs the note-offs of a key with its note-ons first in,
    /// first out (as `init(file:)` and most players do) reads the same notes back, except where a
    /// note of a key ends before one begun earlier on that key still sounds; `writingWarnings`
    /// counts those. A negative duration is written as 0. Tempos are clamped to the meta event's
    /// range, 1...0xFFFFFF µs per quarter note.
    ///
    /// FluidSynth (2.3) plays a note-on on a key still sounding by releasing the sounding voice,
    /// and a note-off releases every voice of its key: a file holding on 0, on 480, off 960,
    /// off 1440 sounds as 0-480 and 480-960. Written back from its score (0-960, 480-1440) it
    /// holds the same events, so it sounds the same.
    ///
    /// Two events of a track more than 0x0FFFFFFF ticks apart (the most a delta time holds) get
    /// empty text events (FF 01 00) every 0x0FFFFFFF ticks between them, so no event moves.
    ///
    /// - Precondition: note and control values fit their SMF fields (channels 0-15, pitches and
    ///   data bytes 0-127) and ticks are >= 0; otherwise this traps rather than producing a
    ///   corrupt file.
    public func midiFile() -> MIDIFile {
        var sink = TrackEventCollector()
        sink.tracks.reserveCapacity(parts.count + 1)
        emitEvents(into: &sink, notes: parts.map { Self.writtenNotes($0.notes) })
        return MIDIFile(format: .multiTrack, division: division, tracks: sink.tracks)
    }

    /// The bytes of `midiFile()` as `MIDIFile.bytes(runningStatus:)` would write them, encoded
    /// directly from the parts' notes into one buffer (a merge of note-ons, note-offs, texts and
    /// controls; no intermediate `MIDIFile`).
    ///
    /// - Parameter runningStatus: see `MIDIFile.bytes(runningStatus:)`.
    /// - Precondition: as `midiFile()`.
    public func bytes(runningStatus: Bool = true) -> [UInt8] {
        let notes = parts.map { Self.writtenNotes($0.notes) }
        let capacity = byteEstimate(notes: notes)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var sink = SMFByteSink(SMFByteEncoder(base: buffer.baseAddress!, capacity: capacity, runningStatus: runningStatus))
            sink.encoder.header(format: .multiTrack, trackCount: parts.count + 1, division: division)
            emitEvents(into: &sink, notes: notes)
            initialized = sink.encoder.count
        }
    }

    /// An upper bound on the size of the file: 14 header bytes, then per track 12 bytes (chunk
    /// header and End of Track), per event its delta (<= 4 bytes) and body.
    func byteEstimate(notes: [[Note]]) -> Int {
        var n = 14 + 12 * (parts.count + 1) + 11 * (timeSignatures.count + keySignatures.count + tempoChanges.count)
        // Gap bridges: at most one 7-byte event per 0x0FFFFFFF ticks of each track.
        var lastTick = max(timeSignatures.map(\.tick).max() ?? 0, keySignatures.map(\.tick).max() ?? 0,
                           tempoChanges.map(\.tick).max() ?? 0)
        n += 7 * (lastTick / Int(VLQ.maxValue))
        for (part, notes) in zip(parts, notes) {
            lastTick = max(part.controls.last?.tick ?? 0, part.texts.map(\.tick).max() ?? 0)
            for note in notes { lastTick = max(lastTick, note.start + note.duration) }
            n += 7 * (lastTick / Int(VLQ.maxValue))
            n += 14 * notes.count + 7 * part.controls.count
            n += 10 + (part.nameBytes?.count ?? part.name?.utf8.count ?? 0)
            for t in part.texts { n += 10 + t.bytes.count }
        }
        return n
    }

    /// `notes` as the writer writes them: sorted by (start, channel, pitch, duration), negative
    /// durations as 0; the same array when nothing needs changing.
    static func writtenNotes(_ notes: [Note]) -> [Note] {
        @inline(__always) func before(_ a: Note, _ b: Note) -> Bool {
            if a.start != b.start { return a.start < b.start }
            if a.channel != b.channel { return a.channel < b.channel }
            if a.pitch != b.pitch { return a.pitch < b.pitch }
            return a.duration < b.duration
        }
        var ready = true
        notes.withUnsafeBufferPointer { p in
            for i in p.indices where p[i].duration < 0 || (i > 0 && before(p[i], p[i - 1])) {
                ready = false
                break
            }
        }
        if ready { return notes }
        var out = notes
        for i in out.indices where out[i].duration < 0 { out[i].duration = 0 }
        // Stable: notes equal in all four keep their order (their velocities stay with them).
        return out.enumerated().sorted { before($0.element, $1.element) || (!before($1.element, $0.element) && $0.offset < $1.offset) }
            .map(\.element)
    }
}

/// Collects the events as `Track`s with delta times (for `Score.midiFile()`).
struct TrackEventCollector: ScoreEventSink {
    var tracks: [Track] = []
    private var events: [TrackEvent] = []
    private var last = 0

    mutating func beginTrack() {
        events = []
        last = 0
    }

    mutating func note(_ tick: Int, on: Bool, channel: UInt8, pitch: UInt8, velocity: UInt8) {
        event(tick, .channel(on ? .noteOn(channel: channel, note: pitch, velocity: velocity)
                                : .noteOff(channel: channel, note: pitch, velocity: 0)))
    }

    mutating func event(_ tick: Int, _ event: Event) {
        events.append(event, after: tick - last)
        last = tick
    }

    mutating func endTrack() {
        events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        tracks.append(Track(events: events))
    }
}

/// Encodes the events straight into SMF bytes (for `Score.bytes(runningStatus:)`).
struct SMFByteSink: ScoreEventSink {
    var encoder: SMFByteEncoder
    private var last = 0

    init(_ encoder: SMFByteEncoder) {
        self.encoder = encoder
    }

    mutating func beginTrack() {
        encoder.beginTrack()
        last = 0
    }

    @inline(__always)
    mutating func note(_ tick: Int, on: Bool, channel: UInt8, pitch: UInt8, velocity: UInt8) {
        if tick - last > Int(VLQ.maxValue) { bridge(to: tick) }
        encoder.quantity(tick - last)
        last = tick
        encoder.note(status: (on ? 0x90 : 0x80) | channel, pitch: pitch, velocity: velocity)
    }

    mutating func event(_ tick: Int, _ event: Event) {
        if tick - last > Int(VLQ.maxValue) { bridge(to: tick) }
        encoder.quantity(tick - last)
        last = tick
        encoder.event(event)
    }

    /// A control's bytes straight from its storage (no `Event`); one that holds a value a file
    /// cannot goes through `event` (and its preconditions), as before.
    mutating func control(_ tick: Int, _ control: ControlEvent) {
        guard let wire = control.wireBytes else { return event(tick, .channel(control.message)) }
        if tick - last > Int(VLQ.maxValue) { bridge(to: tick) }
        encoder.quantity(tick - last)
        last = tick
        encoder.channel(status: wire.status, data1: wire.data1, data2: wire.data2)
    }

    /// Empty text events every 0x0FFFFFFF ticks until `tick` is one delta time away.
    private mutating func bridge(to tick: Int) {
        while tick - last > Int(VLQ.maxValue) {
            encoder.quantity(Int(VLQ.maxValue))
            last += Int(VLQ.maxValue)
            encoder.event(.gapBridge)
        }
    }

    mutating func endTrack() {
        encoder.endTrack(appendingEndOfTrack: true)
    }
}
