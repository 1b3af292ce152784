import TestSupport
import Testing
import SMF

/// One event as hand-written bytes (delta + event) and its decoded form.
struct EventVector: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var event: TrackEvent
    var testDescription: String { name }

    init(_ name: String, _ bytes: [UInt8], _ event: Event, delta: UInt32 = 0) {
        self.name = name
        self.bytes = bytes
        self.event = TrackEvent(delta: delta, event: event)
    }
}

let channelVectors: [EventVector] = [
    EventVector("note off", [0x00, 0x80, 0x3C, 0x40], .channel(.noteOff(channel: 0, note: 60, velocity: 64))),
    EventVector("note on", [0x60, 0x91, 0x3C, 0x64], .channel(.noteOn(channel: 1, note: 60, velocity: 100)), delta: 96),
    EventVector("note on velocity 0 kept", [0x00, 0x92, 0x7F, 0x00], .channel(.noteOn(channel: 2, note: 127, velocity: 0))),
    EventVector("poly pressure", [0x00, 0xA3, 0x3C, 0x20], .channel(.polyPressure(channel: 3, note: 60, pressure: 32))),
    EventVector("control change", [0x00, 0xB4, 0x07, 0x7F], .channel(.controlChange(channel: 4, controller: 7, value: 127))),
    EventVector("channel mode (all notes off)", [0x00, 0xBF, 0x7B, 0x00], .channel(.controlChange(channel: 15, controller: 123, value: 0))),
    EventVector("program change", [0x00, 0xC5, 0x28], .channel(.programChange(channel: 5, program: 40))),
    EventVector("channel pressure", [0x81, 0x00, 0xD6, 0x55], .channel(.channelPressure(channel: 6, pressure: 85)), delta: 128),
    EventVector("pitch bend -8192", [0x00, 0xE7, 0x00, 0x00], .channel(.pitchBend(channel: 7, value: -8192))),
    EventVector("pitch bend 0", [0x00, 0xE8, 0x00, 0x40], .channel(.pitchBend(channel: 8, value: 0))),
    EventVector("pitch bend 8191", [0x00, 0xEF, 0x7F, 0x7F], .channel(.pitchBend(channel: 15, value: 8191))),
    EventVector("pitch bend +1 (LSB first)", [0x00, 0xE0, 0x01, 0x40], .channel(.pitchBend(channel: 0, value: 1))),
    EventVector("pitch bend -1", [0x00, 0xE0, 0x7F, 0x3F], .channel(.pitchBend(channel: 0, value: -1))),
    EventVector("pitch bend +128 (MSB)", [0x00, 0xE0, 0x00, 0x41], .channel(.pitchBend(channel: 0, value: 128))),
]

let sysexVectors: [EventVector] = [
    EventVector("sysex F0 (GM on)", [0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7], .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])),
    EventVector("sysex F0 first packet (no F7)", [0x00, 0xF0, 0x03, 0x43, 0x12, 0x00], .sysex([0x43, 0x12, 0x00])),
    EventVector("escape F7 continuation", [0x10, 0xF7, 0x04, 0x43, 0x12, 0x00, 0xF7], .escape([0x43, 0x12, 0x00, 0xF7]), delta: 16),
    EventVector("escape F7 real-time message", [0x00, 0xF7, 0x01, 0xFA], .escape([0xFA])),
    EventVector("empty sysex", [0x00, 0xF0, 0x00], .sysex([])),
]

let abc: [UInt8] = Array("abc".utf8)

let metaVectors: [EventVector] = [
    EventVector("sequence number", [0x00, 0xFF, 0x00, 0x02, 0x01, 0x07], .meta(.sequenceNumber(263))),
    EventVector("sequence number, short form", [0x00, 0xFF, 0x00, 0x00], .meta(.sequenceNumber(nil))),
    EventVector("text", [0x00, 0xFF, 0x01, 0x03] + abc, .meta(.text(.text, abc))),
    EventVector("copyright", [0x00, 0xFF, 0x02, 0x03] + abc, .meta(.text(.copyright, abc))),
    EventVector("track name", [0x00, 0xFF, 0x03, 0x03] + abc, .meta(.text(.trackName, abc))),
    EventVector("instrument name", [0x00, 0xFF, 0x04, 0x03] + abc, .meta(.text(.instrumentName, abc))),
    EventVector("lyric", [0x00, 0xFF, 0x05, 0x03] + abc, .meta(.text(.lyric, abc))),
    EventVector("marker", [0x00, 0xFF, 0x06, 0x03] + abc, .meta(.text(.marker, abc))),
    EventVector("cue point", [0x00, 0xFF, 0x07, 0x03] + abc, .meta(.text(.cuePoint, abc))),
    EventVector("text 0x08 (program name)", [0x00, 0xFF, 0x08, 0x03] + abc, .meta(.text(.other(0x08), abc))),
    EventVector("text 0x0F", [0x00, 0xFF, 0x0F, 0x00], .meta(.text(.other(0x0F), []))),
    EventVector("text, non-ASCII bytes kept", [0x00, 0xFF, 0x01, 0x02, 0xC3, 0xA9], .meta(.text(.text, [0xC3, 0xA9]))),
    EventVector("channel prefix", [0x00, 0xFF, 0x20, 0x01, 0x09], .meta(.channelPrefix(9))),
    EventVector("port", [0x00, 0xFF, 0x21, 0x01, 0x02], .meta(.port(2))),
    EventVector("tempo 500000", [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20], .meta(.tempo(microsecondsPerQuarter: 500_000))),
    EventVector("tempo max", [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF], .meta(.tempo(microsecondsPerQuarter: 0xFF_FFFF))),
    EventVector("SMPTE offset", [0x00, 0xFF, 0x54, 0x05, 0x61, 0x02, 0x03, 0x04, 0x05],
                .meta(.smpteOffset(hours: 0x61, minutes: 2, seconds: 3, frames: 4, fractionalFrames: 5))),
    EventVector("time signature 6/8", [0x00, 0xFF, 0x58, 0x04, 0x06, 0x03, 0x24, 0x08],
                .meta(.timeSignature(numerator: 6, denominatorPower: 3, clocksPerClick: 36, thirtySecondsPerQuarter: 8))),
    EventVector("key signature 3 flats minor", [0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01], .meta(.keySignature(sharpsFlats: -3, minor: true))),
    EventVector("key signature 7 flats", [0x00, 0xFF, 0x59, 0x02, 0xF9, 0x00], .meta(.keySignature(sharpsFlats: -7, minor: false))),
    EventVector("key signature 7 sharps", [0x00, 0xFF, 0x59, 0x02, 0x07, 0x00], .meta(.keySignature(sharpsFlats: 7, minor: false))),
    EventVector("sequencer specific", [0x00, 0xFF, 0x7F, 0x04, 0x00, 0x00, 0x41, 0x01], .meta(.sequencerSpecific([0x00, 0x00, 0x41, 0x01]))),
    EventVector("unknown meta type", [0x00, 0xFF, 0x60, 0x02, 0x01, 0x02], .meta(.unknown(type: 0x60, data: [0x01, 0x02]))),
    EventVector("unknown meta, long (2-byte length)", [0x00, 0xFF, 0x0B + 0x10, 0x81, 0x00] + [UInt8](repeating: 0x33, count: 128),
                .meta(.unknown(type: 0x1B, data: [UInt8](repeating: 0x33, count: 128)))),
    // Standard types whose length or values do not match the spec are kept raw.
    EventVector("tempo with 2 bytes -> unknown", [0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1], .meta(.unknown(type: 0x51, data: [0x07, 0xA1]))),
    EventVector("sequence number with 1 byte -> unknown", [0x00, 0xFF, 0x00, 0x01, 0x05], .meta(.unknown(type: 0x00, data: [0x05]))),
    EventVector("channel prefix 16 -> unknown", [0x00, 0xFF, 0x20, 0x01, 0x10], .meta(.unknown(type: 0x20, data: [0x10]))),
    EventVector("SMPTE offset with 4 bytes -> unknown", [0x00, 0xFF, 0x54, 0x04, 1, 2, 3, 4], .meta(.unknown(type: 0x54, data: [1, 2, 3, 4]))),
    EventVector("key signature 8 sharps -> unknown", [0x00, 0xFF, 0x59, 0x02, 0x08, 0x00], .meta(.unknown(type: 0x59, data: [0x08, 0x00]))),
    EventVector("key signature mode 2 -> unknown", [0x00, 0xFF, 0x59, 0x02, 0x00, 0x02], .meta(.unknown(type: 0x59, data: [0x00, 0x02]))),
    EventVector("key signature 1 byte -> unknown", [0x00, 0xFF, 0x59, 0x01, 0x00], .meta(.unknown(type: 0x59, data: [0x00]))),
]

@Suite("Event decoding and encoding, exact bytes")
struct EventCodingTests {
    /// Reads `v.bytes` followed by End of Track as the only track of a file, and writes it back.
    func check(_ v: EventVector) throws {
        let bytes = smf(v.bytes + eot)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.format == .singleTrack)
        #expect(file.division == .ticksPerQuarter(96))
        #expect(file.tracks == [Track(events: [v.event, eotEvent])])
        #expect(file.unknownChunks.isEmpty)
        // Written back byte for byte, with and without running status (a single event).
        #expect(file.bytes() == bytes)
        #expect(file.bytes(runningStatus: false) == bytes)
        #expect(oneTrackFile([v.event, eotEvent]).bytes() == bytes)
    }

    @Test("channel voice messages", arguments: channelVectors)
    func channel(_ v: EventVector) throws { try check(v) }

    @Test("sysex F0 and escape F7", arguments: sysexVectors)
    func sysex(_ v: EventVector) throws { try check(v) }

    @Test("meta events", arguments: metaVectors)
    func meta(_ v: EventVector) throws { try check(v) }

    /// Standard meta events that lenient reading repairs (longer than the spec, a short time
    /// signature) are refused by strict reading at their FF (issue 16); written as `.unknown`,
    /// they keep their bytes.
    @Test func metaEventsLenientReadingRepairsAreRefusedStrictly() throws {
        let cases: [([UInt8], MetaEvent)] = [
            ([0x00, 0xFF, 0x2F, 0x01, 0x00], .unknown(type: 0x2F, data: [0x00])),
            ([0x00, 0xFF, 0x21, 0x02, 0x00, 0x01], .unknown(type: 0x21, data: [0x00, 0x01])),
            ([0x00, 0xFF, 0x58, 0x02, 4, 2], .unknown(type: 0x58, data: [4, 2])),
            ([0x00, 0xFF, 0x59, 0x03, 2, 0, 0], .unknown(type: 0x59, data: [2, 0, 0])),
        ]
        for (event, meta) in cases {
            let bytes = smf(event + eot)
            let error = smfError { _ = try MIDIFile(bytes: bytes) }
            #expect(error?.kind == .badMetaLength)
            #expect(error?.offset == 23)
            #expect(oneTrackFile([TrackEvent(delta: 0, event: .meta(meta)), eotEvent]).bytes() == bytes)
        }
    }

    @Test func endOfTrackAlone() throws {
        let bytes = smf(eot)
        #expect(try MIDIFile(bytes: bytes).tracks == [Track(events: [eotEvent])])
        #expect(oneTrackFile([eotEvent]).bytes() == bytes)
    }

    @Test func sysexAndEscapeStayDistinct() throws {
        let file = try MIDIFile(bytes: smf([0x00, 0xF0, 0x01, 0x01, 0x00, 0xF7, 0x01, 0x01] + eot))
        #expect(file.tracks[0].events.map(\.event) == [.sysex([0x01]), .escape([0x01]), .meta(.endOfTrack)])
    }

    @Test func everyChannelOnEveryKind() throws {
        // 7 kinds x 16 channels, status bytes written in full.
        var body: [UInt8] = []
        var expected: [TrackEvent] = []
        for ch: UInt8 in 0..<16 {
            body += [0x00, 0x80 | ch, 1, 2, 0x00, 0x90 | ch, 3, 4, 0x00, 0xA0 | ch, 5, 6, 0x00, 0xB0 | ch, 7, 8,
                     0x00, 0xC0 | ch, 9, 0x00, 0xD0 | ch, 10, 0x00, 0xE0 | ch, 11, 12]
            expected += [
                .noteOff(channel: ch, note: 1, velocity: 2), .noteOn(channel: ch, note: 3, velocity: 4),
                .polyPressure(channel: ch, note: 5, pressure: 6), .controlChange(channel: ch, controller: 7, value: 8),
                .programChange(channel: ch, program: 9), .channelPressure(channel: ch, pressure: 10),
                .pitchBend(channel: ch, value: (12 << 7 | 11) - 8192),
            ].map { TrackEvent(delta: 0, event: .channel($0)) }
        }
        let bytes = smf(body + eot)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks[0].events == expected + [eotEvent])
        #expect(file.bytes(runningStatus: false) == bytes)
        #expect(file.bytes(runningStatus: true) == bytes)  // no two equal statuses in a row
    }

    @Test func largeDeltaTimes() throws {
        let bytes = smf([0xFF, 0xFF, 0xFF, 0x7F, 0xC0, 0x01, 0x81, 0x80, 0x00, 0xC0, 0x02] + eot)
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks[0].events == [
            TrackEvent(delta: 0x0FFF_FFFF, event: .channel(.programChange(channel: 0, program: 1))),
            TrackEvent(delta: 16384, event: .channel(.programChange(channel: 0, program: 2))),
            eotEvent,
        ])
        #expect(file.bytes(runningStatus: false) == bytes)
    }

    @Test func channelMessageStatusAndChannel() {
        #expect(ChannelMessage.noteOn(channel: 9, note: 36, velocity: 1).status == 0x99)
        #expect(ChannelMessage.pitchBend(channel: 3, value: 0).status == 0xE3)
        #expect(ChannelMessage.programChange(channel: 15, program: 0).channel == 15)
        #expect(MetaEvent.keySignature(sharpsFlats: -1, minor: false).type == 0x59)
        #expect(TextKind(type: 0x05) == .lyric)
        #expect(TextKind(type: 0x10) == nil)
        #expect(TextKind.other(0x09).type == 0x09)
    }
}
