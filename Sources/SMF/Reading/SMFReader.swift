import FileIO

/// The SMF parser behind `MIDIFile(bytes:)` and `MIDIFile.read(bytes:options:)`. It indexes a buffer
/// of the whole file; every read is bounds-checked against the end of the current chunk before it
/// happens.
///
/// Strict and lenient reading share one code path. Every place where the data breaks the spec either
/// throws (strict) or records a warning and recovers (lenient); those places are off the hot path, so
/// strict reading costs the same as before lenient mode existed.
///
/// The reader is spread over files by concern: the header and the chunk loop here; the RIFF RMID
/// wrapper (SMFReader+RIFF), chunk search for lenient recovery (SMFReader+ChunkSearch), the fast
/// path for clean files (SMFReader+CleanFile), byte access (SMFReader+Bytes) and the words of
/// messages (SMFReader+Messages); one track's events, running status and lenient repairs in
/// TrackReader, the runs of clean channel messages that are most of a track in
/// TrackReader+ChannelRun, its delta times, lengths and data bytes in TrackReader+Bytes, the lookahead that
/// chooses between two readings of damaged bytes in TrackReader+Lookahead, and meta event payloads
/// in TrackReader+Meta.
@usableFromInline
struct SMFReader<Mode: ReadingMode> {
    @usableFromInline let p: UnsafeBufferPointer<UInt8>
    /// Whether this specialization reads leniently (a constant per specialization).
    @inlinable @inline(__always) var lenient: Bool { Mode.isLenient }
    /// Warnings found so far (a reference, so that reading methods need not be `mutating`).
    @usableFromInline var log: WarningLog
    /// The end of the SMF data: `p.count`, or the end of a RIFF `data` chunk.
    @usableFromInline var limit: Int
    /// Delta times above this are reported as `.hugeDeltaTime` (lenient; never in strict mode).
    @usableFromInline var hugeDelta: UInt32 = .max
    var ticksPerSecondAt120: Double = 960
    var hugeDeltaIsSMPTE = false
    /// The mapped file being read, if any: `readTrack` gives back its pages as it passes them.
    @usableFromInline var mapped: FileContents?

    @usableFromInline
    init(_ p: UnsafeBufferPointer<UInt8>, options: ReadOptions) {
        self.p = p
        self.log = WarningLog(maxWarnings: options.maxWarnings)
        self.limit = p.count
    }

    /// Records a warning (lenient mode only; strict mode throws instead of calling this).
    @usableFromInline @inline(never)
    func warn(_ kind: SMFWarning.Kind, track: Int?, offset: Int, _ message: @autoclosure () -> String) {
        log.counts[kind, default: 0] += 1
        if log.warnings.count < log.maxWarnings {
            log.warnings.append(SMFWarning(kind, track: track, offset: offset, message: message()))
        }
    }

    // MARK: Whole file

    /// Reads the whole file into a `MIDIFile` (tracks as `TrackEvent` arrays).
    mutating func readFile() throws(SMFError) -> ReadResult {
        var tracks: [Track] = []
        var result = try readChunks { (reader, chunk) throws(SMFError) -> Int in
            var sink = TrackEventsSink(chunkBytes: min(chunk.declaredEnd, reader.limit) - chunk.chunkStart - 8)
            let next = try reader.readTrack(index: chunk.index, chunkStart: chunk.chunkStart, declaredEnd: chunk.declaredEnd,
                                            trusted: chunk.trusted, into: &sink)
            tracks.append(Track(events: sink.events))
            return next
        }
        result.file.tracks = tracks
        return result
    }

    /// Reads the header and walks the chunks, handing each `MTrk` chunk to `readTrack`, which reads
    /// it (or arranges for it to be read) and returns where the next chunk should be looked for.
    /// The result's file has the header fields and unknown chunks, and no tracks.
    @usableFromInline
    mutating func readChunks(readTrack: (SMFReader, TrackChunk) throws(SMFError) -> Int) throws(SMFError) -> ReadResult {
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
                               expected: "\"MThd\" at the start of the RIFF RMID data chunk: it does not hold a Standard MIDI File")
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

        var trackCount = 0
        var unknown: [RawChunk] = []
        while pos < n {
            let chunkStart = pos
            let isTrack = n - pos >= 4 && has("MTrk", at: pos)
            let trackIndex: Int? = isTrack ? trackCount : nil
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
                    guard trackCount < 0xFFFF else {
                        warn(.trackCountMismatch, track: nil, offset: pos,
                             "more than 65535 MTrk chunks (the most an SMF can hold): the rest of the data from offset \(pos) ignored")
                        break
                    }
                    let trusted = declaredEnd <= n
                        && (declaredEnd == n || plausibleChunk(at: declaredEnd) || endsWithEndOfTrack(declaredEnd, from: dataStart))
                    pos = try readTrack(self, TrackChunk(index: trackCount, chunkStart: chunkStart, declaredEnd: declaredEnd, trusted: trusted))
                    trackCount += 1
                } else if plausibleChunk(at: pos) {
                    unknown.append(RawChunk(type: Self.chunkType(p, at: pos), data: raw(dataStart, length), position: trackCount))
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
                guard trackCount < declaredTracks else {
                    throw SMFError(.badHeader, track: trackCount, offset: chunkStart,
                                   expected: "no more than the \(declaredTracks) MTrk chunks declared in MThd (ntracks)")
                }
                _ = try readTrack(self, TrackChunk(index: trackCount, chunkStart: chunkStart, declaredEnd: dataEnd, trusted: true))
                trackCount += 1
            } else {
                unknown.append(RawChunk(type: Self.chunkType(p, at: pos), data: raw(dataStart, Int(length)), position: trackCount))
            }
            pos = dataEnd
        }

        if lenient {
            if trackCount != declaredTracks {
                warn(.trackCountMismatch, track: nil, offset: start + 10,
                     "MThd declares \(declaredTracks) track(s), the file holds \(trackCount) MTrk chunk(s): \(trackCount) read")
            }
            if format == nil { format = trackCount == 1 ? .singleTrack : .multiTrack }
            if format == .singleTrack && trackCount > 1 {
                warn(.formatZeroWithSeveralTracks, track: nil, offset: start + 8,
                     "format 0 file with \(trackCount) tracks: read as format 1 (the tracks play together)")
                format = .multiTrack
            }
            if trackCount == 0 {
                warn(.noTracks, track: nil, offset: n, "the file holds no MTrk chunk: there is nothing to play")
            }
        } else {
            guard trackCount == declaredTracks else {
                throw SMFError(.truncated, track: nil, offset: n,
                               expected: "\(declaredTracks) MTrk chunks as declared in MThd (ntracks), found \(trackCount)")
            }
        }
        return ReadResult(file: MIDIFile(format: format ?? .multiTrack, division: division, tracks: [], unknownChunks: unknown),
                          warnings: log.warnings, warningCounts: log.counts, container: container, headerOffset: start)
    }

    /// Ticks per second: at 120 bpm for a ticks-per-quarter division (2 x PPQN); frames per second x
    /// ticks per frame for SMPTE.
    static func ticksPerSecondAt120(_ division: Division) -> Double {
        switch division {
        case .ticksPerQuarter(let t): return Double(t) * 2
        case .smpte(let fps, let tpf): return SMPTEFrameRate.framesPerSecond(code: fps) * Double(tpf)
        }
    }

    /// Delta times above this are over an hour long (at 120 bpm): 7,200 quarter notes, or 3,600 s of
    /// SMPTE ticks.
    static func hugeDeltaThreshold(_ division: Division) -> UInt32 {
        UInt32(min(ticksPerSecondAt120(division) * 3600, Double(VLQ.maxValue)))
    }
}

/// Where one `MTrk` chunk is, as the chunk walk found it (see `SMFReader.readTrack`).
@usableFromInline
struct TrackChunk {
    @usableFromInline init(index: Int, chunkStart: Int, declaredEnd: Int, trusted: Bool) {
        self.index = index
        self.chunkStart = chunkStart
        self.declaredEnd = declaredEnd
        self.trusted = trusted
    }
    /// 0-based index among the file's `MTrk` chunks.
    @usableFromInline let index: Int
    /// Offset of the chunk header ("MTrk").
    @usableFromInline let chunkStart: Int
    /// Data start + the chunk's length field.
    @usableFromInline let declaredEnd: Int
    /// Whether that end bounds the events (strict: always).
    @usableFromInline let trusted: Bool
}
