import Foundation
import Music
import Testing
@testable import Composer

/// The shipped Markov model (Models/melody-markov.json in the repository), loaded once.
enum ShippedModels {
    static let folder = SharedCorpus.packageRoot.appendingPathComponent("Models")
    static let markov: MarkovMelodyModel? = try? MarkovMelodyModel.load(from: folder.appendingPathComponent("melody-markov.json"))
    static let rnn: RNNMelodyModel? = try? RNNMelodyModel.load(from: folder.appendingPathComponent("melody-rnn.json"))
}

@Suite struct GenieTests {
    let buttons = [1, 3, 5, 8, 6, 4, 2, 1, 1, 2, 2, 7, 8, 8, 5, 4, 4, 1, 6, 3]

    func decode(_ buttons: [Int], key: Key, seed: UInt64, temperature: Double = 0.5, steps: Int = 4) throws -> [Int] {
        let model = try #require(ShippedModels.markov)
        var decoder = GenieDecoder(model: model, key: key, temperature: temperature, seed: seed)
        let rhythm = buttons.map { _ in MelodyToken.note(offset: 0, steps: steps) }
        return try decoder.decode(buttons: buttons, rhythm: rhythm).melody.notes.map(\.pitch)
    }

    @Test func contourIsExactForEverySeed() throws {
        for seed: UInt64 in 1...8 {
            for key in [Key(tonic: 0, mode: .major), Key(tonic: 2, mode: .minor), Key(tonic: 10, mode: .major)] {
                let pitches = try decode(buttons, key: key, seed: seed)
                #expect(pitches.count == buttons.count)
                for i in 1..<buttons.count {
                    let db = buttons[i] - buttons[i - 1], dp = pitches[i] - pitches[i - 1]
                    if db > 0 { #expect(dp >= db && dp <= 2 * db + 2, "seed \(seed) \(key) press \(i): \(pitches)") }
                    if db < 0 { #expect(-dp >= -db && -dp <= -2 * db + 2, "seed \(seed) \(key) press \(i): \(pitches)") }
                    if db == 0 { #expect(abs(dp) <= 2, "seed \(seed) \(key) press \(i): \(pitches)") }
                }
            }
        }
    }

    @Test func everyNoteIsInKey() throws {
        for seed: UInt64 in 1...5 {
            for key in [Key(tonic: 7, mode: .major), Key(tonic: 9, mode: .minor)] {
                let pitches = try decode(buttons, key: key, seed: seed)
                #expect(pitches.allSatisfy { key.contains(pitchClass: $0) }, "\(key) seed \(seed): \(pitches)")
            }
        }
    }

    @Test func deterministicForASeed() throws {
        let key = Key(tonic: 0, mode: .major)
        let a = try decode(buttons, key: key, seed: 3)
        #expect(try decode(buttons, key: key, seed: 3) == a)
        let others = try (4...8).map { try decode(buttons, key: key, seed: UInt64($0)) }
        #expect(others.contains { $0 != a }, "temperature 0.5: some seed should choose differently")
    }

    /// At temperature 0 a scale of buttons up and down gives the scale (the model's likeliest
    /// steps), starting on the tonic for button 1.
    @Test func scaleOfButtonsAtTemperatureZero() throws {
        let up = Array(1...8) + [8, 8] + Array((1...7).reversed())
        let pitches = try decode(up, key: Key(tonic: 0, mode: .major), seed: 1, temperature: 0)
        #expect(pitches.map { PitchName.name(of: UInt8($0)) }.joined(separator: " ")
                == "C4 D4 E4 F4 G4 A4 B4 C5 D5 C5 B4 A4 G4 F4 E4 D4 C4")
    }

    @Test func homePitchesAndCandidates() throws {
        let model = try #require(ShippedModels.markov)
        let cMajor = GenieDecoder(model: model, key: Key(tonic: 0, mode: .major))
        #expect((1...8).map { cMajor.home(button: $0) } == [60, 62, 64, 65, 67, 69, 71, 72])
        let dMinor = GenieDecoder(model: model, key: Key(tonic: 2, mode: .minor))
        #expect((1...8).map { dMinor.home(button: $0) } == [62, 64, 65, 67, 69, 70, 72, 74])
        // First press of button 1 in C major: in-key notes within 5 semitones of C4.
        #expect(cMajor.candidates(button: 1) == [55, 57, 59, 60, 62, 64, 65])
        var d = cMajor
        _ = d.press(button: 4, steps: 4)         // plays some F4-ish note p
        let p = d.last!.pitch
        // Two buttons up: 2...6 semitones up, in key.
        #expect(d.candidates(button: 6) == (p + 2...p + 6).filter { Key(tonic: 0, mode: .major).contains(pitchClass: $0) })
        #expect(d.candidates(button: 4).contains(p))
        #expect(d.candidates(button: 4).allSatisfy { abs($0 - p) <= 2 })
    }

    @Test func buttonsFromAMelody() {
        #expect(GenieDecoder.buttons(for: [60, 62, 64, 65, 67, 69, 71, 72]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(GenieDecoder.buttons(for: [60, 72, 66, 60]) == [1, 8, 5, 1])   // 66: 1 + round(3.5) = 5
        #expect(GenieDecoder.buttons(for: [67, 67]) == [4, 4])
        #expect(GenieDecoder.buttons(for: []) == [])
    }

    @Test func badButtonsAreRefused() throws {
        let model = try #require(ShippedModels.markov)
        var d = GenieDecoder(model: model, key: Key(tonic: 0, mode: .major))
        #expect(throws: ComposerError.invalidArgument("button 9 is outside 1...8")) {
            try d.decode(buttons: [1, 9], rhythm: [.note(offset: 0, steps: 4), .note(offset: 0, steps: 4)])
        }
        #expect(throws: ComposerError.invalidArgument("2 buttons but the rhythm has 1 notes")) {
            try d.decode(buttons: [1, 2], rhythm: [.note(offset: 0, steps: 4), .rest(steps: 4)])
        }
    }

    /// Rests in the rhythm stay rests, and note lengths are kept.
    @Test func rhythmTemplateIsKept() throws {
        let model = try #require(ShippedModels.markov)
        var d = GenieDecoder(model: model, key: Key(tonic: 0, mode: .major), temperature: 0)
        let (melody, tokens) = try d.decode(buttons: [1, 2, 3], rhythm: [.note(offset: 5, steps: 2), .rest(steps: 2), .note(offset: 0, steps: 4), .note(offset: 0, steps: 8)])
        #expect(melody.notes.map(\.start) == [0, 4, 8])
        #expect(melody.notes.map(\.steps) == [2, 4, 8])
        #expect(tokens.map(\.steps) == [2, 2, 4, 8])
        #expect(!tokens[1].isNote)
    }
}

@Suite struct ContinuationTests {
    /// C4 E4 G4 E4 F4 D4 B3 quarters, C4 half: 36 steps, so the answer starts at step 48 (bar 4).
    let phrase = try! Primer.parse("C4 E4 G4 E4 F4 D4 B3 C4:2")

    func check(_ model: MelodyModel, bars: Int) throws {
        let c = try model.continuation(of: phrase, bars: bars, tempo: 100, seed: 5)
        let expectedKey = Key.estimate(phrase.compactMap(\.pitch).enumerated().map { i, p in
            Note(pitch: UInt8(p), start: i * 4, duration: phrase[i].steps)
        }).key
        #expect(c.key == expectedKey)
        #expect(c.key == Key(tonic: 0, mode: .major))
        #expect(c.answerStart == 48)
        #expect(c.answerSteps == bars * 16)
        let notes = c.answer.notes
        #expect(!notes.isEmpty)
        #expect(notes.allSatisfy { $0.start >= 0 && $0.end <= bars * 16 })
        #expect(notes.last!.end == bars * 16)                 // closes exactly at the end
        #expect(notes.last!.pitch % 12 == 0)                   // on the tonic
        #expect(notes.allSatisfy { c.key.contains(pitchClass: $0.pitch) })
        // The file: the answer alone from tick 0, or after the phrase from bar 4 (48 steps x 120 ticks).
        let alone = c.score(includePhrase: false)
        #expect(alone.allNotes.map(\.start).min() == notes.first!.start * 120)
        #expect(alone.allNotes.map(\.end).max() == bars * 16 * 120)
        #expect(alone.keySignatures.first?.key == c.key)
        #expect(alone.tempoChanges.first.map { Int($0.bpm.rounded()) } == 100)
        let both = c.score(includePhrase: true)
        let all = both.allNotes.sorted { $0.start < $1.start }
        #expect(all.prefix(8).map(\.pitch) == [60, 64, 67, 64, 65, 62, 59, 60])
        #expect(all.prefix(8).map(\.start) == [0, 480, 960, 1440, 1920, 2400, 2880, 3360])
        #expect(all.dropFirst(8).map(\.start).min() == 48 * 120 + notes.first!.start * 120)
        #expect(all.map(\.end).max() == (48 + bars * 16) * 120)
        // Deterministic.
        #expect(try model.continuation(of: phrase, bars: bars, tempo: 100, seed: 5) == c)
    }

    @Test func markovAnswerKeyLengthAndPlace() throws {
        try check(.markov(try #require(ShippedModels.markov)), bars: 2)
        try check(.markov(try #require(ShippedModels.markov)), bars: 4)
    }

    @Test func rnnAnswerKeyLengthAndPlace() throws {
        try check(.rnn(try #require(ShippedModels.rnn)), bars: 2)
    }

    @Test func emptyPhraseIsRefused() throws {
        let model = MelodyModel.markov(try #require(ShippedModels.markov))
        #expect(throws: ComposerError.invalidArgument("the phrase has no notes to continue")) {
            try model.continuation(of: [PrimerNote(pitch: nil, steps: 4)], bars: 2)
        }
    }
}
