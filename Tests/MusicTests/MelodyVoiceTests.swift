import Testing
import SMF
import Music

@Suite struct MelodyVoiceTests {
    /// A format 0 band in one part: bass on channel 0 (mean 40), a recorder on channel 1 (mean 75),
    /// a flute on channel 2 (mean 70), drums on channel 10 (mean 80, ignored); a second part with a
    /// single line of mean 72.
    static func band() -> Score {
        let band = Part(name: "Band", notes: [
            Note(pitch: 40, channel: 0, start: 0, duration: 480),
            Note(pitch: 74, channel: 1, start: 0, duration: 240), Note(pitch: 76, channel: 1, start: 240, duration: 240),
            Note(pitch: 70, channel: 2, start: 0, duration: 480),
            Note(pitch: 80, channel: 9, start: 0, duration: 60),
        ], controls: [ControlEvent(tick: 0, message: .programChange(channel: 1, program: 74))])
        let line = Part(name: "Line", notes: [Note(pitch: 72, channel: 3, start: 0, duration: 960)])
        return Score(parts: [band, line])
    }

    @Test func trackAndChannelPicksTheHighestChannelOfAnyPart() throws {
        let found = try #require(MelodyVoice.locate(in: Self.band(), grouping: .trackAndChannel))
        #expect(found.partIndex == 0 && found.channel == 1)
        #expect(MelodyVoice.notes(in: Self.band(), grouping: .trackAndChannel)?.map(\.pitch) == [74, 76])
        let voice = try #require(MelodyVoice.choose(in: Self.band()))
        #expect(voice.partIndex == 0 && voice.channel == 1 && voice.program == 74)
        #expect(voice.part.notes.map(\.channel) == [0, 0])
        #expect(voice.part.name == "Melody")  // the track mixes channels
        #expect(voice.summary == "track 0 channel 2 (Recorder)")
    }

    @Test func trackGroupingTakesWholePartsOffChannelTen() throws {
        // Part 0 off channel 10: (40 + 74 + 76 + 70) / 4 = 65 < 72: the second part wins.
        let found = try #require(MelodyVoice.locate(in: Self.band(), grouping: .track))
        #expect(found.partIndex == 1 && found.channel == nil)
        #expect(MelodyVoice.notes(in: Self.band(), grouping: .track)?.map(\.channel) == [3])
        // Without the second part, the whole first part (drums left out), channels as they were.
        let one = Score(parts: [Self.band().parts[0]])
        #expect(MelodyVoice.notes(in: one, grouping: .track)?.map(\.pitch) == [40, 70, 74, 76])
    }

    @Test func tiesGoToTheEarlierPartAndNoMelodyWithoutPitchedNotes() throws {
        let a = Part(notes: [Note(pitch: 60, channel: 2, start: 0, duration: 1)])
        let b = Part(notes: [Note(pitch: 60, channel: 0, start: 0, duration: 1)])
        for grouping in [MelodyVoice.Grouping.track, .trackAndChannel] {
            #expect(MelodyVoice.locate(in: Score(parts: [a, b]), grouping: grouping)?.partIndex == 0)
            let drums = Score(parts: [Part(notes: [Note(pitch: 36, channel: 9, start: 0, duration: 1)])])
            #expect(MelodyVoice.locate(in: drums, grouping: grouping) == nil)
            #expect(MelodyVoice.notes(in: Score(), grouping: grouping) == nil)
        }
    }

    /// The voice keeps its track's texts, its channel's controllers, pressure and bends (moved to
    /// channel 0) and the track name's bytes as read (Latin-1 "María", byte 0xED).
    @Test func chooseKeepsTextsControlsAndNameBytes() throws {
        let lyric = TextEvent(tick: 0, kind: .lyric, bytes: [0x63, 0x69, 0xF3, 0x6E])
        let marker = TextEvent(tick: 480, kind: .marker, text: "B")
        let source = Part(nameBytes: [0x4D, 0x61, 0x72, 0xED, 0x61], sortedNotes: [Note(pitch: 72, channel: 2, start: 0, duration: 480)], controls: [
            ControlEvent(tick: 0, message: .programChange(channel: 2, program: 73)),
            ControlEvent(tick: 0, message: .controlChange(channel: 2, controller: 7, value: 100)),
            ControlEvent(tick: 240, message: .channelPressure(channel: 2, pressure: 50)),
            ControlEvent(tick: 240, message: .polyPressure(channel: 2, note: 72, pressure: 9)),
            ControlEvent(tick: 300, message: .pitchBend(channel: 2, value: -100)),
        ], texts: [lyric, marker])
        let voice = try #require(MelodyVoice.choose(in: Score(parts: [Part(), source])))
        #expect(voice.partIndex == 1 && voice.channel == 2 && voice.program == 73)
        #expect(voice.part.texts == [lyric, marker])
        #expect(voice.part.name == "Mar\u{ED}a" && voice.part.nameBytes == [0x4D, 0x61, 0x72, 0xED, 0x61])
        #expect(voice.part.controls.map(\.message) == [
            .programChange(channel: 0, program: 73), .controlChange(channel: 0, controller: 7, value: 100),
            .channelPressure(channel: 0, pressure: 50), .polyPressure(channel: 0, note: 72, pressure: 9), .pitchBend(channel: 0, value: -100),
        ])
        // Written and read back: the name's bytes are those of the input, not UTF-8 (C3 AD) or U+FFFD.
        let back = Score(file: try MIDIFile(bytes: Score(parts: [voice.part]).midiFile().bytes()))
        #expect(back.parts[1].nameBytes == [0x4D, 0x61, 0x72, 0xED, 0x61] && back.parts[1].texts == [lyric, marker])
    }
}
