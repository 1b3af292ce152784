import TestSupport
import Testing
import SMF

@Suite("Header, chunks and tracks")
struct ChunkTests {
    let note: [UInt8] = [0x00, 0x90, 0x3C, 0x40]
    var noteEvent: TrackEvent { TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 60, velocity: 64))) }

    @Test func headerLongerThanSixIsSkipped() throws {
        // MThd length 9: format 1, ntracks 1, division 480, then 3 extra bytes.
        let bytes = Array("MThd".utf8) + [0, 0, 0, 9, 0, 1, 0, 1, 0x01, 0xE0, 0xAB, 0xCD, 0xEF] + mtrk(note + eot)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.format == .multiTrack)
        #expect(file.division == .ticksPerQuarter(480))
        #expect(file.tracks == [Track(events: [noteEvent, eotEvent])])
        #expect(file.unknownChunks.isEmpty)
        // Written back with the standard length 6.
        #expect(file.bytes() == smf(format: 1, division: 480, note + eot))
    }

    @Test func headerWordsAreWrittenExactly() {
        let file = MIDIFile(format: .multiSequence, division: .ticksPerQuarter(0x7FFF),
                            tracks: [Track(), Track(), Track()])
        #expect(Array(file.bytes().prefix(14)) == Array("MThd".utf8) + [0, 0, 0, 6, 0, 2, 0, 3, 0x7F, 0xFF])
    }

    @Test("every format", arguments: [(UInt16(0), Format.singleTrack), (1, .multiTrack), (2, .multiSequence)])
    func formats(_ word: UInt16, _ format: Format) throws {
        let bytes = smf(format: word, eot)
        #expect(try MIDIFile(bytes: bytes).format == format)
        #expect(try MIDIFile(bytes: bytes).bytes() == bytes)
    }

    @Test func unknownChunksAreKeptAndWrittenBack() throws {
        // MThd, XFIH before any track, MTrk 0, "ZZZZ" (empty), MTrk 1, "XFKM" at the end.
        let bytes = mthd(format: 1, ntracks: 2)
            + chunk("XFIH", [1, 2, 3, 4])
            + mtrk(note + eot)
            + chunk("ZZZZ", [])
            + mtrk(eot)
            + chunk("XFKM", [0xFF, 0x00, 0x7F])
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks == [Track(events: [noteEvent, eotEvent]), Track(events: [eotEvent])])
        #expect(file.unknownChunks == [
            RawChunk(type: "XFIH", data: [1, 2, 3, 4], position: 0),
            RawChunk(type: "ZZZZ", data: [], position: 1),
            RawChunk(type: "XFKM", data: [0xFF, 0x00, 0x7F], position: 2),
        ])
        #expect(file.bytes() == bytes)
        #expect(file.bytes(runningStatus: false) == bytes)
    }

    @Test func rawChunkPositionsOrderTheOutput() {
        // Given out of order and past the end: sorted stably by position; >= tracks.count go last.
        let file = MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: [eotEvent])],
                            unknownChunks: [
                                RawChunk(type: "LAST", data: [9], position: 7),
                                RawChunk(type: "AAAA", data: [1], position: 0),
                                RawChunk(type: "BBBB", data: [2], position: 0),
                            ])
        let expected = mthd() + chunk("AAAA", [1]) + chunk("BBBB", [2]) + mtrk(eot) + chunk("LAST", [9])
        #expect(file.bytes() == expected)
    }

    @Test func nonASCIIChunkTypeRoundTrips() throws {
        let odd: [UInt8] = [0x00, 0xFF, 0x80, 0x41]
        let bytes = mthd() + mtrk(eot) + odd + [0, 0, 0, 1, 0x55]
        let file = try MIDIFile(bytes: bytes)
        #expect(file.unknownChunks.count == 1)
        #expect(file.unknownChunks[0].type.unicodeScalars.map(\.value) == [0x00, 0xFF, 0x80, 0x41])
        #expect(file.unknownChunks[0].position == 1)
        #expect(file.bytes() == bytes)
    }

    @Test func smpteDivisionE728Is25FpsAt40TicksPerFrame() throws {
        #expect(Division(word: 0xE728) == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        #expect(Division.smpte(framesPerSecond: 25, ticksPerFrame: 40).word == 0xE728)
        let bytes = smf(division: 0xE728, note + eot)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        #expect(file.bytes() == bytes)
        #expect(bytes[12] == 0xE7 && bytes[13] == 0x28)
    }

    @Test("SMPTE division words", arguments: [
        (UInt16(0xE850), UInt8(24), UInt8(80)),   // -24
        (0xE728, 25, 40),                         // -25
        (0xE304, 29, 4),                          // -29 (29.97 drop frame)
        (0xE264, 30, 100),                        // -30
        (0xE2FF, 30, 255),
    ])
    func smpteWords(_ word: UInt16, _ fps: UInt8, _ tpf: UInt8) throws {
        #expect(Division(word: word) == .smpte(framesPerSecond: fps, ticksPerFrame: tpf))
        #expect(Division.smpte(framesPerSecond: fps, ticksPerFrame: tpf).word == word)
        let bytes = smf(division: word, eot)
        #expect(try MIDIFile(bytes: bytes).division == .smpte(framesPerSecond: fps, ticksPerFrame: tpf))
        #expect(try MIDIFile(bytes: bytes).bytes() == bytes)
    }

    @Test func trackWithoutEndOfTrackIsRefused() throws {
        #expect(throws: SMFError.self) { try MIDIFile(bytes: smf(note)) }
        // The writer appends one (the spec requires it).
        let file = MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: [noteEvent])])
        #expect(file.bytes() == smf(note + eot))
    }

    @Test func emptyTrackChunk() throws {
        #expect(throws: SMFError.self) { try MIDIFile(bytes: smf([])) }
        #expect(MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track()]).bytes() == smf(eot))
    }

    @Test func eventsAfterEndOfTrackAreRefused() throws {
        let bytes = smf(eot + note + eot)
        #expect(throws: SMFError.self) { try MIDIFile(bytes: bytes) }
        // The writer writes such a track as it is given.
        let file = MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: [eotEvent, noteEvent, eotEvent])])
        #expect(file.bytes() == bytes)
    }

    @Test func endOfTrackWithDeltaIsWrittenAsHeld() throws {
        let bytes = smf(note + [0x83, 0x60, 0xFF, 0x2F, 0x00])
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks[0].events.last == TrackEvent(delta: 480, event: .meta(.endOfTrack)))
        #expect(file.bytes() == bytes)
    }

    @Test func zeroTracks() throws {
        let bytes = mthd(format: 1, ntracks: 0)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks.isEmpty)
        #expect(file.bytes() == bytes)
    }

    @Test func defaultFileWritesAValidEmptyFile() throws {
        let file = MIDIFile()
        #expect(file.bytes() == mthd(format: 1, ntracks: 0, division: 480))
        #expect(try MIDIFile(bytes: file.bytes()) == file)
    }

    @Test func timelineMergesTracksByTick() throws {
        let file = try MIDIFile(bytes: smf(format: 1,
            [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40] + eot,
            [0x30, 0x90, 0x3C, 0x40, 0x30, 0x80, 0x3C, 0x00] + eot))
        let merged = file.mergedEvents()
        #expect(merged.map(\.tick) == [0, 48, 96, 96, 96, 96])
        #expect(merged.map(\.track) == [0, 1, 0, 0, 1, 1])
        #expect(merged[2].event == .meta(.tempo(microsecondsPerQuarter: 1_000_000)))
    }
}
