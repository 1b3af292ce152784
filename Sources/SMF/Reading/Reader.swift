import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
import struct FoundationEssentials.URL
#else
import struct Foundation.URL
#endif

extension MIDIFile {
    /// Parses a Standard MIDI File (SMF 1.0 spec) from its bytes. This reader is strict: anything the
    /// spec does not allow is an error, except where noted below. `MIDIFile.read(bytes:options:)` with
    /// `.lenient` reads damaged files instead, reporting what it repaired.
    ///
    /// What is read:
    /// - A RIFF `RMID` file (RIFF chunk `RMID` holding a `data` chunk) is unwrapped: the SMF is the
    ///   `data` chunk's contents. Error offsets are still counted from the start of the RIFF file.
    /// - `MThd` ("Header Chunks"): must be the first chunk. A header length above 6 is accepted and the
    ///   extra bytes skipped; format 0, 1 or 2; division in ticks per quarter note (1...32767) or SMPTE
    ///   (24, 25, 29 or 30 frames per second, 1...255 ticks per frame).
    /// - `MTrk` chunks ("Track Chunks"), one `Track` each, in file order. Their number must equal the
    ///   header's `ntracks` (a format 0 file with several tracks is read as it is).
    /// - Chunks of any other type are kept as `RawChunk` (with `position` = number of `MTrk` chunks
    ///   before it) and otherwise skipped, as the spec requires of readers.
    /// - Events: delta times as variable-length quantities; channel voice messages 0x80-0xEF (pitch
    ///   bend decoded to -8192...8191); running status (a data byte where a status byte is expected
    ///   reuses the track's last channel status; each track starts with none); sysex `F0` and escape
    ///   `F7` events, kept distinct; meta events `FF`, typed as `MetaEvent` when the type is standard
    ///   and its length and values are valid, else kept as `.unknown(type:data:)`.
    /// - Sysex, escape and meta events cancel running status ("Track Chunks", "MIDI events" /
    ///   "sysex events"): a data byte straight after one is `.noRunningStatus`.
    /// - Every track chunk ends with End of Track (`FF 2F 00`), and with nothing after it; a standard
    ///   meta event is not longer than the spec gives its type (a 3-byte key signature is refused),
    ///   nor a time signature of 2 or 3 bytes; a shorter one is kept as `.unknown(type:data:)`.
    ///   (Lenient reading repairs both, with a warning.)
    ///
    /// Memory: no chunk length is trusted beyond the bytes present; nothing is allocated for a length
    /// that the data cannot hold.
    ///
    /// - Parameter bytes: the whole file.
    /// - Throws: `SMFError`, whose `offset` is counted from the start of `bytes` and whose `track` is
    ///   the 0-based `MTrk` index (nil outside tracks):
    ///   - `.notMIDI`: the data does not start with `MThd` (empty data, an image, an HTML page...).
    ///   - `.truncated`: the data or a chunk ends in the middle of something; also a chunk length larger
    ///     than the bytes left, and fewer `MTrk` chunks than `ntracks`. `offset` is where the missing
    ///     byte would be.
    ///   - `.badHeader`: `MThd` length < 6, format > 2, a zero or invalid division, more `MTrk` chunks
    ///     than `ntracks`.
    ///   - `.vlqTooLong`: a delta time or length of more than 4 bytes (`offset` = its first byte).
    ///   - `.badDataByte`: a byte >= 0x80 where a channel message data byte or a meta type belongs.
    ///   - `.noRunningStatus`: a data byte where a status byte belongs, with no channel status to reuse.
    ///   - `.badStatus`: a status byte 0xF1-0xF6, 0xF8-0xFE inside a track.
    ///   - `.endOfTrack`: a track chunk not ending with End of Track (`offset` = the chunk's end), or
    ///     with events after it (`offset` = the End of Track's FF).
    ///   - `.badMetaLength`: a standard meta event of the wrong length (`offset` = its FF).
    public init(bytes: [UInt8]) throws(SMFError) {
        self = try Self.read(bytes: bytes, options: .strict).file
    }

    /// Parses a Standard MIDI File with the given options, appending any warnings to `warnings`.
    /// With `.strict` this is `init(bytes:)`; with `.lenient` see `read(bytes:options:)`.
    public init(bytes: [UInt8], options: ReadOptions, warnings: inout [SMFWarning]) throws(SMFError) {
        let result = try Self.read(bytes: bytes, options: options)
        warnings.append(contentsOf: result.warnings)
        self = result.file
    }

    /// Parses a Standard MIDI File (or a RIFF `RMID` file holding one).
    ///
    /// `.strict` behaves as `init(bytes:)`. `.lenient` reads what a player could play and reports
    /// each repair as an `SMFWarning` (kind, track, byte offset, message); see `SMFWarning.Kind` for
    /// every case. In short: junk before `MThd` is skipped; wrong header lengths, formats, divisions
    /// and track counts are corrected; a chunk length that disagrees with the track's events is
    /// checked against where the next chunk really starts (a track whose length cannot be trusted
    /// is read up to its End of Track); junk between and after chunks is skipped; a truncated track is
    /// read up to the last whole event; each track ends with exactly one End of Track (added when
    /// missing, moved to the end when events follow it); data bytes > 127 are clamped; data bytes
    /// with no status to reuse are skipped; running status is carried across meta and sysex events;
    /// system common and real-time bytes are dropped; standard meta events of the wrong length are
    /// read at their right length when the following bytes show that is what was meant, else repaired
    /// or kept as `.unknown`; key signatures outside -7...7 are read enharmonically (8 sharps = 4
    /// flats); delta times never exceed 0x0FFFFFFF. When an event is dropped its delta time is added
    /// to the next event's, so every kept event keeps its absolute tick.
    ///
    /// Lenient reading still throws `SMFError` for data that is not an SMF: `.notMIDI` when there is
    /// no `MThd` at all (empty data, an image, an HTML page, a MIDI 2.0 clip file) and `.truncated`
    /// when the data ends inside the 14-byte header.
    ///
    /// Memory and time are linear in `bytes.count`: no length field is trusted beyond the bytes
    /// present, and at most `options.maxWarnings` warnings are kept.
    public static func read(bytes: [UInt8], options: ReadOptions) throws(SMFError) -> ReadResult {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SMFError) -> ReadResult in
            // Two specializations: in the strict one every lenient branch is compiled out.
            switch options.mode {
            case .strict:
                var reader = SMFReader<StrictReading>(buffer, options: options)
                return try reader.readFile()
            case .lenient:
                if !options.skipCleanFileShortcut, let clean = SMFReader<StrictReading>.cleanFile(buffer) { return clean }
                var reader = SMFReader<LenientReading>(buffer, options: options)
                return try reader.readFile()
            }
        }
    }

    /// Reads and parses the Standard MIDI File at `url` (see `init(bytes:)` for what is accepted).
    ///
    /// - Parameter url: a `file:` URL.
    /// - Throws: `FileIOError` (operation `.read`, naming the path) when the file cannot be opened or
    ///   read, is a directory, or `url` is not a file URL; `SMFError` (with `path` set to the file's
    ///   path) when its contents are not a valid SMF.
    public init(contentsOf url: URL) throws {
        self = try Self.read(contentsOf: url, options: .strict).file
    }

    /// Reads the file at `url` with the given options (see `read(bytes:options:)`).
    ///
    /// - Throws: `FileIOError` when the file cannot be read; `SMFError` (with `path` set) when its
    ///   contents cannot be read in this mode.
    public static func read(contentsOf url: URL, options: ReadOptions) throws -> ReadResult {
        let path = url.path
        let bytes = try fileBytes(contentsOf: url)
        do {
            return try read(bytes: bytes, options: options)
        } catch {
            var e = error
            e.path = path
            throw e
        }
    }

    /// The whole file at `url`.
    ///
    /// - Throws: `FileIOError` (operation `.read`, naming the path) when it cannot be read or `url`
    ///   is not a file URL.
    package static func fileBytes(contentsOf url: URL) throws -> [UInt8] {
        try WholeFile.read(filePath(url))
    }
}
