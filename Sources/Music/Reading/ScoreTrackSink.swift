import SMF

/// The `Score` reader's track sink: one track's notes, paired from note-ons and note-offs as the
/// reader parses them, and its other channel messages, text events and signatures, all at absolute
/// ticks. `Score.read(bytes:options:)` feeds it straight from the bytes; `Score(file:)` from a
/// `MIDIFile`'s events; both then assemble the score from the sinks (`Score.assembled`).
///
/// Pairing is per (channel, note): a note-on with velocity 0 is a note-off; note-offs close the open
/// notes of their key first in, first out; a note-off with no open note is counted (`strayOffs`);
/// notes never closed end at the track's last event. `notes` are in note-on order (each is placed
/// at its note-on and given its duration at its note-off), and `finish()` sorts them stably by
/// (start, pitch, channel), as a `Part` holds them: notes of one key keep their first-in,
/// first-out order either way.
/// While the track is read they collect in the scratch's raw buffers; `finish()` makes them
/// `notes` and `controls`.
struct ScoreTrackSink: TrackSink {
    /// The open notes and the buffers of the track being read, from a `ReadScratch`: shared by the
    /// sinks of a sequential read (each is finished, and so leaves them empty, before the next
    /// starts). Held one by one, not as the scratch, so that the per-event path reaches each
    /// without a retain. Without buffers (a track read on a thread of its own) notes and controls
    /// go straight into `notes` and `controls`.
    let open: OpenNotes
    let noteBuffer: TrackBuffer<Note>
    let controlBuffer: TrackBuffer<ControlEvent>
    /// Whether notes and controls collect in the buffers (a shared scratch's) rather than the arrays.
    let buffered: Bool
    /// The tick of the last event so far: after `finish()`, the track's end.
    var tick = 0
    /// The track's notes and controls, once `finish()`ed.
    var notes: [Note] = []
    var controls: [ControlEvent] = []
    var texts: [TextEvent] = []
    /// The first track name's bytes.
    var nameBytes: [UInt8]?
    var tempos: [TempoChange] = []
    var times: [TimeSignature] = []
    var keys: [KeySignature] = []
    /// Note-offs with no sounding note.
    var strayOffs = 0
    /// Notes ended by `finish()`.
    var unclosed = 0
    /// The first note longer than a `Note` holds (`Note.durationRange`): the byte offset of the event
    /// that ends it (-1 when the events came from a `MIDIFile`), its start and its length in ticks.
    /// It is kept with the longest duration a `Note` holds; a strict `Score.read` refuses the file.
    var overlong: (offset: Int, start: Int, duration: Int)?
    /// The first control later than a `ControlEvent` holds (`ControlEvent.tickRange`): the byte
    /// offset of its event (-1 when the events came from a `MIDIFile`) and its tick. It is kept at
    /// the last tick a control holds; a strict `Score.read` refuses the file.
    var lateControl: (offset: Int, tick: Int)?
    /// The byte offset of the last control (-1 before any, or when the events came from a `MIDIFile`).
    private var lastControlOffset = -1
    /// The byte offset of the last meta event (End of Track, last of all): where the notes never
    /// ended end.
    private var lastMetaOffset = -1

    init(scratch: ReadScratch, noteCapacity: Int, controlCapacity: Int = 0) {
        open = scratch.open
        noteBuffer = scratch.notes
        controlBuffer = scratch.controls
        buffered = scratch.shared
        if buffered {
            noteBuffer.reserve(noteCapacity)
            controlBuffer.reserve(controlCapacity)
        } else {
            notes.reserveCapacity(max(0, noteCapacity))
            if controlCapacity > 0 { controls.reserveCapacity(controlCapacity) }
        }
    }

    /// A sink for a track of `chunkBytes` bytes, reserving for the notes and controls such a chunk
    /// usually holds (a note takes about 8 bytes: note-on and note-off with running status).
    init(scratch: ReadScratch, chunkBytes: Int) {
        self.init(scratch: scratch, noteCapacity: chunkBytes / 8, controlCapacity: chunkBytes / 12)
    }

    /// A channel message from the reader, as its bytes (`TrackSink`).
    @inline(__always)
    mutating func channel(status: UInt8, _ data1: UInt8, _ data2: UInt8, delta: UInt32, at offset: Int) {
        tick += Int(delta)
        if status >= 0xA0 {
            control(ControlEvent(tick: min(tick, ControlEvent.tickRange.upperBound), status: status, data1: data1, data2: data2), at: offset)
        } else if status >= 0x90 && data2 > 0 {
            noteOn(channel: status & 0x0F, pitch: data1, velocity: data2)
        } else {
            noteOff(channel: status & 0x0F, pitch: data1, at: offset)
        }
    }

    /// A channel message of a `MIDIFile` track (`Score(file:)`), whose values may lie outside what
    /// a file holds (a message built in code): kept as they are.
    mutating func channel(_ message: ChannelMessage, delta: UInt32, at offset: Int) {
        tick += Int(delta)
        switch message {
        case .noteOn(let ch, let pitch, let velocity) where velocity > 0:
            noteOn(channel: ch, pitch: pitch, velocity: velocity)
        case .noteOn(let ch, let pitch, _), .noteOff(let ch, let pitch, _):
            noteOff(channel: ch, pitch: pitch, at: offset)
        default:
            control(ControlEvent(tick: min(tick, ControlEvent.tickRange.upperBound), message: message), at: offset)
        }
    }

    /// Opens a note at the current tick: it takes its place now, in note-on order (so usually
    /// already in start order), and gets its duration when it ends.
    @inline(__always)
    private mutating func noteOn(channel: UInt8, pitch: UInt8, velocity: UInt8) {
        let note = Note(pitch: pitch, velocity: velocity, channel: channel, start: tick, duration: 0)
        let index: Int
        if buffered {
            index = noteBuffer.count
            noteBuffer.append(note)
        } else {
            index = notes.count
            notes.append(note)
        }
        open.push(key: OpenNotes.key(channel: channel, pitch: pitch), note: index)
    }

    /// Ends the oldest open note of the key at the current tick, or counts a stray note-off.
    @inline(__always)
    private mutating func noteOff(channel: UInt8, pitch: UInt8, at offset: Int) {
        if let i = open.pop(key: OpenNotes.key(channel: channel, pitch: pitch)) {
            end(note: i, at: offset)
        } else {
            strayOffs += 1
        }
    }

    /// Keeps a control placed at the current tick, or at the last tick a control holds when the
    /// current one is later (`lateControl` then names the first such).
    @inline(__always)
    private mutating func control(_ control: ControlEvent, at offset: Int) {
        lastControlOffset = offset
        if tick > ControlEvent.tickRange.upperBound, lateControl == nil { lateControl = (offset, tick) }
        if buffered { controlBuffer.append(control) } else { controls.append(control) }
    }

    mutating func meta(_ event: MetaEvent, delta: UInt32, at offset: Int) {
        tick += Int(delta)
        lastMetaOffset = offset
        switch event {
        case .tempo(let us) where us > 0:
            tempos.append(TempoChange(tick: tick, microsecondsPerQuarter: us))
        case .timeSignature(let n, let power, _, _) where power < 16:
            times.append(TimeSignature(tick: tick, numerator: Int(n), denominator: 1 << Int(power)))
        case .keySignature(let sf, let minor):
            keys.append(KeySignature(tick: tick, sharpsFlats: Int(sf), minor: minor))
        case .text(.trackName, let bytes) where nameBytes == nil:
            nameBytes = bytes
        case .text(let kind, let bytes):
            texts.append(TextEvent(tick: tick, kind: kind, bytes: bytes))
        default:
            break
        }
    }

    mutating func sysex(escape: Bool, _ data: UnsafeBufferPointer<UInt8>, delta: UInt32) {
        tick += Int(delta)
    }

    /// A sysex or escape event of a `MIDIFile` track: only its time counts.
    mutating func skip(delta: UInt32) {
        tick += Int(delta)
    }

    /// Ends the notes never ended at the track's last event, and takes the track's notes and
    /// controls from the scratch buffers.
    mutating func finish() {
        unclosed = open.count
        if unclosed > 0 {
            for key in 0..<OpenNotes.keyCount {
                while let i = open.pop(key: key) { end(note: i, at: lastMetaOffset) }
            }
        }
        // Sorted in place as a part's notes are (`Part.sortByStart`), before they leave the buffer.
        if buffered {
            Part.sortByStart(UnsafeMutableBufferPointer(start: noteBuffer.base, count: noteBuffer.count))
            notes = noteBuffer.takeArray()
            controls = controlBuffer.takeArray()
        } else {
            notes.withUnsafeMutableBufferPointer { Part.sortByStart($0) }
        }
    }

    /// Ends note `i` at the current tick, by the event at byte `offset`.
    @inline(__always)
    private mutating func end(note i: Int, at offset: Int) {
        let now = tick
        let start: Int
        if buffered {
            let note = noteBuffer.base + i
            start = note.pointee.start
            note.pointee.duration = min(now - start, Note.durationRange.upperBound)
        } else {
            // One access to the notes: the note's start read and its (limited) duration written.
            start = notes.withUnsafeMutableBufferPointer { notes in
                let start = notes[i].start
                notes[i].duration = min(now - start, Note.durationRange.upperBound)
                return start
            }
        }
        if now - start > Note.durationRange.upperBound, overlong == nil { overlong = (offset, start, now - start) }
    }
}

extension ScoreTrackSink {
    /// Moves this track, a sequence of a format 2 file, to start at `start`, after the sequences
    /// `earlier`. A sequence is timed by its own tempo map: when it sets no tempo at its first tick
    /// and the sequences before it left another tempo than the default 120 bpm, that default is set
    /// at its start (and likewise 4/4 for time signatures).
    mutating func placeSequence(at start: Int, after earlier: ArraySlice<ScoreTrackSink>) {
        if let last = earlier.last(where: { !$0.tempos.isEmpty })?.tempos.last,
           last.microsecondsPerQuarter != 500_000, !tempos.contains(where: { $0.tick == 0 }) {
            tempos.insert(TempoChange(tick: 0, microsecondsPerQuarter: 500_000), at: 0)
        }
        if let last = earlier.last(where: { !$0.times.isEmpty })?.times.last,
           (last.numerator, last.denominator) != (4, 4), !times.contains(where: { $0.tick == 0 }) {
            times.insert(TimeSignature(tick: 0, numerator: 4, denominator: 4), at: 0)
        }
        guard start != 0 else { return }
        tick += start
        for i in notes.indices { notes[i].start += start }
        // Controls come in tick order: when one lands too late, the last one does (its event is the one named).
        let lastTick = ControlEvent.tickRange.upperBound
        if let last = controls.last, last.tick + start > lastTick, lateControl == nil {
            lateControl = (lastControlOffset, last.tick + start)
        }
        for i in controls.indices { controls[i].tick = min(controls[i].tick + start, lastTick) }
        for i in texts.indices { texts[i].tick += start }
        for i in tempos.indices { tempos[i].tick += start }
        for i in times.indices { times[i].tick += start }
        for i in keys.indices { keys[i].tick += start }
    }
}
