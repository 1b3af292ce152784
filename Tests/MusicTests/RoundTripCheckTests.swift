import Foundation
import Music
import SMF
import Testing

@Suite struct RoundTripCheckTests {
    /// Two notes at 120 bpm, 480 PPQ: C4 at 0-480 and D4 at 480-960; drums on channel 10.
    static let score = Score(parts: [Part(notes: [
        Note(pitch: 60, velocity: 90, start: 0, duration: 480), Note(pitch: 62, velocity: 90, start: 480, duration: 480),
        Note(pitch: 36, velocity: 100, channel: 9, start: 0, duration: 60),
    ])])

    @Test func aFaithfulCopyPasses() throws {
        let file = Self.score.midiFile()
        let copy = Score(file: try MIDIFile(bytes: file.converted(ticksPerQuarter: 96).file.bytes()))
        let check = RoundTripCheck(before: Score(file: file), after: copy, tracksMerged: false)
        #expect(check.total == 3 && check.compared == 3 && check.countDifference == 0)
        #expect(check.maxDeviation < 1e-12)
        // Half a tick of 96 PPQ at 120 bpm, plus 1 ns.
        #expect(abs(check.tolerance - (0.5 * 0.5 / 96 + 1e-9)) < 1e-15)
        #expect(check.failure == nil)
        try check.verify()
    }

    @Test func transpositionIsAllowedForAndDrumsStay() throws {
        let file = Self.score.midiFile()
        let up = Score(file: file.transposed(by: 3).file)
        #expect(up.parts[1].notes.map(\.pitch) == [36, 63, 65])
        let check = RoundTripCheck(before: Score(file: file), after: up, transpose: 3, tracksMerged: false)
        #expect(check.failure == nil && check.compared == 3)
        // Compared without the transposition, the pitches differ.
        let wrong = RoundTripCheck(before: Score(file: file), after: up, transpose: 0, tracksMerged: false)
        #expect(wrong.failure == .notesMoved(differing: 2, maxDeviation: 0))
    }

    @Test func lostAndMovedNotesFail() throws {
        var fewer = Self.score
        fewer.parts[0].notes.removeLast()
        let lost = RoundTripCheck(before: Self.score, after: fewer, tracksMerged: false)
        #expect(lost.failure == .noteCountChanged(difference: -1))
        #expect(String(describing: lost.failure!) == "the output holds -1 note(s) compared with the input")
        #expect(throws: RoundTripError.noteCountChanged(difference: -1)) { try lost.verify() }

        var moved = Self.score
        moved.parts[0].notes[1].start += 48  // C4, 50 ms later at 120 bpm, 480 PPQ
        let late = RoundTripCheck(before: Self.score, after: moved, tracksMerged: false)
        guard case .notesMoved(let differing, let deviation) = late.failure else { Issue.record("\(String(describing: late.failure))"); return }
        #expect(differing == 1 && abs(deviation - 0.05) < 1e-12)
        #expect(String(describing: late.failure!) == "1 note(s) differ; a note moved by 50.000 ms, more than rounding allows")
        // Merged tracks may re-pair notes: the check reports but does not fail.
        #expect(RoundTripCheck(before: Self.score, after: moved, tracksMerged: true).failure == nil)
    }

    @Test func keySignaturesAreRespelledWithAtMostSixAccidentals() {
        #expect(KeySignature(sharpsFlats: 1, minor: false).transposed(by: 2).sharpsFlats == 3)     // G -> A major
        #expect(KeySignature(sharpsFlats: -6, minor: true).transposed(by: 1).sharpsFlats == 1)     // Eb -> E minor
        #expect(KeySignature(sharpsFlats: 6, minor: false).transposed(by: -1).sharpsFlats == -1)   // F# -> F major
        #expect(KeySignature(sharpsFlats: 0, minor: false).transposed(by: 6).sharpsFlats == 6)     // C -> F# major
        #expect(KeySignature(sharpsFlats: 0, minor: false).transposed(by: 1).sharpsFlats == -5)    // C -> Db major
        #expect(KeySignature(tick: 7, sharpsFlats: -2, minor: true).transposed(by: -12) == KeySignature(tick: 7, sharpsFlats: -2, minor: true))
    }
}

/// The description of a failed round trip gives the deviation with 3 decimals, as printf's "%.3f"
/// (it no longer needs Foundation's `String(format:)`).
@Suite struct RoundTripErrorDescriptionTests {
    @Test func deviationsPrintWithThreeDecimals() {
        #expect(RoundTripError.notesMoved(differing: 2, maxDeviation: 0.0015).description
                == "2 note(s) differ; a note moved by 1.500 ms, more than rounding allows")
        #expect(RoundTripError.notesMoved(differing: 1, maxDeviation: 0).description
                == "1 note(s) differ; a note moved by 0.000 ms, more than rounding allows")
        #expect(RoundTripError.notesMoved(differing: 7, maxDeviation: 12.5).description
                == "7 note(s) differ; a note moved by 12500.000 ms, more than rounding allows")
        #expect(RoundTripError.noteCountChanged(difference: -3).description == "the output holds -3 note(s) compared with the input")
    }
}
