import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite("Melody encoding")
struct EncodingTests {
    @Test("token ids are dense, round-trip, and the vocabulary has 609 predictable tokens")
    func tokenIDs() {
        #expect(MelodyToken.vocabularySize == 609)
        #expect(MelodyToken.end.id == 0)
        #expect(MelodyToken.rest(steps: 1).id == 1)
        #expect(MelodyToken.rest(steps: 16).id == 16)
        #expect(MelodyToken.note(offset: -12, steps: 1).id == 17)
        #expect(MelodyToken.note(offset: 0, steps: 4).id == 17 + 12 * 16 + 3)
        #expect(MelodyToken.note(offset: 24, steps: 16).id == 608)
        #expect(MelodyToken.begin.id == 609)
        for id in 0...609 {
            let token = MelodyToken(id: id)!
            #expect(token.id == id)
            #expect(MelodyToken(text: Substring(token.description)) == token)
        }
        #expect(MelodyToken(id: 610) == nil)
        #expect(MelodyToken(text: "25/1") == nil)
        #expect(MelodyToken(text: "0/17") == nil)
        #expect(MelodyToken(text: "r0") == nil)
        #expect(MelodyToken.note(offset: -5, steps: 4).description == "-5/4")
        #expect(MelodyToken.fold(offset: -24) == -12)
        #expect(MelodyToken.fold(offset: -13) == -1)
        #expect(MelodyToken.fold(offset: 36) == 24)
        #expect(MelodyToken.fold(offset: 26) == 14)
    }

    @Test("ticks round to the nearest 16th-note step, halves up")
    func stepRounding() {
        #expect(GridMelody.step(ofTick: 0, ticksPerQuarter: 480) == 0)
        #expect(GridMelody.step(ofTick: 59, ticksPerQuarter: 480) == 0)
        #expect(GridMelody.step(ofTick: 60, ticksPerQuarter: 480) == 1)
        #expect(GridMelody.step(ofTick: 1024, ticksPerQuarter: 1024) == 4)
        #expect(GridMelody.step(ofTick: 341, ticksPerQuarter: 1024) == 1)   // a triplet 8th: 1.33 steps
        #expect(GridMelody.step(ofTick: 683, ticksPerQuarter: 1024) == 3)   // 2.67 steps
    }

    /// A hand-made melody at 480 PPQ (one step = 120 ticks) exercising chords, gaps, long notes,
    /// legato overlaps, inner voices, quantization and octave folding, all 8 steps late.
    @Test("hand-made melody gives exact tokens")
    func handMadeMelody() {
        let lead = 960
        let notes = [
            note(60, 0, 480),            // C4, 4 steps
            note(64, 480, 230),          // E4, ends at 5.92 -> 6: 2 steps
            note(67, 720, 240),          // G4 under C5 at the same step: dropped
            note(72, 720, 240),          // C5, 2 steps
            note(74, 1200, 2400),        // after a 2-step gap: D5 for 20 steps -> 16 + rest 4
            note(71, 3600, 600),         // B4 from step 30 to 35 ...
            note(69, 3960, 360),         // ... A4 from 33 to 36, lower but lasting longer: takes over
            note(79, 4320, 960),         // G5, 36..44
            note(76, 4560, 240),         // E5 inside G5 and lower: an inner voice, dropped
            note(65, 5290, 470),         // F4 at 44.08 -> 44, to 48
            note(36, 5760, 480),         // C2: offset -24 folds to -12
            note(96, 6240, 240),         // C7: offset 36 folds to 24
        ].map { Note(pitch: $0.pitch, velocity: 90, channel: 0, start: $0.start + lead, duration: $0.duration) }
        let melody = GridMelody.topLine(of: notes.shuffled(), ticksPerQuarter: 480)
        #expect(melody.notes == [
            GridNote(pitch: 60, start: 8, steps: 4), GridNote(pitch: 64, start: 12, steps: 2),
            GridNote(pitch: 72, start: 14, steps: 2), GridNote(pitch: 74, start: 18, steps: 20),
            GridNote(pitch: 71, start: 38, steps: 3), GridNote(pitch: 69, start: 41, steps: 3),
            GridNote(pitch: 79, start: 44, steps: 8), GridNote(pitch: 65, start: 52, steps: 4),
            GridNote(pitch: 36, start: 56, steps: 4), GridNote(pitch: 96, start: 60, steps: 2),
        ])
        let tokens = MelodyEncoding.tokens(of: melody, key: Key(tonic: 0, mode: .major))
        #expect(tokens == [
            .note(offset: 0, steps: 4), .note(offset: 4, steps: 2), .note(offset: 12, steps: 2), .rest(steps: 2),
            .note(offset: 14, steps: 16), .rest(steps: 4), .note(offset: 11, steps: 3), .note(offset: 9, steps: 3),
            .note(offset: 19, steps: 8), .note(offset: 5, steps: 4), .note(offset: -12, steps: 4), .note(offset: 24, steps: 2),
        ])
        #expect(tokens.map(\.description).joined(separator: " ") == "0/4 4/2 12/2 r2 14/16 r4 11/3 9/3 19/8 5/4 -12/4 24/2")
    }

    @Test("pitches are relative to the tonic in octave 4; decoding inverts encoding")
    func keyRelative() {
        let melody = GridMelody(notes: [GridNote(pitch: 62, start: 0, steps: 4), GridNote(pitch: 65, start: 4, steps: 2),
                                        GridNote(pitch: 57, start: 6, steps: 2), GridNote(pitch: 74, start: 8, steps: 4)])
        let dMinor = Key(tonic: 2, mode: .minor)
        let tokens = MelodyEncoding.tokens(of: melody, key: dMinor)
        #expect(tokens == [.note(offset: 0, steps: 4), .note(offset: 3, steps: 2), .note(offset: -5, steps: 2), .note(offset: 12, steps: 4)])
        #expect(MelodyEncoding.melody(of: tokens, reference: 62) == melody)
        // A long rest splits into 16 + remainder.
        let gap = GridMelody(notes: [GridNote(pitch: 62, start: 0, steps: 1), GridNote(pitch: 62, start: 21, steps: 1)])
        #expect(MelodyEncoding.tokens(of: gap, key: dMinor) == [.note(offset: 0, steps: 1), .rest(steps: 16), .rest(steps: 4), .note(offset: 0, steps: 1)])
    }

    @Test("the key: signature or its relative, whichever Krumhansl-Schmuckler prefers; the estimate without a signature")
    func tuneKey() {
        // E minor arpeggios and scale, written under a G major signature (as Nottingham does).
        let eMinor = [64, 67, 71, 64, 66, 67, 69, 71, 72, 71, 69, 67, 66, 64, 71, 64].enumerated().map { note($1, $0 * 240, $0 % 4 == 0 ? 480 : 240) }
        let gMajorSignature = KeySignature(sharpsFlats: 1, minor: false)
        #expect(TuneKey.decide(notes: eMinor, signature: gMajorSignature) == Key(tonic: 4, mode: .minor))
        // A G major tune under the same signature stays G major.
        let gMajor = [67, 71, 74, 67, 69, 71, 72, 74, 76, 74, 72, 71, 69, 67, 74, 67].enumerated().map { note($1, $0 * 240, $0 % 4 == 0 ? 480 : 240) }
        #expect(TuneKey.decide(notes: gMajor, signature: gMajorSignature) == Key(tonic: 7, mode: .major))
        // No signature: the 24-key estimate.
        #expect(TuneKey.decide(notes: gMajor, signature: nil) == Key.estimate(gMajor).key)
    }

    @Test("metrical conditions and start positions")
    func metric() throws {
        let common = Meter.common
        #expect((0..<16).map { MetricPosition.condition(step: $0, meter: common) } == [0, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3])
        let jig = try Meter(6, 8)
        #expect(jig.stepsPerBar == 12 && jig.beatSteps == 6)
        #expect((0..<12).map { MetricPosition.condition(step: $0, meter: jig) } == [4, 7, 6, 7, 6, 7, 5, 7, 6, 7, 6, 7])
        #expect(try Meter(3, 4).beatSteps == 4)
        #expect(try Meter(2, 2).beatSteps == 8)
        #expect(throws: MeterError(numerator: 3, denominator: 32)) { try Meter(3, 32) }
        // Conditions of tokens and the end after them, starting on the pickup at step 12.
        #expect(MetricPosition.conditions(of: [.note(offset: 0, steps: 4), .note(offset: 2, steps: 2), .rest(steps: 1)], meter: common, start: 12)
                == [1, 0, 2, 3])
        // A file whose bar lines are right keeps its position; a pickup written at tick 0 is moved.
        let aligned = GridMelody(notes: (0..<16).map { GridNote(pitch: 60, start: 12 + $0 * 4, steps: 4) })
        #expect(MetricPosition.startPosition(of: aligned, meter: common) == 12)
        // A quarter-note pickup written at step 0, then bars of notes at steps 0, 4, 8, 10 of the
        // real bar: the file's bar lines fall on no onset. Shifted by 12 steps every bar starts
        // with a note and the third note falls on the half bar (shifted by 8, the second note
        // would be on the downbeat too, but the others on weaker steps).
        var notes = [GridNote(pitch: 67, start: 0, steps: 4)]
        for bar in 0..<8 {
            notes += [GridNote(pitch: 72, start: 4 + bar * 16, steps: 4), GridNote(pitch: 71, start: 8 + bar * 16, steps: 4),
                      GridNote(pitch: 69, start: 12 + bar * 16, steps: 2), GridNote(pitch: 67, start: 14 + bar * 16, steps: 6)]
        }
        let pickup = GridMelody(notes: notes)
        #expect(MetricPosition.downbeatOnsetRate(of: pickup, start: 0, meter: common) == 1.0 / 8)   // only the pickup itself
        #expect(MetricPosition.downbeatOnsetRate(of: pickup, start: 12, meter: common) == 1)
        #expect((0..<16).map { MetricPosition.metricalWeight(step: $0, meter: common) } == [5, 1, 2, 1, 3, 1, 2, 1, 4, 1, 2, 1, 3, 1, 2, 1])
        #expect((0..<12).map { MetricPosition.metricalWeight(step: $0, meter: jig) } == [4, 1, 2, 1, 2, 1, 3, 1, 2, 1, 2, 1])
        #expect((0..<12).map { MetricPosition.metricalWeight(step: $0, meter: try! Meter(3, 4)) } == [4, 1, 2, 1, 3, 1, 2, 1, 3, 1, 2, 1])
        #expect(MetricPosition.startPosition(of: pickup, meter: common) == 12)
    }
}
