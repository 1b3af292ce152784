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
    /// Serializes the file as a Standard MIDI File (SMF 1.0 spec).
    ///
    /// Layout: `MThd` with length 6, `format`, ntracks = `tracks.count`, `division.word`
    /// ("Header Chunks"); then one `MTrk` per track in order ("Track Chunks"), each event as
    /// `<delta VLQ> <event>`. Each `RawChunk` in `unknownChunks` is written back after the first
    /// `position` `MTrk` chunks (position 0: right after `MThd`; position >= `tracks.count`: at the
    /// end), chunks with the same position in array order.
    ///
    /// Events are written exactly as held (a `.noteOn` with velocity 0 stays a note-on; `.sysex` data
    /// follows `F0 <length>`, `.escape` data follows `F7 <length>`; a typed meta event is written with
    /// its spec length), with one addition: when a track's last event is not `.meta(.endOfTrack)`
    /// (including an empty track), `00 FF 2F 00` (End of Track, delta 0) is appended, because the spec
    /// requires every track to end with one. An End of Track elsewhere in a track is written where it is.
    ///
    /// - Parameter runningStatus: when true (the default), a channel message whose status byte equals
    ///   the previous channel message's is written without it ("running status", "MIDI events");
    ///   sysex, escape and meta events cancel running status, so the next channel message writes its
    ///   status again (as the spec asks of readers). When false every status byte is written.
    /// - Returns: the file's bytes.
    /// - Precondition: values fit their fields as documented on the types: channels 0-15, data bytes
    ///   (notes, velocities, controllers, programs, pressures) 0-127, pitch bend -8192...8191, delta
    ///   times and sysex/meta lengths <= 0x0FFFFFFF, tempo <= 0xFFFFFF, at most 65535 tracks, a
    ///   chunk of at most 0xFFFFFFFF bytes, `RawChunk.type` of 4 characters U+0000-U+00FF. A value
    ///   outside these is a programming error and traps instead of producing a corrupt file.
    public func bytes(runningStatus: Bool = true) -> [UInt8] {
        let capacity = SMFWriter.maxSize(self)
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var encoder = SMFByteEncoder(base: buffer.baseAddress!, capacity: capacity, runningStatus: runningStatus)
            SMFWriter.write(self, into: &encoder)
            initialized = encoder.count
        }
    }

    /// Writes `bytes(runningStatus:)` to `url` atomically (see `AtomicFile`): readers of `url` see
    /// the old file or the complete new one, never a partial file; on failure `url` is left as it
    /// was. A symbolic link is followed; a device or other non-regular file is refused.
    ///
    /// - Parameters:
    ///   - url: a `file:` URL; its directory must exist and be writable.
    ///   - runningStatus: see `bytes(runningStatus:)`.
    /// - Throws: `FileIOError` (operation `.write`, naming `url`'s path, with the `errno` and the
    ///   step that failed) when the temporary file cannot be created, written, flushed or renamed,
    ///   `url` is not a file URL, or it names an existing non-regular file.
    public func write(to url: URL, runningStatus: Bool = true) throws {
        try Self.write(bytes(runningStatus: runningStatus), to: url)
    }

    /// Writes SMF `bytes` to `url` atomically, as `write(to:runningStatus:)` does (same errors).
    package static func write(_ bytes: [UInt8], to url: URL) throws {
        guard url.isFileURL else {
            throw FileIOError(.write, path: url.absoluteString, code: 0, reason: "not a file URL")
        }
        try AtomicFile.write(bytes, to: url.path)
    }
}

/// `MIDIFile.bytes(runningStatus:)`: the file's chunks through an `SMFByteEncoder`.
enum SMFWriter {
    /// An upper bound on the file's size: 14 header bytes, 12 per chunk (header and a possible
    /// End of Track), the raw chunks' data, and each event's `SMFByteEncoder.maxSize`.
    static func maxSize(_ file: MIDIFile) -> Int {
        var n = 14 + 12 * (file.tracks.count + file.unknownChunks.count)
        for chunk in file.unknownChunks { n += chunk.data.count }
        for track in file.tracks {
            for e in track.events { n += SMFByteEncoder.maxSize(e.event) }
        }
        return n
    }

    static func write(_ file: MIDIFile, into encoder: inout SMFByteEncoder) {
        encoder.header(format: file.format, trackCount: file.tracks.count, division: file.division)
        // Stable order of the raw chunks by position.
        let raws = file.unknownChunks.enumerated()
            .sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
            .map(\.element)
        var r = 0
        for (i, track) in file.tracks.enumerated() {
            while r < raws.count, raws[r].position <= i {
                encoder.rawChunk(raws[r])
                r += 1
            }
            encoder.beginTrack()
            for e in track.events {
                encoder.quantity(Int(e.delta))
                encoder.event(e.event)
            }
            encoder.endTrack(appendingEndOfTrack: track.events.last?.event != .meta(.endOfTrack))
        }
        while r < raws.count {
            encoder.rawChunk(raws[r])
            r += 1
        }
    }
}
