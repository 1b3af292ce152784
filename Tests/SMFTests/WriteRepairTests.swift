import SMF
import Testing

/// `MIDIFile.repairedForWriting()`: key signatures and sysex data that would make an invalid SMF.
@Suite struct WriteRepairTests {
    static func file(_ events: [TrackEvent]) -> MIDIFile {
        MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: events)])
    }

    @Test func keySignaturesAreMovedToTheirEnharmonicKeyOrDropped() {
        let source = Self.file([
            TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: 14, minor: false))),
            TrackEvent(delta: 10, event: .meta(.unknown(type: 0x59, data: [0xF4, 0x02]))),  // -12, mode 2
            TrackEvent(delta: 5, event: .meta(.unknown(type: 0x59, data: [20, 0]))),
            TrackEvent(delta: 7, event: .channel(.noteOn(channel: 0, note: 60, velocity: 1))),
            TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: -3, minor: true))),
            TrackEvent(delta: 0, event: .meta(.endOfTrack)),
        ])
        let (file, problems) = source.repairedForWriting()
        #expect(file.tracks[0].events == [
            TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: 2, minor: false))),
            TrackEvent(delta: 10, event: .meta(.keySignature(sharpsFlats: 0, minor: false))),
            TrackEvent(delta: 12, event: .channel(.noteOn(channel: 0, note: 60, velocity: 1))),  // 5 + 7: ticks kept
            TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: -3, minor: true))),
            TrackEvent(delta: 0, event: .meta(.endOfTrack)),
        ])
        #expect(problems.map(\.description) == [
            "track 0, event 0 (tick 0): key signature FF 59 02 0E 00 (valid: 2 data bytes, -7...7 sharps/flats, mode 0 or 1): written as 2 sharps, major",
            "track 0, event 1 (tick 10): key signature FF 59 02 F4 02 (valid: 2 data bytes, -7...7 sharps/flats, mode 0 or 1): written as no sharps or flats, major",
            "track 0, event 2 (tick 15): key signature FF 59 02 14 00 (valid: 2 data bytes, -7...7 sharps/flats, mode 0 or 1): dropped",
        ])
        // The written bytes hold only valid key signatures.
        #expect(file.bytes() == [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
                                 0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 26,
                                 0x00, 0xFF, 0x59, 0x02, 0x02, 0x00, 0x0A, 0xFF, 0x59, 0x02, 0x00, 0x00,
                                 0x0C, 0x90, 0x3C, 0x01, 0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01, 0x00, 0xFF, 0x2F, 0x00])
    }

    @Test func sysexWithAHighDataByteIsCutThereEscapesAreLeftAlone() {
        let source = Self.file([
            TrackEvent(delta: 0, event: .sysex([0x43, 0x10, 0x90, 0x01, 0xF7])),
            TrackEvent(delta: 0, event: .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])),
            TrackEvent(delta: 0, event: .sysex([0x41, 0x10])),  // first packet of a split message
            TrackEvent(delta: 0, event: .escape([0x90, 0x3C, 0x40])),
        ])
        let (file, problems) = source.repairedForWriting()
        #expect(file.tracks[0].events.map(\.event) == [
            .sysex([0x43, 0x10, 0xF7]), .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7]), .sysex([0x41, 0x10]), .escape([0x90, 0x3C, 0x40]),
        ])
        #expect(problems.map(\.description) == [
            "track 0, event 0 (tick 0): sysex data byte 2 is 0x90 (sysex data bytes are 0x00-0x7F): cut after 2 data byte(s) and ended with F7",
        ])
    }

    @Test func aValidFileIsLeftAsItIs() {
        let source = Self.file([TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: 7, minor: true))),
                                TrackEvent(delta: 0, event: .sysex([0x7E, 0xF7]))])
        let (file, problems) = source.repairedForWriting()
        #expect(file == source)
        #expect(problems.isEmpty)
    }
}
