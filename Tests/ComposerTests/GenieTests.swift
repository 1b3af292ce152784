import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

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
        #expect(throws: ParameterError("button", value: 9, allowed: "1...8")) {
            try d.decode(buttons: [1, 9], rhythm: [.note(offset: 0, steps: 4), .note(offset: 0, steps: 4)])
        }
        #expect(throws: ComposerError.buttonCountMismatch(buttons: 2, rhythmNotes: 1)) {
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
