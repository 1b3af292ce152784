#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import struct Foundation.URL

extension MIDIFile {
    /// Parses a Standard MIDI File (SMF 1.0 spec) from its bytes. This reader is strict: anything the
    /// spec does not allow is an error, except where noted below.
    ///
    /// What is read:
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
    /// - A track without an End of Track meta event (`FF 2F 00`) is accepted: its events are kept as
    ///   read and none is added. Events after an End of Track in the same chunk are kept as well.
    ///
    /// Memory: no chunk length is trusted beyond the bytes present; nothing is allocated for a length
    /// that the data cannot hold.
    ///
    /// - Parameter bytes: the whole file.
    /// - Throws: `SMFError`, whose `offset` is counted from the start of `bytes` and whose `track` is
    ///   the 0-based `MTrk` index (nil outside tracks):
    ///   - `.notMIDI`: the data does not start with `MThd` (empty data, an image, a RIFF `RMID` file...).
    ///   - `.truncated`: the data or a chunk ends in the middle of something; also a chunk length larger
    ///     than the bytes left, and fewer `MTrk` chunks than `ntracks`. `offset` is where the missing
    ///     byte would be.
    ///   - `.badHeader`: `MThd` length < 6, format > 2, a zero or invalid division, more `MTrk` chunks
    ///     than `ntracks`.
    ///   - `.vlqTooLong`: a delta time or length of more than 4 bytes (`offset` = its first byte).
    ///   - `.badDataByte`: a byte >= 0x80 where a channel message data byte or a meta type belongs.
    ///   - `.noRunningStatus`: a data byte where a status byte belongs, with no channel status to reuse.
    ///   - `.badStatus`: a status byte 0xF1-0xF6, 0xF8-0xFE inside a track.
    public init(bytes: [UInt8]) throws(SMFError) {
        self = try bytes.withUnsafeBufferPointer { (buffer) throws(SMFError) -> MIDIFile in
            try SMFReader(buffer).readFile()
        }
    }

    /// Reads and parses the Standard MIDI File at `url` (see `init(bytes:)` for what is accepted).
    ///
    /// - Parameter url: a `file:` URL.
    /// - Throws: `SMFFileError` (operation `.read`, naming the path) when the file cannot be opened or
    ///   read, is a directory, or `url` is not a file URL; `SMFError` (with `path` set to the file's
    ///   path) when its contents are not a valid SMF.
    public init(contentsOf url: URL) throws {
        guard url.isFileURL else {
            throw SMFFileError(.read, path: url.absoluteString, code: 0, reason: "not a file URL")
        }
        let path = url.path
        let bytes = try SMFReader.readWholeFile(path)
        do {
            try self.init(bytes: bytes)
        } catch {
            var e = error
            e.path = path
            throw e
        }
    }
}

/// The strict SMF parser behind `MIDIFile(bytes:)`. It indexes a buffer of the whole file; every read
/// is bounds-checked against the end of the current chunk before it happens.
///
/// A future lenient mode (recover from bad lengths, missing statuses..., collecting warnings) would
/// get an options value here and turn some of the `throw`s below into warnings.
struct SMFReader {
    let p: UnsafeBufferPointer<UInt8>

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
    }

    // MARK: Whole file

    func readFile() throws(SMFError) -> MIDIFile {
        let n = p.count
        guard n >= 4, p[0] == 0x4D, p[1] == 0x54, p[2] == 0x68, p[3] == 0x64 else {  // "MThd"
            throw SMFError(.notMIDI, track: nil, offset: 0, expected: Self.notMIDIMessage(p))
        }
        guard n >= 8 else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "the 4-byte MThd length at offset 4 (data ends at offset \(n))")
        }
        let headerLength = be32(4)
        guard headerLength >= 6 else {
            throw SMFError(.badHeader, track: nil, offset: 4, expected: "an MThd length of at least 6, found \(headerLength)")
        }
        guard n >= 14 else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "the 6 bytes of MThd format, ntracks and division at offset 8 (data ends at offset \(n))")
        }
        let formatWord = be16(8)
        guard let format = Format(rawValue: formatWord) else {
            throw SMFError(.badHeader, track: nil, offset: 8, expected: "MThd format 0, 1 or 2, found \(formatWord)")
        }
        let declaredTracks = Int(be16(10))
        let divisionWord = be16(12)
        let division = Division(word: divisionWord)
        switch division {
        case .ticksPerQuarter(let t):
            guard t > 0 else {
                throw SMFError(.badHeader, track: nil, offset: 12, expected: "a division of 1...32767 ticks per quarter note, found 0")
            }
        case .smpte(let fps, let tpf):
            guard [24, 25, 29, 30].contains(fps), tpf > 0 else {
                throw SMFError(.badHeader, track: nil, offset: 12,
                               expected: "an SMPTE division of -24, -25, -29 or -30 frames per second and 1...255 ticks per frame, found word 0x\(hex16(divisionWord))")
            }
        }
        guard UInt64(headerLength) <= UInt64(n - 8) else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "\(headerLength) bytes of MThd data from offset 8 (data ends at offset \(n))")
        }

        var pos = 8 + Int(headerLength)
        var tracks: [Track] = []
        tracks.reserveCapacity(min(declaredTracks, (n - pos) / 8))
        var unknown: [RawChunk] = []
        while pos < n {
            let chunkStart = pos
            let isTrack = n - pos >= 4 && p[pos] == 0x4D && p[pos + 1] == 0x54 && p[pos + 2] == 0x72 && p[pos + 3] == 0x6B  // "MTrk"
            let trackIndex: Int? = isTrack ? tracks.count : nil
            guard n - pos >= 8 else {
                throw SMFError(.truncated, track: trackIndex, offset: n,
                               expected: "an 8-byte chunk header (type, length) at offset \(chunkStart); data ends at offset \(n)")
            }
            let length = be32(pos + 4)
            let dataStart = pos + 8
            guard UInt64(length) <= UInt64(n - dataStart) else {
                throw SMFError(.truncated, track: trackIndex, offset: n,
                               expected: "\(length) bytes of the \(Self.chunkName(p, at: chunkStart)) chunk at offset \(chunkStart) (only \(n - dataStart) bytes follow its header)")
            }
            let dataEnd = dataStart + Int(length)
            if isTrack {
                guard tracks.count < declaredTracks else {
                    throw SMFError(.badHeader, track: tracks.count, offset: chunkStart,
                                   expected: "no more than the \(declaredTracks) MTrk chunks declared in MThd (ntracks)")
                }
                tracks.append(try readTrack(index: tracks.count, start: dataStart, end: dataEnd))
            } else {
                let type = String(String.UnicodeScalarView(p[pos..<pos + 4].map { Unicode.Scalar($0) }))
                unknown.append(RawChunk(type: type, data: Array(UnsafeBufferPointer(rebasing: p[dataStart..<dataEnd])),
                                        position: tracks.count))
            }
            pos = dataEnd
        }
        guard tracks.count == declaredTracks else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "\(declaredTracks) MTrk chunks as declared in MThd (ntracks), found \(tracks.count)")
        }
        return MIDIFile(format: format, division: division, tracks: tracks, unknownChunks: unknown)
    }

    // MARK: Tracks

    func readTrack(index: Int, start: Int, end: Int) throws(SMFError) -> Track {
        var events: [TrackEvent] = []
        // The smallest event is 2 bytes (delta + one running-status data byte); 3 is a fair guess.
        // Bounded by the chunk's bytes, which are present.
        events.reserveCapacity((end - start) / 3)
        var pos = start
        var running: UInt8 = 0          // last channel status, 0 = none
        var cancelledAt = -1            // offset of the sysex/meta status that last cancelled it
        while pos < end {
            let deltaOffset = pos
            let delta = try VLQ.decode(p, at: &pos, end: end, track: index, what: "delta time")
            guard pos < end else {
                throw SMFError(.truncated, track: index, offset: pos,
                               expected: "an event after the delta time at offset \(deltaOffset) (the track chunk ends at offset \(end))")
            }
            let statusOffset = pos
            var status = p[pos]
            let reused = status < 0x80
            if reused {
                guard running != 0 else {
                    let why = cancelledAt >= 0
                        ? "running status was cancelled by the \(p[cancelledAt] == 0xFF ? "meta" : "sysex") event at offset \(cancelledAt)"
                        : "no earlier channel status in this track to reuse (running status)"
                    throw SMFError(.noRunningStatus, track: index, offset: pos,
                                   expected: "a status byte, found data byte 0x\(hex8(status)); \(why)")
                }
                status = running
            } else {
                pos += 1
            }
            let event: Event
            switch status {
            case 0x80...0xEF:
                running = status
                let channel = status & 0x0F
                let kind = status >> 4
                let d1 = try dataByte(at: &pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused)
                switch kind {
                case 0xC:
                    event = .channel(.programChange(channel: channel, program: d1))
                case 0xD:
                    event = .channel(.channelPressure(channel: channel, pressure: d1))
                default:
                    let d2 = try dataByte(at: &pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused)
                    switch kind {
                    case 0x8: event = .channel(.noteOff(channel: channel, note: d1, velocity: d2))
                    case 0x9: event = .channel(.noteOn(channel: channel, note: d1, velocity: d2))
                    case 0xA: event = .channel(.polyPressure(channel: channel, note: d1, pressure: d2))
                    case 0xB: event = .channel(.controlChange(channel: channel, controller: d1, value: d2))
                    default:  // 0xE
                        event = .channel(.pitchBend(channel: channel, value: (Int16(d2) << 7 | Int16(d1)) - 8192))
                    }
                }
            case 0xF0, 0xF7:
                running = 0
                cancelledAt = statusOffset
                let name = status == 0xF0 ? "sysex (F0)" : "escape (F7)"
                let length = try VLQ.decode(p, at: &pos, end: end, track: index, what: "\(name) length")
                let data = try bytes(at: &pos, count: length, end: end, track: index,
                                     what: "\(name) event at offset \(statusOffset)")
                event = status == 0xF0 ? .sysex(data) : .escape(data)
            case 0xFF:
                running = 0
                cancelledAt = statusOffset
                guard pos < end else {
                    throw SMFError(.truncated, track: index, offset: pos,
                                   expected: "a meta event type after 0xFF at offset \(statusOffset) (the track chunk ends at offset \(end))")
                }
                let type = p[pos]
                guard type < 0x80 else {
                    throw SMFError(.badDataByte, track: index, offset: pos,
                                   expected: "a meta event type 0x00-0x7F after 0xFF at offset \(statusOffset), found 0x\(hex8(type))")
                }
                pos += 1
                let length = try VLQ.decode(p, at: &pos, end: end, track: index, what: "meta event length")
                guard UInt64(length) <= UInt64(end - pos) else {
                    throw SMFError(.truncated, track: index, offset: end,
                                   expected: "\(length) bytes of the meta event (type 0x\(hex8(type))) at offset \(statusOffset) (the track chunk ends at offset \(end))")
                }
                event = .meta(meta(type: type, at: pos, count: Int(length)))
                pos += Int(length)
            default:
                throw SMFError(.badStatus, track: index, offset: statusOffset,
                               expected: "a status byte 0x80-0xEF, 0xF0, 0xF7 or 0xFF, found 0x\(hex8(status)) (system common and real-time messages cannot appear in an SMF track)")
            }
            events.append(TrackEvent(delta: delta, event: event))
        }
        return Track(events: events)
    }

    @inline(__always)
    func dataByte(at pos: inout Int, end: Int, track: Int, status: UInt8, eventOffset: Int, runningStatus: Bool) throws(SMFError) -> UInt8 {
        guard pos < end else {
            throw SMFError(.truncated, track: track, offset: pos,
                           expected: "a data byte of the \(Self.eventName(status, eventOffset, runningStatus)); the track chunk ends at offset \(end)")
        }
        let b = p[pos]
        guard b < 0x80 else {
            throw SMFError(.badDataByte, track: track, offset: pos,
                           expected: "a data byte 0x00-0x7F of the \(Self.eventName(status, eventOffset, runningStatus)), found 0x\(hex8(b))")
        }
        pos += 1
        return b
    }

    /// `count` bytes from `pos` (advancing it) as an array; `.truncated` if they go past `end`.
    func bytes(at pos: inout Int, count: UInt32, end: Int, track: Int, what: @autoclosure () -> String) throws(SMFError) -> [UInt8] {
        guard UInt64(count) <= UInt64(end - pos) else {
            throw SMFError(.truncated, track: track, offset: end,
                           expected: "\(count) bytes of the \(what()) from offset \(pos) (the track chunk ends at offset \(end))")
        }
        let start = pos
        pos += Int(count)
        return Array(UnsafeBufferPointer(rebasing: p[start..<pos]))
    }

    // MARK: Meta events

    /// The typed meta event for `type` with data `p[at..<at+count]`; `.unknown` when the type is not
    /// standard or its length or values do not match the spec.
    func meta(type: UInt8, at s: Int, count: Int) -> MetaEvent {
        switch type {
        case 0x00:
            if count == 2 { return .sequenceNumber(be16(s)) }
            if count == 0 { return .sequenceNumber(nil) }
        case 0x01...0x0F:
            return .text(TextKind(type: type)!, raw(s, count))
        case 0x20:
            if count == 1, p[s] < 16 { return .channelPrefix(p[s]) }
        case 0x21:
            if count == 1 { return .port(p[s]) }
        case 0x2F:
            if count == 0 { return .endOfTrack }
        case 0x51:
            if count == 3 { return .tempo(microsecondsPerQuarter: UInt32(p[s]) << 16 | UInt32(p[s + 1]) << 8 | UInt32(p[s + 2])) }
        case 0x54:
            if count == 5 {
                return .smpteOffset(hours: p[s], minutes: p[s + 1], seconds: p[s + 2], frames: p[s + 3], fractionalFrames: p[s + 4])
            }
        case 0x58:
            if count == 4 {
                return .timeSignature(numerator: p[s], denominatorPower: p[s + 1], clocksPerClick: p[s + 2], thirtySecondsPerQuarter: p[s + 3])
            }
        case 0x59:
            let sf = Int8(bitPattern: count == 2 ? p[s] : 0)
            if count == 2, (-7...7).contains(sf), p[s + 1] <= 1 { return .keySignature(sharpsFlats: sf, minor: p[s + 1] == 1) }
        case 0x7F:
            return .sequencerSpecific(raw(s, count))
        default:
            break
        }
        return .unknown(type: type, data: raw(s, count))
    }

    @inline(__always)
    func raw(_ start: Int, _ count: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(rebasing: p[start..<start + count]))
    }

    // MARK: Helpers

    @inline(__always)
    func be16(_ i: Int) -> UInt16 { UInt16(p[i]) << 8 | UInt16(p[i + 1]) }

    @inline(__always)
    func be32(_ i: Int) -> UInt32 {
        UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
    }

    /// "note-on (status 0x90 at offset 23)" or "note-on (running status 0x90, event data at offset 27)".
    static func eventName(_ status: UInt8, _ offset: Int, _ runningStatus: Bool) -> String {
        runningStatus
            ? "\(channelMessageName(status)) (running status 0x\(hex8(status)), data from offset \(offset))"
            : "\(channelMessageName(status)) (status 0x\(hex8(status)) at offset \(offset))"
    }

    static func channelMessageName(_ status: UInt8) -> String {
        switch status >> 4 {
        case 0x8: return "note-off"
        case 0x9: return "note-on"
        case 0xA: return "poly pressure"
        case 0xB: return "control change"
        case 0xC: return "program change"
        case 0xD: return "channel pressure"
        default: return "pitch bend"
        }
    }

    /// The chunk type at `i` for messages: `"MTrk"` or the 4 bytes in hex when not printable.
    static func chunkName(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        let b = Array(p[i..<i + 4])
        if b.allSatisfy({ (0x20...0x7E).contains($0) }) { return "\"" + String(decoding: b, as: UTF8.self) + "\"" }
        return "type " + b.map { hex8($0) }.joined(separator: " ")
    }

    /// "\"MThd\" at offset 0: this is not a Standard MIDI File (...what it seems to be...)".
    static func notMIDIMessage(_ p: UnsafeBufferPointer<UInt8>) -> String {
        let head = Array(p.prefix(16))
        func starts(_ s: String) -> Bool { head.starts(with: Array(s.utf8)) }
        let what: String
        if head.isEmpty {
            what = "the data is empty"
        } else if starts("GIF8") {
            what = "it is a GIF image"
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            what = "it is a PNG image"
        } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            what = "it is a JPEG image"
        } else if starts("RIFF"), head.count >= 12, Array(head[8..<12]) == Array("RMID".utf8) {
            what = "it is a RIFF RMID file (an SMF wrapped in RIFF), which this reader does not unwrap"
        } else if starts("RIFF") {
            what = "it is a RIFF file (WAV?)"
        } else if starts("MTrk") {
            what = "it starts with an MTrk chunk: the MThd header chunk is missing"
        } else {
            let shown = head.prefix(8)
            let text = shown.allSatisfy({ (0x20...0x7E).contains($0) }) ? " \"\(String(decoding: shown, as: UTF8.self))\"" : ""
            what = "it starts with " + shown.map { hex8($0) }.joined(separator: " ") + text
        }
        return "\"MThd\" at offset 0: this is not a Standard MIDI File (\(what))"
    }

    // MARK: File input

    /// All bytes of the file at `path`, read with POSIX calls.
    static func readWholeFile(_ path: String) throws(SMFFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SMFFileError.posix(.read, path: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SMFFileError.posix(.read, path: path, context: "fstat(2)") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw SMFFileError(.read, path: path, code: EISDIR, reason: "is a directory")
        }
        // st_size + 1 so that a regular file is read in one call and EOF seen in the next.
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16)))
            }
            let r = bytes.withUnsafeMutableBytes { buf in read(fd, buf.baseAddress! + count, buf.count - count) }
            if r < 0 {
                if errno == EINTR { continue }
                throw SMFFileError.posix(.read, path: path, context: "read(2)")
            }
            if r == 0 { break }
            count += r
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}

@inline(never)
func hex8(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return b < 0x10 ? "0" + s : s
}

@inline(never)
func hex16(_ w: UInt16) -> String {
    hex8(UInt8(w >> 8)) + hex8(UInt8(w & 0xFF))
}
