import TestSupport
import Testing
import SMF

@Suite("Reader errors: kind, track, offset, what was expected")
struct ErrorTests {
    // MARK: Not MIDI

    @Test func emptyDataIsNotMIDI() {
        #expect(throws: SMFError(.notMIDI, track: nil, offset: 0,
                                 expected: "\"MThd\": this is not a Standard MIDI File (the data is empty)")) {
            try MIDIFile(bytes: [])
        }
    }

    @Test func gifIsNotMIDI() {
        let gif = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF]
        let e = smfError { _ = try MIDIFile(bytes: gif) }
        #expect(e?.kind == .notMIDI)
        #expect(e?.offset == 0)
        #expect(e?.track == nil)
        #expect(e?.description == "byte offset 0: expected \"MThd\": this is not a Standard MIDI File (it is a GIF image)")
    }

    /// The offset is said once: in the place, not again in what was expected.
    @Test func anRMIDWhoseDataIsNotMIDINamesItsOffsetOnce() {
        let payload = Array("NOTMIDI!".utf8)
        let rmid = Array("RIFF".utf8) + [20, 0, 0, 0] + Array("RMID".utf8) + Array("data".utf8) + [8, 0, 0, 0] + payload
        let e = smfError { _ = try MIDIFile(bytes: rmid) }
        #expect(e?.kind == .notMIDI && e?.offset == 20)
        #expect(e?.description == "byte offset 20: expected \"MThd\" at the start of the RIFF RMID data chunk: it does not hold a Standard MIDI File")
    }

    static let notMIDICases: [([UInt8], String)] = [
        (Array("MTh".utf8), "it starts with 4D 54 68 \"MTh\""),
        (Array("RIFF".utf8) + [0x04, 0, 0, 0] + Array("WAVE".utf8), "it is a RIFF file (WAV?)"),
        (mtrk(eot), "it starts with an MTrk chunk: the MThd header chunk is missing"),
        ([0x00] + mthd(), "it starts with 00 4D 54 68 64 00 00 00; \"MThd\" is at offset 1: lenient reading skips the bytes before it"),
        (Array("<!DOCTYPE html>".utf8), "it is an HTML page"),
        (Array("<HTML><body>".utf8), "it is an HTML page"),
        (Array("SMF2CLIP".utf8) + [0, 0, 0, 0], "it is a MIDI 2.0 Clip File (SMF2CLIP), not a Standard MIDI File 1.0"),
        (Array("file does not exist".utf8), "it starts with 66 69 6C 65 20 64 6F 65 \"file doe\""),
    ]

    @Test func riffWithoutDataChunkIsNotMIDI() {
        let riff = Array("RIFF".utf8) + [0x20, 0, 0, 0] + Array("RMIDdata".utf8)
        #expect(smfError { _ = try MIDIFile(bytes: riff) } ==
                SMFError(.notMIDI, track: nil, offset: 12,
                         expected: "a \"data\" chunk in the RIFF RMID file: there is none, so it holds no Standard MIDI File"))
    }

    @Test("other non-MIDI data", arguments: notMIDICases)
    func notMIDI(_ bytes: [UInt8], _ what: String) {
        let e = smfError { _ = try MIDIFile(bytes: bytes) }
        #expect(e?.kind == .notMIDI)
        #expect(e?.expected == "\"MThd\": this is not a Standard MIDI File (\(what))")
    }

    // MARK: Truncation

    @Test func truncatedNoteOnNamesTrackAndOffset() {
        // Body at 22: 00 (delta), 23: 90, 24: 3C, and the chunk ends at 25.
        let e = smfError { _ = try MIDIFile(bytes: smf([0x00, 0x90, 0x3C])) }
        #expect(e == SMFError(.truncated, track: 0, offset: 25,
                              expected: "a data byte of the note-on (status 0x90 at offset 23); the track chunk ends at offset 25"))
        #expect(e?.description == "track 0, byte offset 25: expected a data byte of the note-on (status 0x90 at offset 23); the track chunk ends at offset 25")
    }

    @Test func truncatedNoteOnInSecondTrack() {
        // Track 0 body 22-25 (EOT); track 1 header 26-33, body 34: 00, 35: 90; chunk ends at 36.
        let e = smfError { _ = try MIDIFile(bytes: smf(format: 1, eot, [0x00, 0x90])) }
        #expect(e?.kind == .truncated)
        #expect(e?.track == 1)
        #expect(e?.offset == 36)
    }

    @Test func fileEndsInsideATrackChunk() {
        // MTrk declares 4 bytes; 3 follow.
        let bytes = mthd() + Array("MTrk".utf8) + [0, 0, 0, 4, 0x00, 0x90, 0x3C]
        #expect(throws: SMFError(.truncated, track: 0, offset: 25,
                                 expected: "4 bytes of the \"MTrk\" chunk at offset 14 (only 3 bytes follow its header)")) {
            try MIDIFile(bytes: bytes)
        }
    }

    @Test func lyingChunkLengthsDoNotAllocate() {
        // 0xFFFFFFF0 bytes announced, 4 present: an error, immediately.
        let track = mthd() + Array("MTrk".utf8) + be32(0xFFFF_FFF0) + eot
        let e1 = smfError { _ = try MIDIFile(bytes: track) }
        #expect(e1?.kind == .truncated)
        #expect(e1?.track == 0)
        #expect(e1?.offset == 26)
        let unknown = mthd(ntracks: 0) + Array("XXXX".utf8) + be32(0xFFFF_FFF0)
        let e2 = smfError { _ = try MIDIFile(bytes: unknown) }
        #expect(e2?.kind == .truncated)
        #expect(e2?.track == nil)
        #expect(e2?.offset == 22)
        let header = Array("MThd".utf8) + be32(0xFFFF_FFF0) + [0, 0, 0, 1, 0, 96]
        #expect(throws: SMFError(.truncated, track: nil, offset: 14,
                                 expected: "4294967280 bytes of MThd data from offset 8 (data ends at offset 14)")) {
            try MIDIFile(bytes: header)
        }
        // Huge sysex / meta lengths inside an honest chunk.
        let sysex = smfError { _ = try MIDIFile(bytes: smf([0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0x01])) }
        #expect(sysex?.kind == .truncated)
        #expect(sysex?.offset == 29)
        let meta = smfError { _ = try MIDIFile(bytes: smf([0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F])) }
        #expect(meta?.kind == .truncated)
        #expect(meta?.offset == 29)
        // ntracks 65535 with no tracks present.
        let many = smfError { _ = try MIDIFile(bytes: mthd(format: 1, ntracks: 0xFFFF)) }
        #expect(many?.kind == .truncated)
    }

    @Test func truncatedHeader() {
        #expect(smfError { _ = try MIDIFile(bytes: Array("MThd".utf8)) } ==
                SMFError(.truncated, track: nil, offset: 4, expected: "the 4-byte MThd length at offset 4 (data ends at offset 4)"))
        let e = smfError { _ = try MIDIFile(bytes: Array("MThd".utf8) + [0, 0, 0, 6, 0, 1]) }
        #expect(e?.kind == .truncated)
        #expect(e?.offset == 10)
    }

    @Test func truncatedEvents() {
        func check(_ body: [UInt8], _ offset: Int, _ expected: String? = nil) {
            let e = smfError { _ = try MIDIFile(bytes: smf(body)) }
            #expect(e?.kind == .truncated, "\(body)")
            #expect(e?.track == 0)
            #expect(e?.offset == offset, "\(body)")
            if let expected { #expect(e?.expected == expected) }
        }
        check([0x00], 23, "an event after the delta time at offset 22 (the track chunk ends at offset 23)")
        check([0x00, 0xC0, 0x01, 0x81], 26, "more bytes of the delta time that starts at offset 25 (data ends at offset 26)")
        check([0x00, 0xFF], 24, "a meta event type after 0xFF at offset 23 (the track chunk ends at offset 24)")
        check([0x00, 0xFF, 0x51], 25)
        check([0x00, 0xFF, 0x51, 0x03, 0x07], 27, "3 bytes of the meta event (type 0x51) at offset 23 (the track chunk ends at offset 27)")
        check([0x00, 0xF0, 0x05, 0x01], 26, "5 bytes of the sysex (F0) event at offset 23 from offset 25 (the track chunk ends at offset 26)")
        check([0x00, 0xF7, 0x81], 25)
        check([0x00, 0xC0], 24)
        check([0x00, 0xE0, 0x00], 25)
    }

    @Test func fewerTracksThanDeclared() {
        let bytes = mthd(format: 1, ntracks: 2) + mtrk(eot)
        #expect(throws: SMFError(.truncated, track: nil, offset: 26,
                                 expected: "2 MTrk chunks as declared in MThd (ntracks), found 1")) {
            try MIDIFile(bytes: bytes)
        }
    }

    @Test func trailingByteAfterLastChunk() {
        let e = smfError { _ = try MIDIFile(bytes: smf(eot) + [0x00]) }
        #expect(e == SMFError(.truncated, track: nil, offset: 27,
                              expected: "an 8-byte chunk header (type, length) at offset 26; data ends at offset 27"))
    }

    // MARK: Bad bytes

    @Test func badDataByte() {
        #expect(throws: SMFError(.badDataByte, track: 0, offset: 25,
                                 expected: "a data byte 0x00-0x7F of the note-on (status 0x90 at offset 23), found 0x90")) {
            try MIDIFile(bytes: smf([0x00, 0x90, 0x3C, 0x90, 0x40] + eot))
        }
        // First data byte of a running-status event is fine; the second is not.
        let e = smfError { _ = try MIDIFile(bytes: smf([0x00, 0xB0, 0x07, 0x64, 0x00, 0x0A, 0xFF] + eot)) }
        #expect(e?.kind == .badDataByte)
        #expect(e?.offset == 28)
        #expect(e?.expected == "a data byte 0x00-0x7F of the control change (running status 0xB0, data from offset 27), found 0xFF")
    }

    @Test func metaTypeAbove7FIsABadDataByte() {
        let e = smfError { _ = try MIDIFile(bytes: smf([0x00, 0xFF, 0x80, 0x00] + eot)) }
        #expect(e?.kind == .badDataByte)
        #expect(e?.offset == 24)
    }

    @Test("system common and real-time statuses are rejected",
          arguments: [UInt8](0xF1...0xF6) + [UInt8](0xF8...0xFE))
    func badStatus(_ status: UInt8) {
        let e = smfError { _ = try MIDIFile(bytes: smf([0x00, 0x90, 0x3C, 0x40, 0x00, status, 0x00] + eot)) }
        #expect(e?.kind == .badStatus)
        #expect(e?.track == 0)
        #expect(e?.offset == 27)
    }

    @Test func vlqTooLongInATrack() {
        #expect(throws: SMFError(.vlqTooLong, track: 0, offset: 22,
                                 expected: "a delta time of at most 4 bytes (byte 4 at offset 25 has its continuation bit set)")) {
            try MIDIFile(bytes: smf([0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 0x3C, 0x40] + eot))
        }
        let e = smfError { _ = try MIDIFile(bytes: smf([0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] + eot)) }
        #expect(e?.kind == .vlqTooLong)
        #expect(e?.offset == 25)
        #expect(e?.expected.hasPrefix("a meta event length of at most 4 bytes") == true)
    }

    // MARK: Header

    @Test func badHeaders() {
        func header(length: UInt32 = 6, format: UInt16 = 0, ntracks: UInt16 = 0, division: UInt16 = 96) -> [UInt8] {
            Array("MThd".utf8) + be32(length) + be16(format) + be16(ntracks) + be16(division)
        }
        #expect(smfError { _ = try MIDIFile(bytes: header(length: 5)) } ==
                SMFError(.badHeader, track: nil, offset: 4, expected: "an MThd length of at least 6, found 5"))
        #expect(smfError { _ = try MIDIFile(bytes: header(format: 3)) } ==
                SMFError(.badHeader, track: nil, offset: 8, expected: "MThd format 0, 1 or 2, found 3"))
        #expect(smfError { _ = try MIDIFile(bytes: header(division: 0)) } ==
                SMFError(.badHeader, track: nil, offset: 12, expected: "a division of 1...32767 ticks per quarter note, found 0"))
        for bad: UInt16 in [0xE928, 0xE700, 0x8001, 0xFF01] {  // -23 fps, 0 ticks/frame, -128 fps, -1 fps
            let e = smfError { _ = try MIDIFile(bytes: header(division: bad)) }
            #expect(e?.kind == .badHeader, "0x\(String(bad, radix: 16))")
            #expect(e?.offset == 12)
        }
    }

    @Test func moreTracksThanDeclared() {
        let bytes = mthd(format: 1, ntracks: 1) + mtrk(eot) + mtrk(eot)
        #expect(throws: SMFError(.badHeader, track: 1, offset: 26,
                                 expected: "no more than the 1 MTrk chunks declared in MThd (ntracks)")) {
            try MIDIFile(bytes: bytes)
        }
    }

    // MARK: Robustness

    /// Every prefix and thousands of seeded random corruptions of a small file either parse or throw
    /// an `SMFError`; none traps or hangs, and whatever parses writes and re-reads.
    @Test func corruptedDataNeverTraps() throws {
        let good = mthd(format: 1, ntracks: 2)
            + mtrk([0x00, 0xFF, 0x03, 0x02, 0x41, 0x42, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
                    0x00, 0xFF, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08] + eot)
            + chunk("XTRA", [1, 2, 3])
            + mtrk([0x00, 0xC0, 0x05, 0x00, 0x90, 0x3C, 0x40, 0x60, 0x3C, 0x00, 0x00, 0xF0, 0x02, 0x01, 0xF7,
                    0x00, 0xE0, 0x00, 0x40, 0x81, 0x00, 0xB0, 0x07, 0x64] + eot)
        _ = try MIDIFile(bytes: good)
        var parsed = 0
        for n in 0..<good.count {
            if (try? MIDIFile(bytes: Array(good.prefix(n)))) != nil { parsed += 1 }
        }
        #expect(parsed == 0)  // every proper prefix is truncated somewhere (or ntracks is unmet)

        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<5000 {
            var b = good
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                let f = try MIDIFile(bytes: b)
                let again = try MIDIFile(bytes: f.bytes(runningStatus: rng.next() & 1 == 0))
                #expect(again.tracks.count == f.tracks.count)
            } catch {
                _ = error.kind  // typed throws: only SMFError can arrive here
            }
        }
    }
}

/// A small seeded PRNG so that the corruption test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
