import TestSupport
import Testing
import SMF

@Suite("Running status")
struct RunningStatusTests {
    static func on(_ ch: UInt8, _ note: UInt8, _ vel: UInt8, delta: UInt32 = 0) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.noteOn(channel: ch, note: note, velocity: vel)))
    }

    @Test func readReusesTheLastChannelStatus() throws {
        let body: [UInt8] = [
            0x00, 0x90, 0x3C, 0x40,  // note on C4
            0x10, 0x3E, 0x40,        // running status: note on D4
            0x10, 0x80, 0x3C, 0x00,  // note off C4
            0x00, 0x3E, 0x00,        // running status: note off D4
            0x00, 0xC1, 0x05,        // program change ch 1
            0x00, 0x06,              // running status, 1 data byte
            0x00, 0xE2, 0x00, 0x40,  // pitch bend ch 2 = 0
            0x00, 0x7F, 0x7F,        // running status: 8191
        ] + eot
        let file = try MIDIFile(bytes: smf(body))
        #expect(file.tracks[0].events == [
            Self.on(0, 60, 64),
            Self.on(0, 62, 64, delta: 16),
            TrackEvent(delta: 16, event: .channel(.noteOff(channel: 0, note: 60, velocity: 0))),
            TrackEvent(delta: 0, event: .channel(.noteOff(channel: 0, note: 62, velocity: 0))),
            TrackEvent(delta: 0, event: .channel(.programChange(channel: 1, program: 5))),
            TrackEvent(delta: 0, event: .channel(.programChange(channel: 1, program: 6))),
            TrackEvent(delta: 0, event: .channel(.pitchBend(channel: 2, value: 0))),
            TrackEvent(delta: 0, event: .channel(.pitchBend(channel: 2, value: 8191))),
            eotEvent,
        ])
        // Written back with running status: the same bytes.
        #expect(file.bytes() == smf(body))
    }

    @Test func dataByteAfterMetaIsAnError() {
        // 22: 00 90 3C 40 | 26: 00 FF 01 01 41 | 31: 00, 32: 3E <- no status (meta cancelled it)
        let bytes = smf([0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x01, 0x01, 0x41, 0x00, 0x3E, 0x40] + eot)
        #expect(throws: SMFError(.noRunningStatus, track: 0, offset: 32,
                                 expected: "a status byte, found data byte 0x3E; running status was cancelled by the meta event at offset 27")) {
            try MIDIFile(bytes: bytes)
        }
    }

    @Test func dataByteAfterSysexIsAnError() {
        // 22: 00 90 3C 40 | 26: 00 F0 01 F7 | 30: 00, 31: 3E
        let bytes = smf([0x00, 0x90, 0x3C, 0x40, 0x00, 0xF0, 0x01, 0xF7, 0x00, 0x3E, 0x40] + eot)
        let e = smfError { _ = try MIDIFile(bytes: bytes) }
        #expect(e?.kind == .noRunningStatus)
        #expect(e?.track == 0)
        #expect(e?.offset == 31)
        #expect(e?.expected.contains("sysex event at offset 27") == true)
    }

    @Test func dataByteAfterEscapeIsAnError() {
        let bytes = smf([0x00, 0x90, 0x3C, 0x40, 0x00, 0xF7, 0x01, 0xFA, 0x00, 0x3E, 0x40] + eot)
        let e = smfError { _ = try MIDIFile(bytes: bytes) }
        #expect(e?.kind == .noRunningStatus)
        #expect(e?.offset == 31)
    }

    @Test func dataByteAtTrackStartIsAnError() {
        #expect(throws: SMFError(.noRunningStatus, track: 0, offset: 23,
                                 expected: "a status byte, found data byte 0x3C; no earlier channel status in this track to reuse (running status)")) {
            try MIDIFile(bytes: smf([0x00, 0x3C, 0x40] + eot))
        }
    }

    @Test func runningStatusDoesNotCarryAcrossTracks() {
        // Track 0 body: 22-29 (4 + 4 EOT); track 1 header at 30-37, body at 38: 00, 39: 3C.
        let bytes = smf(format: 1, [0x00, 0x90, 0x3C, 0x40] + eot, [0x00, 0x3C, 0x40] + eot)
        let e = smfError { _ = try MIDIFile(bytes: bytes) }
        #expect(e?.kind == .noRunningStatus)
        #expect(e?.track == 1)
        #expect(e?.offset == 39)
    }

    /// Note on ch 0 twice, a text meta, note on ch 0, two on ch 1, a sysex, one more on ch 1.
    static let events: [TrackEvent] = [
        on(0, 60, 100),
        on(0, 64, 100, delta: 0),
        TrackEvent(delta: 0, event: .meta(.text(.marker, [0x41]))),
        on(0, 67, 100, delta: 96),
        on(1, 48, 80),
        on(1, 48, 0, delta: 200),
        TrackEvent(delta: 0, event: .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])),
        on(1, 50, 80),
        TrackEvent(delta: 0, event: .channel(.noteOff(channel: 1, note: 50, velocity: 0))),
        TrackEvent(delta: 0, event: .channel(.noteOff(channel: 1, note: 51, velocity: 0))),
        eotEvent,
    ]

    @Test func writeWithRunningStatus() throws {
        let file = oneTrackFile(Self.events)
        let body: [UInt8] = [
            0x00, 0x90, 60, 100,
            0x00, 64, 100,                      // status omitted
            0x00, 0xFF, 0x06, 0x01, 0x41,       // meta cancels running status
            0x60, 0x90, 67, 100,                // so the status is written again
            0x00, 0x91, 48, 80,                 // new channel: new status
            0x81, 0x48, 48, 0,                  // delta 200, status omitted
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,
            0x00, 0x91, 50, 80,                 // status again after sysex
            0x00, 0x81, 50, 0,
            0x00, 51, 0,
        ] + eot
        #expect(file.bytes(runningStatus: true) == smf(body))
        #expect(file.bytes() == smf(body))  // default is true
        #expect(try MIDIFile(bytes: smf(body)) == file)
    }

    @Test func writeWithoutRunningStatus() throws {
        let file = oneTrackFile(Self.events)
        let body: [UInt8] = [
            0x00, 0x90, 60, 100,
            0x00, 0x90, 64, 100,
            0x00, 0xFF, 0x06, 0x01, 0x41,
            0x60, 0x90, 67, 100,
            0x00, 0x91, 48, 80,
            0x81, 0x48, 0x91, 48, 0,
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,
            0x00, 0x91, 50, 80,
            0x00, 0x81, 50, 0,
            0x00, 0x81, 51, 0,
        ] + eot
        #expect(file.bytes(runningStatus: false) == smf(body))
        #expect(try MIDIFile(bytes: smf(body)) == file)
    }

    @Test func runningStatusStartsFreshInEachWrittenTrack() {
        let t = Track(events: [Self.on(0, 60, 1), eotEvent])
        let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(96), tracks: [t, t])
        let body: [UInt8] = [0x00, 0x90, 60, 1] + eot
        #expect(file.bytes() == smf(format: 1, body, body))
    }
}
