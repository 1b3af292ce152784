/// The SMF parser behind `MIDIFile(bytes:)` and `MIDIFile.read(bytes:options:)`. It indexes a buffer
/// of the whole file; every read is bounds-checked against the end of the current chunk before it
/// happens.
///
/// Strict and lenient reading share one code path. Every place where the data breaks the spec either
/// throws (strict) or records a warning and recovers (lenient); those places are off the hot path, so
/// strict reading costs the same as before lenient mode existed. File-level code is here, track-level
/// code in TrackReader.swift.
struct SMFReader<Mode: ReadingMode> {
    let p: UnsafeBufferPointer<UInt8>
    /// Whether this specialization reads leniently (a constant per specialization).
    @inline(__always) var lenient: Bool { Mode.isLenient }
    /// Warnings found so far (a reference, so that reading methods need not be `mutating`).
    let log: WarningLog
    /// The end of the SMF data: `p.count`, or the end of a RIFF `data` chunk.
    var limit: Int
    /// Delta times above this are reported as `.hugeDeltaTime` (lenient; never in strict mode).
    var hugeDelta: UInt32 = .max
    var ticksPerSecondAt120: Double = 960
    var hugeDeltaIsSMPTE = false

    init(_ p: UnsafeBufferPointer<UInt8>, options: ReadOptions) {
        self.p = p
        self.log = WarningLog(maxWarnings: options.maxWarnings)
        self.limit = p.count
    }

    /// Records a warning (lenient mode only; strict mode throws instead of calling this).
    @inline(never)
    func warn(_ kind: SMFWarning.Kind, track: Int?, offset: Int, _ message: @autoclosure () -> String) {
        log.counts[kind, default: 0] += 1
        if log.warnings.count < log.maxWarnings {
            log.warnings.append(SMFWarning(kind, track: track, offset: offset, message: message()))
        }
    }

    // MARK: Whole file

    mutating func readFile() throws(SMFError) -> ReadResult {
        var container = ReadResult.Container.smf
        var start = 0
        if Self.isRIFFRMID(p) {
            if let (dataStart, dataEnd) = try riffData() {
                start = dataStart
                limit = dataEnd
                container = .riffRMID
            }
        }
        if !has("MThd", at: start) {
            if lenient, let found = findHeader(from: start) {
                let skipped = found - start
                warn(.junkBeforeHeader, track: nil, offset: start,
                     "\(skipped) byte(s) before \"MThd\" at offset \(found) skipped\(skipped == 128 ? " (a MacBinary header?)" : "")")
                start = found
            } else if container == .riffRMID {
                throw SMFError(.notMIDI, track: nil, offset: start,
                               expected: "\"MThd\" at the start of the RIFF RMID data chunk (offset \(start)): it does not hold a Standard MIDI File")
            } else {
                throw SMFError(.notMIDI, track: nil, offset: 0, expected: Self.notMIDIMessage(p))
            }
        }
        let n = limit
        guard n - start >= 8 else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "the 4-byte MThd length at offset \(start + 4) (data ends at offset \(n))")
        }
        let headerLength = be32(start + 4)
        if !lenient {
            guard headerLength >= 6 else {
                throw SMFError(.badHeader, track: nil, offset: start + 4, expected: "an MThd length of at least 6, found \(headerLength)")
            }
        }
        guard n - start >= 14 else {
            throw SMFError(.truncated, track: nil, offset: n,
                           expected: "the 6 bytes of MThd format, ntracks and division at offset \(start + 8) (data ends at offset \(n))")
        }
        let formatWord = be16(start + 8)
        var format = Format(rawValue: formatWord)
        if format == nil {
            guard lenient else {
                throw SMFError(.badHeader, track: nil, offset: start + 8, expected: "MThd format 0, 1 or 2, found \(formatWord)")
            }
            warn(.badFormat, track: nil, offset: start + 8,
                 "MThd format \(formatWord) is not 0, 1 or 2: read as format 0 if the file has one track, else 1")
        }
        let declaredTracks = Int(be16(start + 10))
        let divisionWord = be16(start + 12)
        var division = Division(word: divisionWord)
        switch division {
        case .ticksPerQuarter(let t):
            if t == 0 {
                guard lenient else {
                    throw SMFError(.badHeader, track: nil, offset: start + 12, expected: "a division of 1...32767 ticks per quarter note, found 0")
                }
                warn(.badDivision, track: nil, offset: start + 12, "division of 0 ticks per quarter note: 480 assumed")
                division = .ticksPerQuarter(480)
            }
        case .smpte(let fps, let tpf):
            if ![24, 25, 29, 30].contains(fps) || tpf == 0 {
                guard lenient else {
                    throw SMFError(.badHeader, track: nil, offset: start + 12,
                                   expected: "an SMPTE division of -24, -25, -29 or -30 frames per second and 1...255 ticks per frame, found word 0x\(hex16(divisionWord))")
                }
                warn(.badDivision, track: nil, offset: start + 12,
                     "SMPTE division word 0x\(hex16(divisionWord)) (\(fps) frames per second, \(tpf) ticks per frame) is not a valid SMPTE time base (24, 25, 29.97 or 30 fps, 1...255 ticks per frame): 480 ticks per quarter note assumed")
                division = .ticksPerQuarter(480)
            }
        }

        if lenient {
            ticksPerSecondAt120 = Self.ticksPerSecondAt120(division)
            hugeDeltaIsSMPTE = division.isSMPTE
            hugeDelta = Self.hugeDeltaThreshold(division)
        }

        // Where the first chunk after MThd starts.
        var pos: Int
        let declaredChunkStart = start + 8 + Int(headerLength)
        if !lenient {
            guard UInt64(headerLength) <= UInt64(n - start - 8) else {
                throw SMFError(.truncated, track: nil, offset: n,
                               expected: "\(headerLength) bytes of MThd data from offset \(start + 8) (data ends at offset \(n))")
            }
            pos = declaredChunkStart
        } else if headerLength == 6 {
            pos = start + 14
        } else if headerLength > 6, plausibleChunk(at: declaredChunkStart) {
            pos = declaredChunkStart  // a longer header, as the spec allows: its extra bytes are skipped
        } else if start + 14 == n || plausibleChunk(at: start + 14) {
            warn(.headerLength, track: nil, offset: start + 4,
                 "MThd length \(headerLength), but the next chunk starts right after the 6 standard header bytes: read as 6")
            pos = start + 14
        } else if headerLength > 6, declaredChunkStart == n {
            pos = n  // a longer header and no chunks after it
        } else {
            warn(.headerLength, track: nil, offset: start + 4,
                 "MThd length \(headerLength) does not lead to a chunk: chunks searched for from offset \(start + 14)")
            pos = start + 14
        }

        var tracks: [Track] = []
        tracks.reserveCapacity(max(0, min(declaredTracks, (n - pos) / 8)))
        var unknown: [RawChunk] = []
        while pos < n {
            let chunkStart = pos
            let isTrack = n - pos >= 4 && has("MTrk", at: pos)
            let trackIndex: Int? = isTrack ? tracks.count : nil
            if lenient {
                guard n - pos >= 8 else {
                    warn(.trailingBytes, track: nil, offset: pos,
                         "\(n - pos) byte(s) after the last chunk ignored (\(Self.hexBytes(p, pos, n - pos)); too few for a chunk header)")
                    break
                }
                let length = Int(be32(pos + 4))
                let dataStart = pos + 8
                let declaredEnd = dataStart + length
                if isTrack {
                    guard tracks.count < 0xFFFF else {
                        warn(.trackCountMismatch, track: nil, offset: pos,
                             "more than 65535 MTrk chunks (the most an SMF can hold): the rest of the data from offset \(pos) ignored")
                        break
                    }
                    let trusted = declaredEnd <= n
                        && (declaredEnd == n || plausibleChunk(at: declaredEnd) || endsWithEndOfTrack(declaredEnd, from: dataStart))
                    let (track, next) = try readTrack(index: tracks.count, chunkStart: chunkStart, declaredEnd: declaredEnd, trusted: trusted)
                    tracks.append(track)
                    pos = next
                } else if plausibleChunk(at: pos) {
                    unknown.append(RawChunk(type: Self.chunkType(p, at: pos), data: raw(dataStart, length), position: tracks.count))
                    pos = declaredEnd
                } else if let next = find("MTrk", from: pos + 1) {
                    warn(.junkBetweenChunks, track: nil, offset: pos,
                         "\(next - pos) byte(s) where a chunk header belongs (\(Self.hexBytes(p, pos, 8))...) skipped to the MTrk chunk at offset \(next)")
                    pos = next
                } else {
                    warn(.trailingBytes, track: nil, offset: pos,
                         "\(n - pos) byte(s) after the last chunk that are not a chunk (\(Self.hexBytes(p, pos, 8))...) ignored")
                    break
                }
                continue
            }
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
                tracks.append(try readTrack(index: tracks.count, chunkStart: chunkStart, declaredEnd: dataEnd, trusted: true).track)
            } else {
                unknown.append(RawChunk(type: Self.chunkType(p, at: pos), data: raw(dataStart, Int(length)), position: tracks.count))
            }
            pos = dataEnd
        }

        if lenient {
            if tracks.count != declaredTracks {
                warn(.trackCountMismatch, track: nil, offset: start + 10,
                     "MThd declares \(declaredTracks) track(s), the file holds \(tracks.count) MTrk chunk(s): \(tracks.count) read")
            }
            if format == nil { format = tracks.count == 1 ? .singleTrack : .multiTrack }
            if format == .singleTrack && tracks.count > 1 {
                warn(.formatZeroWithSeveralTracks, track: nil, offset: start + 8,
                     "format 0 file with \(tracks.count) tracks: read as format 1 (the tracks play together)")
                format = .multiTrack
            }
            if tracks.isEmpty {
                warn(.noTracks, track: nil, offset: n, "the file holds no MTrk chunk: there is nothing to play")
            }
        } else {
            guard tracks.count == declaredTracks else {
                throw SMFError(.truncated, track: nil, offset: n,
                               expected: "\(declaredTracks) MTrk chunks as declared in MThd (ntracks), found \(tracks.count)")
            }
        }
        return ReadResult(file: MIDIFile(format: format ?? .multiTrack, division: division, tracks: tracks, unknownChunks: unknown),
                          warnings: log.warnings, warningCounts: log.counts, container: container, headerOffset: start)
    }

    /// Ticks per second: at 120 bpm for a ticks-per-quarter division (2 x PPQN); frames per second x
    /// ticks per frame for SMPTE.
    static func ticksPerSecondAt120(_ division: Division) -> Double {
        switch division {
        case .ticksPerQuarter(let t): return Double(t) * 2
        case .smpte(let fps, let tpf): return (fps == 29 ? 30000.0 / 1001.0 : Double(fps)) * Double(tpf)
        }
    }

    /// Delta times above this are over an hour long (at 120 bpm): 7,200 quarter notes, or 3,600 s of
    /// SMPTE ticks.
    static func hugeDeltaThreshold(_ division: Division) -> UInt32 {
        UInt32(min(ticksPerSecondAt120(division) * 3600, Double(VLQ.maxValue)))
    }

    /// The strict read of `p` when it is a plain SMF in which a lenient read would find nothing to
    /// warn about, else nil. Conservative: anything lenient reading might report (a track not ending
    /// with exactly one End of Track, a standard meta event kept as `.unknown` for its length or
    /// values, a meta value it checks, a huge delta time, format 0 with several tracks, no tracks, an
    /// unknown chunk, a header length other than 6) sends the file to the full lenient parse, so both
    /// paths give the same result (the fuzzer checks this).
    static func cleanFile(_ p: UnsafeBufferPointer<UInt8>) -> ReadResult? {
        guard p.count >= 14, p[0] == 0x4D, p[1] == 0x54, p[2] == 0x68, p[3] == 0x64,
              p[4] == 0, p[5] == 0, p[6] == 0, p[7] == 6 else { return nil }
        var reader = SMFReader<StrictReading>(p, options: .strict)
        guard let result = try? reader.readFile() else { return nil }
        let file = result.file
        guard file.unknownChunks.isEmpty, !file.tracks.isEmpty,
              !(file.format == .singleTrack && file.tracks.count > 1) else { return nil }
        let huge = hugeDeltaThreshold(file.division)
        for track in file.tracks {
            let clean = track.events.withUnsafeBufferPointer { events -> Bool in
                let last = events.count - 1
                guard last >= 0, case .meta(.endOfTrack) = events[last].event, events[last].delta <= huge else { return false }
                for i in 0..<last {
                    if events[i].delta > huge { return false }
                    switch events[i].event {
                    case .channel, .sysex, .escape:
                        continue
                    case .meta(.endOfTrack), .meta(.tempo(0)):
                        return false
                    case .meta(.unknown(let type, _)):
                        if specLength(type) != nil { return false }
                    case .meta(.smpteOffset(let h, let m, let s, let f, let ff)):
                        if !smpteOffsetInRange(h, m, s, f, ff) { return false }
                    case .meta(.timeSignature(let numerator, let power, _, _)):
                        if !timeSignatureInRange(numerator, power) { return false }
                    case .meta:
                        continue
                    }
                }
                return true
            }
            if !clean { return nil }
        }
        return result
    }

    /// "about 3.2 hours at 120 bpm" (ticks per quarter note) or "about 3.2 hours" (SMPTE).
    func hugeDeltaDescription(_ delta: UInt32) -> String {
        let hours = Double(delta) / ticksPerSecondAt120 / 3600
        let amount = hours >= 48 ? "\(Int((hours / 24).rounded())) days" : hours >= 10 ? "\(Int(hours.rounded())) hours" : "\((hours * 10).rounded() / 10) hours"
        return "about \(amount)\(hugeDeltaIsSMPTE ? "" : " at 120 bpm")"
    }

    // MARK: RIFF RMID

    /// "RIFF" <length LE> "RMID" ...
    static func isRIFFRMID(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        p.count >= 12 && p[0] == 0x52 && p[1] == 0x49 && p[2] == 0x46 && p[3] == 0x46
            && p[8] == 0x52 && p[9] == 0x4D && p[10] == 0x49 && p[11] == 0x44
    }

    /// The bounds of the `data` sub-chunk of a RIFF `RMID` file (sub-chunks: 4-byte id, 32-bit
    /// little-endian length, data padded to an even length). Nil in lenient mode when there is no
    /// usable `data` chunk (the caller then searches for `MThd`).
    func riffData() throws(SMFError) -> (Int, Int)? {
        let n = p.count
        let riffEnd = 8 + Int(le32(4))
        if riffEnd != n && lenient {
            warn(.riffStructure, track: nil, offset: 4, "the RIFF length (\(riffEnd - 8)) does not match the file (\(n - 8) bytes after it)")
        }
        var pos = 12
        let end = min(riffEnd, n)
        while end - pos >= 8 {
            let length = Int(le32(pos + 4))
            let dataStart = pos + 8
            if has("data", at: pos) {
                if dataStart + length > n {
                    guard lenient else {
                        throw SMFError(.truncated, track: nil, offset: n,
                                       expected: "\(length) bytes of the RIFF data chunk at offset \(pos) (only \(n - dataStart) bytes follow its header)")
                    }
                    warn(.riffStructure, track: nil, offset: pos + 4,
                         "the RIFF data chunk declares \(length) bytes, only \(n - dataStart) follow: read to the end of the file")
                    return (dataStart, n)
                }
                return (dataStart, dataStart + length)
            }
            pos = dataStart + length + (length & 1)
        }
        guard lenient else {
            throw SMFError(.notMIDI, track: nil, offset: 12,
                           expected: "a \"data\" chunk in the RIFF RMID file: there is none, so it holds no Standard MIDI File")
        }
        warn(.riffStructure, track: nil, offset: 12, "no \"data\" chunk found in the RIFF RMID file: searched for \"MThd\"")
        return nil
    }

    // MARK: Chunk recognition (lenient)

    /// The first offset >= `from` of "MThd" with at least a whole 14-byte header after it.
    func findHeader(from: Int) -> Int? {
        var i = from + 1
        while i + 14 <= limit {
            if p[i] == 0x4D && has("MThd", at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The first offset >= `from` of "MTrk" with a whole chunk header (8 bytes) after it.
    func find(_ type: StaticString, from: Int) -> Int? {
        let first = type.utf8Start[0]
        var i = max(from, 0)
        while i + 8 <= limit {
            if p[i] == first && has(type, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Whether a chunk header plausibly starts at `q`: "MTrk" (any length), or a type of four
    /// letters, digits or spaces (starting with a letter) whose length fits in the data.
    func plausibleChunk(at q: Int) -> Bool {
        guard q >= 0, limit - q >= 8 else { return false }
        if has("MTrk", at: q) { return true }
        func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        guard isLetter(p[q]) else { return false }
        for i in 1..<4 {
            let b = p[q + i]
            guard isLetter(b) || (0x30...0x39).contains(b) || b == 0x20 else { return false }
        }
        return UInt64(be32(q + 4)) <= UInt64(limit - q - 8)
    }

    /// Whether the 3 bytes before `end` (and after `start`) are End of Track, FF 2F 00.
    func endsWithEndOfTrack(_ end: Int, from start: Int) -> Bool {
        end - 3 >= start && end <= limit && p[end - 3] == 0xFF && p[end - 2] == 0x2F && p[end - 1] == 0x00
    }

    // MARK: Helpers

    @inline(__always)
    func has(_ s: StaticString, at i: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i >= 0, limit - i >= n, p.count - i >= n else { return false }
        let u = s.utf8Start
        for k in 0..<n where p[i + k] != u[k] { return false }
        return true
    }

    @inline(__always)
    func be16(_ i: Int) -> UInt16 { UInt16(p[i]) << 8 | UInt16(p[i + 1]) }

    @inline(__always)
    func be32(_ i: Int) -> UInt32 {
        UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
    }

    @inline(__always)
    func le32(_ i: Int) -> UInt32 {
        UInt32(p[i + 3]) << 24 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 1]) << 8 | UInt32(p[i])
    }

    @inline(__always)
    func raw(_ start: Int, _ count: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(rebasing: p[start..<start + count]))
    }

    /// The 4 bytes at `i` as a `RawChunk.type` (one scalar U+0000-U+00FF per byte).
    static func chunkType(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        String(String.UnicodeScalarView(p[i..<i + 4].map { Unicode.Scalar($0) }))
    }

    /// Up to `count` bytes from `i` in hex: "00 FF 51 03".
    static func hexBytes(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> String {
        p[i..<min(i + count, p.count)].map { hex8($0) }.joined(separator: " ")
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
        let lowered = String(decoding: head.prefix(14), as: UTF8.self).lowercased()
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
            what = "it is a RIFF RMID file whose data chunk could not be found"
        } else if starts("RIFF") {
            what = "it is a RIFF file (WAV?)"
        } else if starts("SMF2CLIP") {
            what = "it is a MIDI 2.0 Clip File (SMF2CLIP), not a Standard MIDI File 1.0"
        } else if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") {
            what = "it is an HTML page"
        } else if starts("MTrk") {
            what = "it starts with an MTrk chunk: the MThd header chunk is missing"
        } else {
            let shown = head.prefix(8)
            let text = shown.allSatisfy({ (0x20...0x7E).contains($0) }) ? " \"\(String(decoding: shown, as: UTF8.self))\"" : ""
            var found = ""
            var i = 1
            while i + 4 <= p.count {
                if p[i] == 0x4D, p[i + 1] == 0x54, p[i + 2] == 0x68, p[i + 3] == 0x64 {
                    found = "; \"MThd\" is at offset \(i): lenient reading skips the bytes before it"
                    break
                }
                i += 1
            }
            what = "it starts with " + shown.map { hex8($0) }.joined(separator: " ") + text + found
        }
        return "\"MThd\" at offset 0: this is not a Standard MIDI File (\(what))"
    }
}

/// The reader's mode as a type, so that `SMFReader<StrictReading>` is compiled without the lenient
/// branches and keeps the strict hot loop as tight as before lenient reading existed.
protocol ReadingMode {
    static var isLenient: Bool { get }
}

enum StrictReading: ReadingMode {
    @inline(__always) static var isLenient: Bool { false }
}

enum LenientReading: ReadingMode {
    @inline(__always) static var isLenient: Bool { true }
}

/// The warnings of one read: the first `maxWarnings` in order, and a count of every kind.
final class WarningLog {
    let maxWarnings: Int
    var warnings: [SMFWarning] = []
    var counts: [SMFWarning.Kind: Int] = [:]
    init(maxWarnings: Int) { self.maxWarnings = maxWarnings }
}

extension Division {
    var isSMPTE: Bool { if case .smpte = self { true } else { false } }
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
