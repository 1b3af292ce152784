import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

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
        #expect(throws: ComposerError.emptyPhrase) {
            try model.continuation(of: [PrimerNote(pitch: nil, steps: 4)], bars: 2)
        }
    }
}

/// `Continuation.key(of:signature:)`: the file's key signature when the phrase fits it, else the estimate.
@Suite struct ContinuationKeySignatureTests {
    @Test func signatureKeyOrItsRelativeMinorWhenThePhraseFits() throws {
        // Notes of G major leaning on B and F#: estimated as B minor; with a one-sharp signature, G major.
        let jig = try Primer.parse("B3 D4 F#4 B4:2 A4 G4 F#4 D4 B3:4")
        #expect(Continuation.key(of: jig) == Key(tonic: 11, mode: .minor))
        #expect(Continuation.key(of: jig, signature: nil) == Key(tonic: 11, mode: .minor))
        #expect(Continuation.key(of: jig, signature: KeySignature(sharpsFlats: 1, minor: false)) == Key(tonic: 7, mode: .major))
        // An E minor phrase under the same one-sharp signature (written "G major"): its relative minor.
        let eMinor = try Primer.parse("E4 G4 B4 E5:2 D5 B4 F#4 E4:4")
        #expect(Continuation.key(of: eMinor, signature: KeySignature(sharpsFlats: 1, minor: false)) == Key(tonic: 4, mode: .minor))
    }

    @Test func aSignatureThePhraseDoesNotFitIsIgnored() throws {
        // An E major scale in a file saved with a default C major signature: C# and D# (8 of 36
        // steps) are outside A minor (whose raised 6th and 7th, F# and G#, count), so under 90% fit.
        let eMajor = try Primer.parse("E4 F#4 G#4 A4 B4 C#5 D#5 E5:2")
        let estimate = Continuation.key(of: eMajor)
        #expect(estimate == Key(tonic: 4, mode: .major))
        #expect(Continuation.key(of: eMajor, signature: KeySignature(sharpsFlats: 0, minor: false)) == estimate)
    }
}
