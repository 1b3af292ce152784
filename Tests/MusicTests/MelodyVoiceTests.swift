import Testing
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
}
