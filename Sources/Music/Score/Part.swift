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

    /// A part named by the bytes of a track name meta event, kept as they were, of notes already
    /// sorted as `notes` is (`sortByStart(_:)`, as the score reader does in place). UTF-8 names need
    /// no copy of their bytes (the string gives them back exactly), so only other names keep one.
    package init(nameBytes: [UInt8]?, sortedNotes: [Note], controls: [ControlEvent], texts: [TextEvent]) {
        name = nameBytes.map(TextEvent.decode)
        notes = sortedNotes
        self.controls = controls
        self.texts = texts
        if let bytes = nameBytes, !TextEvent.isValidUTF8(bytes) { self.nameBytes = bytes }
    }

    /// `notes` sorted by (start, pitch, channel), stably; no work when they are already in order.
    static func sortedByStart(_ notes: [Note]) -> [Note] {
        guard notes.withUnsafeBufferPointer({ firstOutOfOrder($0) }) != nil else { return notes }
        var sorted = notes
        sorted.withUnsafeMutableBufferPointer { sortByStart($0) }
        return sorted
    }

    @inline(__always)
    private static func before(_ a: Note, _ b: Note) -> Bool { (a.start, a.pitch, a.channel) < (b.start, b.pitch, b.channel) }

    /// The index of the first note that sorts before the one ahead of it, nil when all are in order.
    private static func firstOutOfOrder(_ notes: UnsafeBufferPointer<Note>) -> Int? {
        var i = 1
        while i < notes.count {
            if before(notes[i], notes[i - 1]) { return i }
            i += 1
        }
        return nil
    }

    /// Sorts `notes` in place by (start, pitch, channel), stably; no work when they are already in
    /// order. Notes read from a file come in note-on order, where only the notes of a chord may be
    /// out of pitch order: an insertion sort puts those right in a few moves each; when it has moved
    /// more than a few times the number of notes, the rest is left to the library's sort (stable,
    /// as insertion keeps equal notes in their order, the result is the same).
    package static func sortByStart(_ notes: UnsafeMutableBufferPointer<Note>) {
        guard let first = firstOutOfOrder(UnsafeBufferPointer(notes)) else { return }
        var moves = 0
        let maxMoves = 4 * notes.count + 64
        for i in first..<notes.count {
            let note = notes[i]
            var j = i
            // Stable: a note moves only past notes that sort strictly after it.
            while j > 0 && before(note, notes[j - 1]) {
                notes[j] = notes[j - 1]
                j -= 1
            }
            notes[j] = note
            moves += i - j
            if moves > maxMoves {
                var rest = notes  // the same memory
                rest.sort(by: before)
                return
            }
        }
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
