/// An error reading a Standard MIDI File. `offset` is the byte offset from the start of the file
/// where the problem was found; `track` is the 0-based index of the `MTrk` chunk, or nil in the header.
public struct SMFError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The data does not start with an `MThd` chunk (not a MIDI file).
        case notMIDI
        /// The data ended while more bytes were needed.
        case truncated
        /// A variable-length quantity longer than 4 bytes.
        case vlqTooLong
        /// A data byte was expected (0x00-0x7F) but something else was found.
        case badDataByte
        /// A data byte came with no status byte before it to reuse (running status).
        case noRunningStatus
        /// A status byte that cannot appear in a track (system common / real-time 0xF1-0xFE).
        case badStatus
        /// An `MThd` field is invalid (format > 2, header length < 6, division 0, ...).
        case badHeader
        /// A chunk type other than the expected one.
        case badChunk
    }

    public var kind: Kind
    /// 0-based track (MTrk chunk) index, nil when the problem is in the header or between chunks.
    public var track: Int?
    /// Byte offset from the start of the file.
    public var offset: Int
    /// What was expected, in words, e.g. "a data byte 0x00-0x7F after status 0x90".
    public var expected: String

    public init(_ kind: Kind, track: Int?, offset: Int, expected: String) {
        self.kind = kind
        self.track = track
        self.offset = offset
        self.expected = expected
    }

    public var description: String {
        let place = track.map { "track \($0), byte offset \(offset)" } ?? "byte offset \(offset)"
        return "\(place): expected \(expected)"
    }
}
