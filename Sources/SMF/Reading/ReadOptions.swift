/// How `MIDIFile.read(bytes:options:)` treats data that breaks the SMF 1.0 spec.
public struct ReadOptions: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// Throw `SMFError` at the first violation (what `MIDIFile(bytes:)` does).
        case strict
        /// Repair what can be repaired, skip what cannot, and report each repair as an `SMFWarning`.
        /// Only data that is not an SMF at all (no `MThd`, or a header cut short) still throws.
        case lenient
    }

    public var mode: Mode
    /// At most this many warnings are kept in `ReadResult.warnings` (a garbage file could otherwise
    /// produce one per byte); `ReadResult.warningCounts` still counts every one.
    public var maxWarnings: Int
    /// Lenient reading first tries the strict parser and keeps its result when the file has nothing a
    /// lenient read would warn about (so clean files cost no more than strict reading). True skips that
    /// shortcut; the fuzzer and tests use it to check that both paths agree.
    var skipCleanFileShortcut = false

    public init(mode: Mode, maxWarnings: Int = 1000) {
        self.mode = mode
        self.maxWarnings = max(0, maxWarnings)
    }

    /// Throw at the first violation.
    public static let strict = ReadOptions(mode: .strict)
    /// Recover and warn.
    public static let lenient = ReadOptions(mode: .lenient)
}

/// Something a lenient read found wrong and what it did about it. `offset` is the byte offset from the
/// start of the data given to the reader (for a RIFF RMID file: of the RIFF file), `track` the 0-based
/// index of the track in the result (nil outside tracks).
public struct SMFWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        // File structure
        /// Bytes before `MThd` (e.g. a 128-byte MacBinary header) were skipped.
        case junkBeforeHeader
        /// A RIFF `RMID` wrapper whose own chunk lengths are wrong (the SMF inside is still read).
        case riffStructure
        /// The `MThd` length is not 6 and is wrong (the chunk after the header starts elsewhere), or < 6.
        case headerLength
        /// The `MThd` format is not 0, 1 or 2: read as 0 (one track) or 1 (several).
        case badFormat
        /// The division is 0 ticks per quarter note, or not a valid SMPTE time base (a frame rate other
        /// than 24, 25, 29.97, 30, or 0 ticks per frame): 480 ticks per quarter note assumed.
        case badDivision
        /// `ntracks` in `MThd` differs from the number of `MTrk` chunks present: the chunks present are read.
        case trackCountMismatch
        /// A format 0 file with several tracks: read as format 1 (the tracks play together).
        case formatZeroWithSeveralTracks
        /// The file has no `MTrk` chunk at all.
        case noTracks
        /// The file ends inside a track chunk (it was cut short): what is there is read.
        case truncatedTrack
        /// A track chunk's length is larger than its events (they end with End of Track earlier and
        /// the length runs into the next chunk or past the end of the file).
        case chunkLengthTooLong
        /// A track chunk's length is smaller than its events: they run on past it to End of Track.
        case chunkLengthTooShort
        /// Bytes that are not a chunk header where one belongs: skipped up to the next `MTrk`.
        case junkBetweenChunks
        /// Bytes after the last chunk that do not form a chunk: ignored.
        case trailingBytes
        // Track contents
        /// A track does not end with End of Track: one was added.
        case missingEndOfTrack
        /// End of Track before the end of its chunk, followed by more events: the events are kept and
        /// the early End of Track dropped (a track ends with exactly one).
        case eventsAfterEndOfTrack
        /// The chunk ends in the middle of an event: the partial event was dropped.
        case truncatedEvent
        /// A variable-length quantity of more than 4 bytes: read in full; as a delta time it is taken as
        /// 0 (the bytes are garbage), as a length it is limited to 0x0FFFFFFF.
        case vlqTooLong
        /// A delta time (after adding the delta of dropped events) above 0x0FFFFFFF: limited to it.
        case deltaTooLarge
        /// A delta time of over an hour (at 120 bpm for a ticks-per-quarter division): legal, kept, but
        /// almost always damage; a player would fall silent for that long.
        case hugeDeltaTime
        /// A channel message data byte >= 0x80: clamped to 127.
        case dataByteOutOfRange
        /// Data bytes where a status byte belongs with no status to reuse: skipped to the next status byte.
        case noRunningStatus
        /// Running status continued across a meta or sysex event (the spec says those cancel it): the
        /// channel status from before it was reused.
        case runningStatusAfterMetaOrSysex
        /// A system common or real-time status (0xF1-0xF6, 0xF8-0xFE), illegal in an SMF track: dropped
        /// with its data bytes.
        case systemMessageInTrack
        /// 0xFF followed by a byte >= 0x80 (not a meta event type): the 0xFF was dropped.
        case badMetaType
        /// A standard meta event with a length its type does not allow (tempo of 2 bytes, key
        /// signature of 3...): repaired when the bytes allow it, else kept as `.unknown`.
        case metaLength
        /// A meta event value out of its range (key signature outside -7...7 or mode not 0/1, SMPTE
        /// offset fields, tempo 0, channel prefix > 15...): repaired where there is one sensible reading.
        case metaValueOutOfRange
    }

    public var kind: Kind
    /// 0-based track index in the result, nil for the header and between chunks.
    public var track: Int?
    /// Byte offset from the start of the data.
    public var offset: Int
    /// What was wrong and what was done, e.g. "data byte 0xD0 of the note-on (status 0x90 at offset
    /// 45) is above 127: clamped to 127".
    public var message: String

    package init(_ kind: Kind, track: Int?, offset: Int, message: String) {
        self.kind = kind
        self.track = track
        self.offset = offset
        self.message = message
    }

    /// "track 2, byte offset 1234: <message>" or "byte offset 0: <message>".
    public var description: String {
        let place = track.map { "track \($0), byte offset \(offset)" } ?? "byte offset \(offset)"
        return "\(place): \(message)"
    }
}

/// What `MIDIFile.read(bytes:options:)` returns: the file and what had to be repaired to read it.
public struct ReadResult: Sendable, Hashable {
    /// How the SMF was stored.
    public enum Container: Sendable, Hashable {
        /// A plain Standard MIDI File (possibly after junk bytes, see `headerOffset`).
        case smf
        /// A RIFF `RMID` file: the SMF is the contents of its `data` chunk. The other RIFF chunks
        /// (`LIST` INFO, `DISP`...) are not kept.
        case riffRMID
    }

    public var file: MIDIFile
    /// Warnings in the order found, at most `ReadOptions.maxWarnings`. Always empty in strict mode.
    public var warnings: [SMFWarning]
    /// The number of warnings of each kind, including any beyond `maxWarnings`.
    public var warningCounts: [SMFWarning.Kind: Int]
    public var container: Container
    /// The byte offset of `MThd` in the data: 0 for a plain SMF, 20 in a typical RMID file, more
    /// after junk (e.g. 128 after a MacBinary header).
    public var headerOffset: Int

    package init(file: MIDIFile, warnings: [SMFWarning] = [], warningCounts: [SMFWarning.Kind: Int] = [:],
                container: Container = .smf, headerOffset: Int = 0) {
        self.file = file
        self.warnings = warnings
        self.warningCounts = warningCounts
        self.container = container
        self.headerOffset = headerOffset
    }

    /// The total number of warnings (all kinds, including any not kept in `warnings`).
    public var warningCount: Int { warningCounts.values.reduce(0, +) }
}
