import TestSupport
import Testing
import SMF

/// Reads `bytes` leniently; the test fails (and returns an empty result) if that throws.
func lenient(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> ReadResult {
    do {
        return try MIDIFile.read(bytes: bytes, options: .lenient)
    } catch {
        Issue.record("lenient read threw \(error)", sourceLocation: sourceLocation)
        return ReadResult(file: MIDIFile())
    }
}

/// (kind, track, offset) of each warning, for compact comparisons.
func places(_ r: ReadResult) -> [String] {
    r.warnings.map { "\($0.kind.rawValue) \($0.track.map(String.init) ?? "-") @\($0.offset)" }
}

let noteOn: [UInt8] = [0x00, 0x90, 0x3C, 0x40]
func on(_ delta: UInt32, _ note: UInt8 = 0x3C, velocity: UInt8 = 0x40) -> TrackEvent {
    TrackEvent(delta: delta, event: .channel(.noteOn(channel: 0, note: note, velocity: velocity)))
}
func off(_ delta: UInt32, _ note: UInt8 = 0x3C, velocity: UInt8 = 0x40) -> TrackEvent {
    TrackEvent(delta: delta, event: .channel(.noteOff(channel: 0, note: note, velocity: velocity)))
}
func eotAt(_ delta: UInt32) -> TrackEvent { TrackEvent(delta: delta, event: .meta(.endOfTrack)) }

/// Each case the issue lists for lenient reading, on hand-made bytes, with the strict outcome beside
/// it. Offsets: a file made by `smf(...)` has its first track body at 22.
@Suite("Lenient reading: each repair, with track and byte offset")
struct LenientTests {
    // MARK: Clean files

    @Test func cleanFileReadsTheSameInBothModesWithNoWarnings() throws {
        let bytes = smf(format: 1, noteOn + [0x60, 0x80, 0x3C, 0x40] + eot, [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20] + eot)
        let r = lenient(bytes)
        #expect(r.warnings.isEmpty)
        #expect(r.warningCount == 0)
        #expect(r.container == .smf)
        #expect(r.headerOffset == 0)
        #expect(r.file == (try MIDIFile(bytes: bytes)))
        var warnings: [SMFWarning] = []
        #expect(try MIDIFile(bytes: bytes, options: .lenient, warnings: &warnings) == r.file)
        #expect(warnings.isEmpty)
    }

    @Test func strictOptionIsTheStrictReader() {
        let bytes = smf([0x00, 0x3C, 0x40])
        let viaOptions = smfError { _ = try MIDIFile.read(bytes: bytes, options: .strict) }
        let plain = smfError { _ = try MIDIFile(bytes: bytes) }
        #expect(viaOptions != nil)
        #expect(viaOptions == plain)
    }

    // MARK: End of Track

    @Test func missingEndOfTrackIsAdded() {
        let r = lenient(smf(noteOn))
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(places(r) == ["missingEndOfTrack 0 @26"])
        // Strict refuses it, at the chunk's end.
        #expect(smfError { _ = try MIDIFile(bytes: smf(noteOn)) }.map { [$0.kind == .endOfTrack, $0.offset == 26] } == [true, true])
    }

    @Test func eventsAfterEndOfTrackAreKeptAndTheEndMoved() {
        // 22: 00 FF 2F 00 (EOT), 26: 10 90 3C 40, 30: 00 FF 2F 00.
        let bytes = smf(eot + [0x10, 0x90, 0x3C, 0x40] + eot)
        let r = lenient(bytes)
        #expect(r.file.tracks[0].events == [on(0x10), eotAt(0)])
        #expect(places(r) == ["eventsAfterEndOfTrack 0 @23"])
        #expect(r.warnings[0].message.contains("1 event(s) after it kept"))
        // Strict refuses them, at the first End of Track's FF.
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }.map { [$0.kind == .endOfTrack, $0.offset == 23] } == [true, true])
    }

    @Test func repeatedEndOfTrackKeepsOneAndTheTime() {
        // EOT at delta 5, then EOT at delta 7: one EOT at tick 12.
        let r = lenient(smf(noteOn + [0x05, 0xFF, 0x2F, 0x00, 0x07, 0xFF, 0x2F, 0x00]))
        #expect(r.file.tracks[0].events == [on(0), eotAt(12)])
        #expect(r.warningCounts == [.eventsAfterEndOfTrack: 1])
    }

    // MARK: Chunk lengths and truncation

    @Test func truncatedLastTrackKeepsTheWholeEvents() {
        // MTrk declares 10 bytes, 7 follow: 22: 00 90 3C 40, 26: 10 80 3C (cut).
        let bytes = mthd() + Array("MTrk".utf8) + be32(10) + noteOn + [0x10, 0x80, 0x3C]
        let r = lenient(bytes)
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(places(r) == ["truncatedEvent 0 @26", "truncatedTrack 0 @29"])
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }?.kind == .truncated)
    }

    @Test func fileCutInsideAChunkHeader() {
        let bytes = smf(noteOn + eot) + Array("MTr".utf8)
        let r = lenient(bytes)
        #expect(r.file.tracks.count == 1)
        #expect(places(r) == ["trailingBytes - @30"])
    }

    @Test func chunkLengthLongerThanTheTrack() {
        // Track 0 declares 100 bytes but ends with EOT after 8; track 1 follows at 30.
        let t0 = Array("MTrk".utf8) + be32(100) + noteOn + eot
        let bytes = mthd(format: 1, ntracks: 2) + t0 + mtrk(noteOn + eot)
        let r = lenient(bytes)
        #expect(r.file.tracks.count == 2)
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(r.file.tracks[1].events == [on(0), eotAt(0)])
        #expect(places(r) == ["chunkLengthTooLong 0 @18"])
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }?.kind == .truncated)
    }

    @Test func chunkLengthLongerThanTheFileButTheTrackIsWhole() {
        // The MIDIBadTrackLength case: a complete track whose length says 16 MiB more.
        let bytes = mthd() + Array("MTrk".utf8) + be32(8 + 0x0100_0000) + noteOn + eot
        let r = lenient(bytes)
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(r.warningCounts == [.chunkLengthTooLong: 1])
    }

    @Test func chunkLengthShorterThanTheTrack() {
        // Track 0 declares 4 bytes, its events take 12; track 1 follows.
        let t0 = Array("MTrk".utf8) + be32(4) + noteOn + [0x10, 0x80, 0x3C, 0x00] + eot
        let bytes = mthd(format: 1, ntracks: 2) + t0 + mtrk(eot)
        let r = lenient(bytes)
        #expect(r.file.tracks.count == 2)
        #expect(r.file.tracks[0].events == [on(0), off(0x10, velocity: 0), eotAt(0)])
        #expect(places(r) == ["chunkLengthTooShort 0 @18"])
    }

    @Test func bytesAfterTheLastChunkAreIgnored() {
        let bytes = smf(noteOn + eot) + [0x00, 0x01, 0x02]
        let r = lenient(bytes)
        #expect(r.file == (try? MIDIFile(bytes: smf(noteOn + eot))))
        #expect(places(r) == ["trailingBytes - @30"])
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }?.kind == .truncated)
    }

    @Test func junkBetweenChunksIsSkippedToTheNextTrack() {
        let bytes = mthd(format: 1, ntracks: 2) + mtrk(noteOn + eot) + [0xDE, 0xAD, 0xBE, 0xEF, 0x00] + mtrk(eot)
        let r = lenient(bytes)
        #expect(r.file.tracks.count == 2)
        #expect(places(r) == ["junkBetweenChunks - @30"])
    }

    @Test func unknownChunksAreKeptWithoutWarning() {
        let bytes = mthd() + chunk("XFIH", [1, 2, 3]) + mtrk(eot)
        let r = lenient(bytes)
        #expect(r.warnings.isEmpty)
        #expect(r.file.unknownChunks == [RawChunk(type: "XFIH", data: [1, 2, 3], position: 0)])
    }

    // MARK: Header

    @Test func junkBeforeTheHeaderIsSkipped() throws {
        let plain = smf(noteOn + eot)
        let bytes = [UInt8](repeating: 0, count: 128) + plain
        let r = lenient(bytes)
        #expect(r.file == (try MIDIFile(bytes: plain)))
        #expect(r.headerOffset == 128)
        #expect(places(r) == ["junkBeforeHeader - @0"])
        #expect(r.warnings[0].message.contains("MacBinary"))
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }?.kind == .notMIDI)
    }

    /// "RIFF" <len> "RMID" "data" <len> <SMF> [pad] then an INFO list.
    static func rmid(_ smf: [UInt8]) -> [UInt8] {
        let pad: [UInt8] = smf.count % 2 == 1 ? [0] : []
        let info = Array("LIST".utf8) + le32(4) + Array("INFO".utf8)
        let body = Array("RMID".utf8) + Array("data".utf8) + le32(UInt32(smf.count)) + smf + pad + info
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    @Test func riffRMIDIsUnwrappedInBothModes() throws {
        let plain = smf(format: 1, noteOn + eot)
        let wrapped = Self.rmid(plain)
        let r = lenient(wrapped)
        #expect(r.container == .riffRMID)
        #expect(r.headerOffset == 20)
        #expect(r.warnings.isEmpty)
        #expect(r.file == (try MIDIFile(bytes: plain)))
        #expect(try MIDIFile(bytes: wrapped) == MIDIFile(bytes: plain))
        // Offsets in errors count from the start of the RIFF file: the bad byte at 25 is at 45.
        let bad = Self.rmid(smf([0x00, 0x90, 0x3C, 0xC0] + eot))
        #expect(smfError { _ = try MIDIFile(bytes: bad) } .map { ($0.kind, $0.offset) } ?? (.notMIDI, 0) == (.badDataByte, 45))
        #expect(places(lenient(bad)) == ["dataByteOutOfRange 0 @45"])
    }

    @Test func riffDataChunkLongerThanTheFile() {
        var wrapped = Self.rmid(smf(noteOn + eot))
        wrapped.removeLast(12)  // the INFO list
        wrapped[16] = 0xFF      // data length low byte: now far too long
        #expect(smfError { _ = try MIDIFile(bytes: wrapped) }?.kind == .truncated)
        let r = lenient(wrapped)
        #expect(r.file.tracks.first?.events == [on(0), eotAt(0)])
        #expect(r.warningCounts[.riffStructure] == 2)  // the RIFF length and the data length
    }

    @Test func trackCountInTheHeaderDiffersFromTheChunks() {
        let twoDeclared = mthd(format: 1, ntracks: 2) + mtrk(noteOn + eot)
        #expect(places(lenient(twoDeclared)) == ["trackCountMismatch - @10"])
        #expect(smfError { _ = try MIDIFile(bytes: twoDeclared) }?.kind == .truncated)
        let noneDeclared = mthd(format: 0, ntracks: 0) + mtrk(noteOn + eot)
        let r = lenient(noneDeclared)
        #expect(r.file.tracks.count == 1)
        #expect(places(r) == ["trackCountMismatch - @10"])
        #expect(smfError { _ = try MIDIFile(bytes: noneDeclared) }?.kind == .badHeader)
    }

    @Test func formatZeroWithSeveralTracksIsReadAsFormatOne() {
        let bytes = smf(format: 0, noteOn + eot, eot)
        let r = lenient(bytes)
        #expect(r.file.format == .multiTrack)
        #expect(r.file.tracks.count == 2)
        #expect(places(r) == ["formatZeroWithSeveralTracks - @8"])
        #expect((try? MIDIFile(bytes: bytes))?.format == .singleTrack)  // strict: as written
    }

    @Test(arguments: [(UInt16(3), Format.singleTrack, 1), (29697, .multiTrack, 2)])
    func badFormatIsGuessedFromTheTracks(_ word: UInt16, _ expected: Format, _ tracks: Int) {
        let bytes = mthd(format: word, ntracks: UInt16(tracks)) + Array(repeating: mtrk(eot), count: tracks).flatMap { $0 }
        let r = lenient(bytes)
        #expect(r.file.format == expected)
        #expect(places(r) == ["badFormat - @8"])
    }

    @Test func headerLengthThatSkipsTheFirstChunkIsReadAsSix() {
        // The MIDIBadHeaderLength case: length 22, but MTrk right after the 6 standard bytes.
        var bytes = smf(noteOn + eot)
        bytes[7] = 22
        let r = lenient(bytes)
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(places(r) == ["headerLength - @4"])
    }

    @Test func longerHeaderIsHonouredWithoutWarning() {
        let bytes = Array("MThd".utf8) + be32(10) + [0, 0, 0, 1, 0, 96, 0xAA, 0xBB, 0xCC, 0xDD] + mtrk(eot)
        let r = lenient(bytes)
        #expect(r.warnings.isEmpty)
        #expect(r.file.tracks.count == 1)
    }

    @Test func headerShorterThanSix() {
        var bytes = smf(eot)
        bytes[7] = 4
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }?.kind == .badHeader)
        #expect(places(lenient(bytes)) == ["headerLength - @4"])
    }

    @Test func unusableDivisionsBecome480TicksPerQuarter() {
        for word: UInt16 in [0x0000, 0xE700, 0xC100] {  // 0 PPQ; 25 fps x 0; 63 fps
            let r = lenient(smf(division: word, eot))
            #expect(r.file.division == .ticksPerQuarter(480), "division word \(word)")
            #expect(places(r) == ["badDivision - @12"])
        }
    }

    @Test func smpteDivisionIsReadWithoutWarning() {
        let r = lenient(smf(division: 0xE728, noteOn + eot))  // 25 fps x 40
        #expect(r.file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        #expect(r.warnings.isEmpty)
    }

    @Test func zeroTrackFile() {
        let bytes = mthd(ntracks: 0)
        #expect((try? MIDIFile(bytes: bytes))?.tracks == [])
        let r = lenient(bytes)
        #expect(r.file.tracks.isEmpty)
        #expect(places(r) == ["noTracks - @14"])
    }

    // MARK: Status and data bytes

    @Test func dataBytesAbove127AreClamped() {
        let bytes = smf([0x00, 0x90, 0x3C, 0xD0] + [0x10, 0xB0, 0x87, 0x40] + eot)
        let r = lenient(bytes)
        #expect(r.file.tracks[0].events == [
            on(0, velocity: 127),
            TrackEvent(delta: 0x10, event: .channel(.controlChange(channel: 0, controller: 127, value: 0x40))), eotAt(0),
        ])
        #expect(places(r) == ["dataByteOutOfRange 0 @25", "dataByteOutOfRange 0 @28"])
        #expect(smfError { _ = try MIDIFile(bytes: bytes) }.map { ($0.kind, $0.offset) } ?? (.notMIDI, 0) == (.badDataByte, 25))
    }

    @Test func dataBytesWithNoStatusAreSkippedKeepingTheNextDelta() {
        // 22: 00 (delta), 23: 3C 40 (no status), 25: 60 90 3C 40 (an event at delta 0x60).
        let r = lenient(smf([0x00, 0x3C, 0x40, 0x60, 0x90, 0x3C, 0x40] + eot))
        #expect(r.file.tracks[0].events == [on(0x60), eotAt(0)])
        #expect(places(r) == ["noRunningStatus 0 @23"])
        #expect(r.warnings[0].message.hasSuffix("2 byte(s) skipped"))
    }

    @Test func runningStatusAcrossMetaAndSysex() {
        // Note-on, text meta, then running-status data: the jazz-soft test-running-status-* case.
        let body: [UInt8] = noteOn + [0x00, 0xFF, 0x01, 0x01, 0x41] + [0x10, 0x3E, 0x40]
            + [0x00, 0xF0, 0x02, 0x7E, 0xF7] + [0x10, 0x40, 0x40] + eot
        let r = lenient(smf(body))
        let events = r.file.tracks[0].events
        #expect(events.count == 6)
        #expect(events[2] == on(0x10, 0x3E))
        #expect(events[4] == on(0x10, 0x40))
        #expect(places(r) == ["runningStatusAfterMetaOrSysex 0 @32", "runningStatusAfterMetaOrSysex 0 @40"])
        #expect(smfError { _ = try MIDIFile(bytes: smf(body)) }?.kind == .noRunningStatus)
    }

    @Test func systemMessagesInsideATrackAreDropped() {
        // The jazz-soft test-illegal-message-all layout: each message with its own delta time.
        var body: [UInt8] = [0x00, 0xF1, 0x7F, 0x00, 0xF2, 0x7F, 0x7F, 0x00, 0xF3, 0x7F]
        for status: UInt8 in [0xF4, 0xF5, 0xF6, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE] { body += [0x00, status] }
        body += [0x05, 0x90, 0x3C, 0x40] + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events == [on(5), eotAt(0)])
        #expect(r.warningCounts == [.systemMessageInTrack: 13])
        #expect(r.warnings[0].offset == 23)
        #expect(smfError { _ = try MIDIFile(bytes: smf(body)) }?.kind == .badStatus)
    }

    @Test func deltasOfDroppedEventsAreKept() {
        // F8 at delta 10, note-on at delta 20: the note-on lands at tick 30.
        let r = lenient(smf([0x0A, 0xF8, 0x14, 0x90, 0x3C, 0x40] + eot))
        #expect(r.file.tracks[0].events == [on(30), eotAt(0)])
    }

    @Test func realTimeByteBetweenDeltaAndRunningStatusData() {
        // brand_3-like: channel pressure D0 70, then 02 FA 30: the FA sits between a delta time and
        // running-status data, so the 30 is pressure data, not a delta.
        let body: [UInt8] = [0x00, 0xD0, 0x70, 0x02, 0xFA, 0x30, 0x02, 0x31] + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events == [
            TrackEvent(delta: 0, event: .channel(.channelPressure(channel: 0, pressure: 0x70))),
            TrackEvent(delta: 2, event: .channel(.channelPressure(channel: 0, pressure: 0x30))),
            TrackEvent(delta: 2, event: .channel(.channelPressure(channel: 0, pressure: 0x31))),
            eotAt(0),
        ])
        #expect(places(r) == ["systemMessageInTrack 0 @26"])
    }

    @Test func metaTypeAbove127DropsTheFF() {
        let r = lenient(smf([0x00, 0xFF, 0xF8, 0x05, 0x90, 0x3C, 0x40] + eot))
        // FF dropped; F8 then dropped as a real-time byte; the note-on keeps delta 5.
        #expect(r.file.tracks[0].events == [on(5), eotAt(0)])
        #expect(places(r) == ["badMetaType 0 @23", "systemMessageInTrack 0 @24"])
    }

    @Test func overlongDeltaIsReadAsZero() {
        let r = lenient(smf([0x80, 0x80, 0x80, 0x80, 0x01, 0x90, 0x3C, 0x40] + eot))
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(places(r) == ["vlqTooLong 0 @22"])
        #expect(smfError { _ = try MIDIFile(bytes: smf([0x80, 0x80, 0x80, 0x80, 0x01, 0x90, 0x3C, 0x40] + eot)) }?.kind == .vlqTooLong)
    }

    @Test func hugeDeltaTimesAreKeptAndReported() throws {
        // Two maximal deltas: 2 x 0x0FFFFFFF ticks; absolute ticks need more than 28 bits.
        let body: [UInt8] = [0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40, 0xFF, 0xFF, 0xFF, 0x7F, 0x80, 0x3C, 0x40] + eot
        let strict = try MIDIFile(bytes: smf(body))
        #expect(strict.tracks[0].timedEvents().map(\.tick) == [0x0FFF_FFFF, 0x1FFF_FFFE, 0x1FFF_FFFE])
        let r = lenient(smf(body))
        #expect(r.file == strict)
        #expect(places(r) == ["hugeDeltaTime 0 @22", "hugeDeltaTime 0 @29"])
        #expect(r.warnings[0].message.contains("days at 120 bpm"))
    }

    @Test func droppedDeltasAreLimitedToTheSMFMaximum() {
        let body: [UInt8] = [0xFF, 0xFF, 0xFF, 0x7F, 0xF8, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40] + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events[0] == on(VLQ.maxValue))
        #expect(r.warningCounts[.deltaTooLarge] == 1)
    }

    // MARK: Meta events

    @Test func tempoOfTwoBytesIsKeptAsUnknown() {
        // The balloons case: FF 51 02 0C 35, and the next event starts right after.
        let body: [UInt8] = [0x00, 0xFF, 0x51, 0x02, 0x0C, 0x35] + noteOn + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events[0].event == .meta(.unknown(type: 0x51, data: [0x0C, 0x35])))
        #expect(places(r) == ["metaLength 0 @23"])
        #expect((try? MIDIFile(bytes: smf(body)))?.tracks[0].events[0].event == .meta(.unknown(type: 0x51, data: [0x0C, 0x35])))
    }

    @Test func timeSignatureWhoseLengthByteIsWrong() {
        // The ENTERTN case: FF 58 02, but four data bytes follow before the next event.
        let body: [UInt8] = [0x00, 0xFF, 0x58, 0x02, 0x04, 0x02, 0x18, 0x08, 0x81, 0x64, 0xFF, 0x2F, 0x00]
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events == [
            TrackEvent(delta: 0, event: .meta(.timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8))),
            eotAt(0xE4),
        ])
        #expect(places(r) == ["metaLength 0 @23"])
        #expect(smfError { _ = try MIDIFile(bytes: smf(body)) }.map { [$0.kind == .badMetaLength, $0.offset == 23] } == [true, true])
    }

    @Test func shortTimeSignatureGetsDefaults() {
        let body: [UInt8] = [0x00, 0xFF, 0x58, 0x02, 0x03, 0x03] + noteOn + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events[0].event ==
                .meta(.timeSignature(numerator: 3, denominatorPower: 3, clocksPerClick: 24, thirtySecondsPerQuarter: 8)))
        #expect(places(r) == ["metaLength 0 @23"])
    }

    @Test func keySignatureOfThreeBytesUsesTheFirstTwo() {
        let body: [UInt8] = [0x00, 0xFF, 0x59, 0x03, 0xFE, 0x01, 0x00] + noteOn + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events[0].event == .meta(.keySignature(sharpsFlats: -2, minor: true)))
        #expect(places(r) == ["metaLength 0 @23"])
    }

    @Test(arguments: [
        (UInt8(8), UInt8(0), MetaEvent.keySignature(sharpsFlats: -4, minor: false)),    // 8 sharps = 4 flats
        (UInt8(bitPattern: -9), 1, .keySignature(sharpsFlats: 3, minor: true)),        // 9 flats = 3 sharps
        (UInt8(bitPattern: -2), 0xFF, .keySignature(sharpsFlats: -2, minor: false)),   // mode 255 -> major
        (20, 0, .unknown(type: 0x59, data: [20, 0])),                                  // no sensible reading
        (11, 0xE3, .unknown(type: 0x59, data: [11, 0xE3])),                           // both fields bad
    ])
    func outOfRangeKeySignatures(_ sf: UInt8, _ mode: UInt8, _ expected: MetaEvent) {
        let body: [UInt8] = [0x00, 0xFF, 0x59, 0x02, sf, mode] + eot
        let r = lenient(smf(body))
        #expect(r.file.tracks[0].events[0].event == .meta(expected))
        #expect(places(r) == ["metaValueOutOfRange 0 @23"])
        // Strict keeps the raw bytes, as before.
        #expect((try? MIDIFile(bytes: smf(body)))?.tracks[0].events[0].event == .meta(.unknown(type: 0x59, data: [sf, mode])))
    }

    @Test func smpteOffsetOutOfRangeIsReported() {
        // dannyboy3: 30 fps, frame 125.
        let r = lenient(smf([0x00, 0xFF, 0x54, 0x05, 0x60, 0x00, 0x00, 0x7D, 0x70] + eot))
        #expect(places(r) == ["metaValueOutOfRange 0 @23"])
    }

    @Test func endOfTrackWithDataBytes() {
        let r = lenient(smf(noteOn + [0x00, 0xFF, 0x2F, 0x01, 0x00]))
        #expect(r.file.tracks[0].events == [on(0), eotAt(0)])
        #expect(places(r) == ["metaLength 0 @27"])
    }

    // MARK: Not MIDI, limits

    @Test(arguments: [
        ([UInt8](), "the data is empty"),
        (Array("GIF89a".utf8) + [1, 0, 1, 0], "it is a GIF image"),
        (Array("<!DOCTYPE html><html>".utf8), "it is an HTML page"),
        (Array("SMF2CLIP".utf8) + [0, 0, 0, 0], "it is a MIDI 2.0 Clip File (SMF2CLIP), not a Standard MIDI File 1.0"),
    ])
    func notMIDIIsOneLineInBothModes(_ bytes: [UInt8], _ what: String) {
        for options in [ReadOptions.strict, .lenient] {
            let e = smfError { _ = try MIDIFile.read(bytes: bytes, options: options) }
            #expect(e?.kind == .notMIDI)
            #expect(e?.description == "byte offset 0: expected \"MThd\": this is not a Standard MIDI File (\(what))")
            #expect(e?.description.contains("\n") == false)
        }
    }

    @Test func headerCutShortStillThrowsInLenientMode() {
        let e = smfError { _ = try MIDIFile.read(bytes: Array("MThd".utf8) + [0, 0, 0, 6, 0, 1], options: .lenient) }
        #expect(e?.kind == .truncated)
    }

    @Test func lyingLengthsAllocateNothingExtra() throws {
        // A 30-byte file whose MTrk claims 0xFFFFFFF0 bytes: both modes finish at once.
        let bytes = mthd() + Array("MTrk".utf8) + be32(0xFFFF_FFF0) + noteOn + eot
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<1000 {
                _ = try? MIDIFile(bytes: bytes)
                _ = try? MIDIFile.read(bytes: bytes, options: .lenient)
            }
        }
        #expect(elapsed < .seconds(2))
        #expect(lenient(bytes).file.tracks[0].events == [on(0), eotAt(0)])
    }

    @Test func warningsAreCappedButCounted() throws {
        // 3000 stray real-time bytes.
        let body = Array(repeating: [UInt8]([0x00, 0xF8]), count: 3000).flatMap { $0 } + eot
        let r = try MIDIFile.read(bytes: smf(body), options: ReadOptions(mode: .lenient, maxWarnings: 100))
        #expect(r.warnings.count == 100)
        #expect(r.warningCounts[.systemMessageInTrack] == 3000)
        #expect(r.warningCount == 3000)
    }

    @Test func warningDescription() {
        let w = SMFWarning(.dataByteOutOfRange, track: 2, offset: 1234, message: "data byte 0xD0 ... clamped to 127")
        #expect(w.description == "track 2, byte offset 1234: data byte 0xD0 ... clamped to 127")
        #expect(SMFWarning(.trailingBytes, track: nil, offset: 9, message: "x").description == "byte offset 9: x")
    }
}

func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
