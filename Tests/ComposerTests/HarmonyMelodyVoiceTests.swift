import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

/// Which voice `compose harmonize` takes as the melody, and how a plain C major melody opens.
@Suite struct HarmonyMelodyVoiceTests {
    /// A format 0 style part: bass on channel 1, a recorder melody on channel 2, a string pad on
    /// channel 3 and drums (high notes) on channel 10, each with its own program change.
    static func band() -> Score {
        var notes: [Note] = []
        for i in 0..<4 {
            notes.append(Note(pitch: 36, channel: 0, start: i * 480, duration: 480))
            notes.append(Note(pitch: UInt8(72 + i), channel: 1, start: i * 480, duration: 240))
            notes.append(Note(pitch: 60, channel: 2, start: i * 480, duration: 480))
            notes.append(Note(pitch: 81, channel: 9, start: i * 480, duration: 60))
        }
        let controls = [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 32)),
                        ControlEvent(tick: 0, message: .programChange(channel: 1, program: 74)),
                        ControlEvent(tick: 0, message: .programChange(channel: 2, program: 48)),
                        ControlEvent(tick: 0, message: .controlChange(channel: 1, controller: 7, value: 100)),
                        ControlEvent(tick: 0, message: .controlChange(channel: 2, controller: 7, value: 60))]
        return Score(parts: [Part(name: "Song", notes: notes, controls: controls)],
                     timeSignatures: [TimeSignature(numerator: 4, denominator: 4)])
    }

    @Test func takesOneChannelOfAMultiChannelTrack() throws {
        let voice = try #require(MelodyVoice.choose(in: Self.band()))
        #expect(voice.partIndex == 0 && voice.channel == 1 && voice.program == 74)
        #expect(voice.summary == "track 0 channel 2 (Recorder)")
        #expect(voice.part.name == "Melody")
        #expect(voice.part.notes.map(\.pitch) == [72, 73, 74, 75])
        #expect(voice.part.notes.map(\.start) == [0, 480, 960, 1440])
        #expect(voice.part.channels == [0])
        #expect(voice.part.controls == [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 74)),
                                        ControlEvent(tick: 0, message: .controlChange(channel: 0, controller: 7, value: 100))])
    }

    @Test(.enabled(if: ShippedHarmonyModel.model != nil, "Models/harmony.json not readable"))
    func chordsStyleWritesOnlyTheMelodyVoice() throws {
        let model = try #require(ShippedHarmonyModel.model)
        let result = try Harmonizer.chords(for: Self.band(), model: model, chordsPerBar: 2, style: .block, program: 0)
        #expect(result.score.parts.count == 2)
        #expect(result.score.parts[0].notes.map(\.pitch) == [72, 73, 74, 75])
        #expect(result.score.parts[0].programs == [74])
        #expect(result.melody.summary == "track 0 channel 2 (Recorder)")
    }

    /// A conductor track with a title, a marker and a CC keeps its name and texts in both styles,
    /// before the generated parts, without its channel messages (they would act on the
    /// accompaniment's channel 2); an empty conductor track is not written as a part.
    @Test(.enabled(if: ShippedHarmonyModel.model != nil, "Models/harmony.json not readable"))
    func tracksWithoutNotesKeepTheirNamesAndTexts() throws {
        let model = try #require(ShippedHarmonyModel.model)
        let marker = TextEvent(tick: 960, kind: .marker, text: "B")
        let conductor = Part(name: "Title", controls: [ControlEvent(tick: 0, message: .controlChange(channel: 1, controller: 7, value: 5))],
                             texts: [marker])
        var band = Self.band()
        band.parts.insert(conductor, at: 0)
        band.parts.insert(Part(), at: 0)
        let chords = try Harmonizer.chords(for: band, model: model, chordsPerBar: 2, style: .block, program: 0)
        #expect(chords.score.parts.map(\.name) == ["Title", "Melody", "Accompaniment"])
        #expect(chords.score.parts[0] == Part(name: "Title", texts: [marker]))
        let satb = try Harmonizer.satb(for: band, model: model, program: 52)
        #expect(satb.score.parts.map(\.name) == ["Title", "Soprano", "Alto", "Tenor", "Bass"])
        #expect(satb.score.parts[0] == Part(name: "Title", texts: [marker]))
        // The soprano: --program's program change first, then the melody channel's CC 7 (its program 74 gives way).
        #expect(satb.score.parts[1].controls == [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 52)),
                                                 ControlEvent(tick: 0, message: .controlChange(channel: 0, controller: 7, value: 100))])
    }

    @Test func singleChannelTrackKeepsItsNameAndLaterTracksCount() throws {
        let low = Part(name: "Bass", notes: [Note(pitch: 40, channel: 3, start: 0, duration: 480)])
        let high = Part(name: "Flute", notes: [Note(pitch: 79, channel: 4, start: 0, duration: 480)])
        let voice = try #require(MelodyVoice.choose(in: Score(parts: [Part(), low, high])))
        #expect(voice.partIndex == 2 && voice.channel == 4 && voice.program == nil)
        #expect(voice.part.name == "Flute" && voice.part.notes.map(\.channel) == [0])
        #expect(voice.summary == "track 2 channel 5 (no program change)")
        // Drums only: no melody.
        #expect(MelodyVoice.choose(in: Score(parts: [Part(notes: [Note(pitch: 42, channel: 9, start: 0, duration: 60)])])) == nil)
    }

    /// G4 G4 G4 G4 | A4 G4 F4 E4 | D4 E4 C4 (half) in C major, quarters at 480 PPQN: before the
    /// first and last chords were limited to those Bach begins and ends with, SATB opened on
    /// G-Bb-C# (G diminished, rare in the chorales, whose few training notes were almost all G).
    @Test(.enabled(if: ShippedHarmonyModel.model != nil, "Models/harmony.json not readable"))
    func satbOpensAndClosesCMajorMelodyOnTheTonic() throws {
        let model = try #require(ShippedHarmonyModel.model)
        let pitches: [UInt8] = [67, 67, 67, 67, 69, 67, 65, 64, 62, 64, 60]
        var notes: [Note] = []
        var tick = 0
        for (i, p) in pitches.enumerated() {
            let length = i == pitches.count - 1 ? 960 : 480
            notes.append(Note(pitch: p, start: tick, duration: length))
            tick += length
        }
        let score = Score(parts: [Part(notes: notes)], timeSignatures: [TimeSignature(numerator: 4, denominator: 4)],
                          keySignatures: [KeySignature(sharpsFlats: 0, minor: false)])
        let result = try Harmonizer.satb(for: score, model: model, program: 52)
        #expect(result.key == Key(tonic: 0, mode: .major))
        #expect(result.chordChart == "| C G | D G G7 C | G C |")
        #expect(result.chords.first?.description == "C" && result.chords.last?.description == "C")
        let beatOne = result.score.parts.map { $0.notes.filter { $0.start == 0 }.map { Int($0.pitch) } }
        #expect(beatOne == [[67], [60], [52], [48]])
        #expect(beatOne.joined().allSatisfy { result.key.contains(pitchClass: $0) })
    }
}
