import SMF

/// One track of a score: its notes and its other channel messages. A part read from a format 0
/// file may use several channels.
public struct Part: Sendable, Hashable {
    /// The track name (SMF meta 0x03), if any: the first track name of the track, decoded as
    /// UTF-8 when valid, otherwise as Latin-1 (see ``TextEvent/text``). Setting it replaces the
    /// bytes read from the file; left as read, the writer writes those bytes unchanged.
    public var name: String? {
        didSet { nameBytes = nil }
    }
    /// The track name's bytes as read when they are not UTF-8 (Latin-1 and other 8-bit sets), kept
    /// while ``name`` is not changed; nil for UTF-8 names.
    package var nameBytes: [UInt8]?
    /// Notes sorted by start tick, then pitch, then channel.
    public var notes: [Note]
    /// Non-note channel messages sorted by tick.
    public var controls: [ControlEvent]
    /// Text meta events (lyrics, markers, text, copyright, cue points, instrument names, further
    /// track names) sorted by tick, file order kept among equal ticks; written back unchanged.
    public var texts: [TextEvent]

    public init(name: String? = nil, notes: [Note] = [], controls: [ControlEvent] = [], texts: [TextEvent] = []) {
        self.name = name
        self.notes = Part.sortedByStart(notes)
        self.controls = controls
        self.texts = texts
    }

    /// A part named by the bytes of a track name meta event, kept as they were. UTF-8 names need
    /// no copy of their bytes (the string gives them back exactly), so only other names keep one.
    package init(nameBytes: [UInt8]?, notes: [Note], controls: [ControlEvent], texts: [TextEvent]) {
        self.init(name: nameBytes.map(TextEvent.decode), notes: notes, controls: controls, texts: texts)
        if let bytes = nameBytes, !TextEvent.isValidUTF8(bytes) { self.nameBytes = bytes }
    }

    /// `notes` sorted by (start, pitch, channel), stably; no work when they are already in order.
    /// Notes read from a file come in note-on order, where only the notes of a chord may be out of
    /// pitch order: an insertion sort puts those right in a few moves each; when it has moved more
    /// than a few times the number of notes, the rest is left to the library's stable sort.
    static func sortedByStart(_ notes: [Note]) -> [Note] {
        @inline(__always)
        func before(_ a: Note, _ b: Note) -> Bool { (a.start, a.pitch, a.channel) < (b.start, b.pitch, b.channel) }
        guard let first = notes.indices.dropFirst().first(where: { before(notes[$0], notes[$0 - 1]) }) else { return notes }
        var sorted = notes
        var moves = 0
        let maxMoves = 4 * notes.count + 64
        let done = sorted.withUnsafeMutableBufferPointer { buffer -> Bool in
            for i in first..<buffer.count {
                let note = buffer[i]
                var j = i
                // Stable: a note moves only past notes that sort strictly after it.
                while j > 0 && before(note, buffer[j - 1]) {
                    buffer[j] = buffer[j - 1]
                    j -= 1
                }
                buffer[j] = note
                moves += i - j
                if moves > maxMoves { return false }
            }
            return true
        }
        return done ? sorted : notes.sorted(by: before)
    }

    /// The channels used by notes and controls, ascending.
    public var channels: [UInt8] {
        Set(notes.map(\.channel) + controls.map(\.message.channel)).sorted()
    }

    /// The General MIDI programs (0-127) set by program changes, in order of appearance, without repeats.
    public var programs: [UInt8] {
        var seen: [UInt8] = []
        for c in controls {
            if case .programChange(_, let p) = c.message, !seen.contains(p) { seen.append(p) }
        }
        return seen
    }

    /// The last tick touched by a note or control, 0 for an empty part.
    public var endTick: Int {
        max(notes.map(\.end).max() ?? 0, controls.map(\.tick).max() ?? 0)
    }
}
