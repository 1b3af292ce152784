/// An error reading a Standard MIDI File. `offset` is the byte offset from the start of the file
/// where the problem was found; `track` is the 0-based index of the `MTrk` chunk, or nil in the header.
/// Strict reading throws one at the first violation; lenient reading (`MIDIFile.read(bytes:options:)`)
/// throws only `.notMIDI` and `.truncated` (a header cut short) and reports the rest as `SMFWarning`s.
public struct SMFError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The data does not start with an `MThd` chunk (not a MIDI file).
        case notMIDI
        /// The data or the current chunk ended while more bytes were needed (also: a chunk length larger
        /// than the bytes left, fewer `MTrk` chunks than `MThd` declares, stray bytes after the last chunk).
        case truncated
        /// A variable-length quantity longer than 4 bytes.
        case vlqTooLong
        /// A data byte was expected (0x00-0x7F) but something else was found (channel message data,
        /// meta event type).
        case badDataByte
        /// A data byte came with no status byte before it to reuse (running status).
        case noRunningStatus
        /// A status byte that cannot appear in a track (system common / real-time 0xF1-0xFE).
        case badStatus
        /// An `MThd` field is invalid (format > 2, header length < 6, division 0, an SMPTE rate other
        /// than 24/25/29/30, more `MTrk` chunks than ntracks).
        case badHeader
        /// A track chunk that does not end with End of Track (`FF 2F 00`): it is missing, or more
        /// events follow it in the chunk. (Lenient reading adds or moves it, with a warning.)
        case endOfTrack
        /// A standard meta event longer than the SMF 1.0 spec gives its type (sequence number 2,
        /// channel prefix and port 1, End of Track 0, tempo 3, SMPTE offset 5, time signature 4, key
        /// signature 2), or a time signature of 2 or 3 bytes: lenient reading repairs those (the
        /// first bytes used; default clocks), with a warning. A shorter one is kept as `.unknown`
        /// in both modes (lenient warns).
        case badMetaLength
        /// A chunk type other than the expected one. (Not thrown: the strict reader keeps unknown
        /// chunks as `RawChunk`, and lenient reading reports junk between chunks as an `SMFWarning`.)
        case badChunk
        /// A note lasts longer, from its note-on to the event that ends it, than a score can hold
        /// (`Note.durationRange` in Music: 2^39 - 1 ticks). Thrown by a strict `Score.read` (a lenient one ends the note there with a warning), at
        /// the byte offset of the event that ends the note (the note-off, or the track's End of Track).
        case noteTooLong
        /// A control (a channel message other than a note) comes later than a score can place one
        /// (`ControlEvent.tickRange` in Music: tick 2^36 - 1). Thrown by a strict `Score.read` (a
        /// lenient one places it at that tick with a warning), at the byte offset of its event (in a
        /// format 2 file, whose sequences are placed one after another, of the track's last control).
        case controlTooLate
    }

    public var kind: Kind
    /// 0-based track (MTrk chunk) index, nil when the problem is in the header or between chunks.
    public var track: Int?
    /// Byte offset from the start of the file.
    public var offset: Int
    /// What was expected, in words, e.g. "a data byte 0x00-0x7F after status 0x90".
    public var expected: String
    /// The file the bytes came from, when read with `MIDIFile(contentsOf:)`; nil for `MIDIFile(bytes:)`.
    public var path: String?

    /// - Parameters:
    ///   - kind: what went wrong.
    ///   - track: 0-based `MTrk` index, nil outside tracks.
    ///   - offset: byte offset from the start of the file (or of the bytes given to `VLQ.decode`).
    ///   - expected: what was expected there, in words.
    ///   - path: the file's path, when known.
    @usableFromInline
    package init(_ kind: Kind, track: Int?, offset: Int, expected: String, path: String? = nil) {
        self.kind = kind
        self.track = track
        self.offset = offset
        self.expected = expected
        self.path = path
    }

    /// `[<path>: ]track <n>, byte offset <offset>: expected <expected>`, e.g.
    /// "song.mid: track 2, byte offset 1234: expected a data byte 0x00-0x7F after status 0x90, found 0x91".
    public var description: String {
        let place = track.map { "track \($0), byte offset \(offset)" } ?? "byte offset \(offset)"
        let file = path.map { "\($0): " } ?? ""
        return "\(file)\(place): expected \(expected)"
    }
}
