import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import struct Foundation.URL


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
        var writer = SMFWriter(runningStatus: runningStatus)
        writer.reserve(for: self)
        writer.write(self)
        return writer.out
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
        guard url.isFileURL else {
            throw FileIOError(.write, path: url.absoluteString, code: 0, reason: "not a file URL")
        }
        try AtomicFile.write(bytes(runningStatus: runningStatus), to: url.path)
    }
}

/// The encoder behind `MIDIFile.bytes(runningStatus:)`.
struct SMFWriter {
    let runningStatus: Bool
    var out: [UInt8] = []

    init(runningStatus: Bool) {
        self.runningStatus = runningStatus
    }

    /// Reserves a generous estimate: 14 + 12 per chunk + 5 per event + the sysex/meta payloads.
    mutating func reserve(for file: MIDIFile) {
        var n = 14 + 12 * (file.tracks.count + file.unknownChunks.count)
        for chunk in file.unknownChunks { n += chunk.data.count }
        for track in file.tracks {
            n += 5 * track.events.count
            for e in track.events {
                switch e.event {
                case .channel: break
                case .sysex(let d), .escape(let d): n += d.count + 4
                case .meta(let m): n += Self.metaPayloadEstimate(m) + 4
                }
            }
        }
        out.reserveCapacity(n)
    }

    mutating func write(_ file: MIDIFile) {
        precondition(file.tracks.count <= 0xFFFF, "an SMF holds at most 65535 tracks, not \(file.tracks.count)")
        out.append(contentsOf: [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6])  // "MThd", length 6
        append16(file.format.rawValue)
        append16(UInt16(file.tracks.count))
        append16(file.division.word)

        // Stable order of the raw chunks by position.
        let raws = file.unknownChunks.enumerated()
            .sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
            .map(\.element)
        var r = 0
        for (i, track) in file.tracks.enumerated() {
            while r < raws.count, raws[r].position <= i {
                writeRaw(raws[r])
                r += 1
            }
            writeTrack(track)
        }
        while r < raws.count {
            writeRaw(raws[r])
            r += 1
        }
    }

    mutating func writeRaw(_ chunk: RawChunk) {
        let scalars = Array(chunk.type.unicodeScalars)
        precondition(scalars.count == 4 && scalars.allSatisfy { $0.value <= 0xFF },
                     "RawChunk.type must be 4 characters U+0000-U+00FF, not \"\(chunk.type)\"")
        for s in scalars { out.append(UInt8(s.value)) }
        precondition(UInt64(chunk.data.count) <= 0xFFFF_FFFF, "chunk too long for a 32-bit length")
        append32(UInt32(chunk.data.count))
        out.append(contentsOf: chunk.data)
    }

    mutating func writeTrack(_ track: Track) {
        out.append(contentsOf: [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 0])  // "MTrk", length patched below
        let lengthAt = out.count - 4
        let start = out.count
        var running: UInt8 = 0
        for e in track.events {
            VLQ.encode(e.delta, into: &out)
            switch e.event {
            case .channel(let m):
                running = writeChannel(m, running: running)
            case .sysex(let data):
                running = 0
                out.append(0xF0)
                VLQ.encode(Self.length(data.count), into: &out)
                out.append(contentsOf: data)
            case .escape(let data):
                running = 0
                out.append(0xF7)
                VLQ.encode(Self.length(data.count), into: &out)
                out.append(contentsOf: data)
            case .meta(let m):
                running = 0
                writeMeta(m)
            }
        }
        if track.events.last?.event != .meta(.endOfTrack) {
            out.append(contentsOf: [0x00, 0xFF, 0x2F, 0x00])
        }
        let length = out.count - start
        precondition(UInt64(length) <= 0xFFFF_FFFF, "track too long for a 32-bit chunk length")
        out[lengthAt] = UInt8(truncatingIfNeeded: length >> 24)
        out[lengthAt + 1] = UInt8(truncatingIfNeeded: length >> 16)
        out[lengthAt + 2] = UInt8(truncatingIfNeeded: length >> 8)
        out[lengthAt + 3] = UInt8(truncatingIfNeeded: length)
    }

    /// Writes a channel message; returns the new running status.
    @inline(__always)
    mutating func writeChannel(_ m: ChannelMessage, running: UInt8) -> UInt8 {
        precondition(m.channel < 16, "MIDI channel \(m.channel) is outside 0-15")
        let status = m.status
        if !(runningStatus && status == running) { out.append(status) }
        switch m {
        case .noteOff(_, let a, let b), .noteOn(_, let a, let b), .polyPressure(_, let a, let b),
             .controlChange(_, let a, let b):
            data(a); data(b)
        case .programChange(_, let a), .channelPressure(_, let a):
            data(a)
        case .pitchBend(_, let v):
            precondition((-8192...8191).contains(v), "pitch bend \(v) is outside -8192...8191")
            let w = UInt16(Int(v) + 8192)
            out.append(UInt8(w & 0x7F))
            out.append(UInt8(w >> 7))
        }
        return status
    }

    @inline(__always)
    mutating func data(_ b: UInt8) {
        precondition(b < 0x80, "MIDI data byte \(b) is outside 0-127")
        out.append(b)
    }

    mutating func writeMeta(_ m: MetaEvent) {
        out.append(0xFF)
        out.append(m.type)
        switch m {
        case .sequenceNumber(let n):
            if let n {
                out.append(2); append16(n)
            } else {
                out.append(0)
            }
        case .text(_, let bytes), .sequencerSpecific(let bytes), .unknown(_, let bytes):
            VLQ.encode(Self.length(bytes.count), into: &out)
            out.append(contentsOf: bytes)
        case .channelPrefix(let c), .port(let c):
            out.append(1); out.append(c)
        case .endOfTrack:
            out.append(0)
        case .tempo(let t):
            precondition(t <= 0xFF_FFFF, "tempo \(t) does not fit the 3 bytes of FF 51")
            out.append(3)
            out.append(UInt8(truncatingIfNeeded: t >> 16))
            out.append(UInt8(truncatingIfNeeded: t >> 8))
            out.append(UInt8(truncatingIfNeeded: t))
        case .smpteOffset(let h, let mn, let s, let f, let ff):
            out.append(contentsOf: [5, h, mn, s, f, ff])
        case .timeSignature(let n, let d, let c, let b):
            out.append(contentsOf: [4, n, d, c, b])
        case .keySignature(let sf, let minor):
            out.append(contentsOf: [2, UInt8(bitPattern: sf), minor ? 1 : 0])
        }
    }

    static func metaPayloadEstimate(_ m: MetaEvent) -> Int {
        switch m {
        case .text(_, let b), .sequencerSpecific(let b), .unknown(_, let b): return b.count
        default: return 5
        }
    }

    static func length(_ n: Int) -> UInt32 {
        precondition(n <= Int(VLQ.maxValue), "event data of \(n) bytes exceeds the VLQ limit 0x0FFFFFFF")
        return UInt32(n)
    }

    @inline(__always)
    mutating func append16(_ v: UInt16) {
        out.append(UInt8(v >> 8))
        out.append(UInt8(v & 0xFF))
    }

    @inline(__always)
    mutating func append32(_ v: UInt32) {
        out.append(UInt8(truncatingIfNeeded: v >> 24))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v))
    }
}
