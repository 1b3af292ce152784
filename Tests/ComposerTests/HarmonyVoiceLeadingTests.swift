import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite struct HarmonyRuleCheckerTests {
    /// Four voices from a list of chords (soprano, alto, tenor, bass), one half note each.
    func voices(_ chords: [[Int]]) -> [[Note]] {
        (0..<4).map { v in chords.enumerated().map { i, c in note(c[v], i * 960, 960) } }
    }

    @Test func cleanProgressionHasNoViolations() {
        // C: I - IV - V - I, textbook voicing.
        let v = VoiceLeadingRules.check(voices([[72, 67, 64, 48], [72, 69, 65, 53], [71, 67, 62, 55], [72, 67, 64, 48]]))
        #expect(v == VoiceLeadingRules.Violations())
    }

    @Test func parallelFifth() {
        // Soprano C5 -> D5 over alto F4 -> G4: a fifth to a fifth; the bass holds F3.
        let v = VoiceLeadingRules.check(voices([[72, 65, 57, 53], [74, 67, 59, 53]]))
        #expect(v.parallelFifths == 1)
        #expect(v.parallelOctaves == 0 && v.voiceCrossing == 0 && v.spacing == 0 && v.range == 0)
    }

    @Test func parallelOctaveAndCompoundIntervals() {
        // Soprano and bass two octaves apart, both up a step: a parallel (double) octave.
        let v = VoiceLeadingRules.check(voices([[72, 64, 55, 48], [74, 65, 59, 50]]))
        #expect(v.parallelOctaves == 1)
        #expect(v.parallelFifths == 0 && v.voiceCrossing == 0 && v.spacing == 0 && v.range == 0)
        // A twelfth to a fifth (contrary motion) still counts as a parallel fifth; a fifth to a
        // held fifth (one voice still) does not.
        let compound = VoiceLeadingRules.check(voices([[74, 65, 57, 55], [72, 65, 57, 65]]))
        #expect(compound.parallelFifths == 1)
        let held = VoiceLeadingRules.check(voices([[72, 65, 57, 53], [72, 67, 60, 53]]))
        #expect(held.parallelFifths == 0 && held.parallelOctaves == 0)
    }

    @Test func voiceCrossingSpacingAndRange() {
        // Alto above soprano: one crossing.
        let crossing = VoiceLeadingRules.check(voices([[67, 69, 60, 48]]))
        #expect(crossing.voiceCrossing == 1 && crossing.spacing == 0 && crossing.range == 0)
        // Soprano G5 over alto E4: 15 semitones, one spacing fault; alto-tenor 9 is fine.
        let wide = VoiceLeadingRules.check(voices([[79, 64, 55, 48]]))
        #expect(wide.spacing == 1 && wide.voiceCrossing == 0)
        // Alto-tenor 16 semitones and tenor below bass: one spacing fault, one crossing.
        let both = VoiceLeadingRules.check(voices([[76, 72, 56, 58]]))
        #expect(both.spacing == 1 && both.voiceCrossing == 1)
        // Bass C2 (36) below E2, soprano A5 (81) above G5: two notes out of range; one if only
        // the lower voices are checked.
        let range = VoiceLeadingRules.check(voices([[81, 72, 60, 36]]))
        #expect(range.range == 2 && range.spacing == 0)
        #expect(VoiceLeadingRules.check(voices([[81, 72, 60, 36]]), checkRanges: [.alto, .tenor, .bass]).range == 1)
    }

    @Test func countsEveryPairAndEveryStep() {
        // All four voices up a whole step three times from C5 C4 F3 F2 (octaves S-A and T-B;
        // fifths, compound or not, A-T 7, S-T 19, S-B 31, A-B 19): every pair moves in parallel.
        let start = [72, 60, 53, 41]
        let chords = (0..<4).map { step in start.map { $0 + 2 * step } }
        let v = VoiceLeadingRules.check(voices(chords))
        #expect(v.parallelOctaves == 2 * 3)
        #expect(v.parallelFifths == 4 * 3)
        #expect(v.voiceCrossing == 0 && v.spacing == 0 && v.range == 0)
        // Passing notes: the soprano moves in eighths over a held chord, then all move: only the
        // last soprano pitch before the change counts against the others.
        var passing = voices([[72, 64, 55, 48], [74, 65, 59, 50]])
        passing[0] = [note(72, 0, 480), note(74, 480, 480), note(74, 960, 960)]
        let p = VoiceLeadingRules.check(passing)
        #expect(p.parallelOctaves == 0)   // S does not move at 960 (D5 to D5)
    }

    @Test func parallelsHelperMatchesTheChecker() {
        let p = VoiceLeadingRules.parallels(from: [72, 65, 57, 53], to: [74, 67, 59, 53])
        #expect(p.fifths == 1 && p.octaves == 0)
        let rest = VoiceLeadingRules.parallels(from: [72, nil, 57, 48], to: [74, 67, 59, 50])
        #expect(rest.fifths == 0 && rest.octaves == 1)   // S-B 24 -> 24; the resting alto is skipped
    }
}

@Suite struct HarmonyVoicingTests {
    @Test(.enabled(if: ShippedHarmonyModel.model != nil, "Models/harmony.json not readable"))
    func generatedVoicesStayInRangeAndFollowTheRules() throws {
        let model = try #require(ShippedHarmonyModel.model)
        let url = SharedCorpus.packageRoot.appendingPathComponent("Samples/jig-g-major.mid")
        let input = try Score(contentsOf: url)
        let result = try Harmonizer.satb(for: input, model: model, program: 52)
        #expect(result.score.parts.map(\.name) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(result.score.parts.map(\.channels) == [[0], [1], [2], [3]])
        let melody = try Harmonizer.melody(of: input)
        #expect(result.score.parts[0].notes == melody.part.notes)
        for voice in [Voice.alto, .tenor, .bass] {
            let pitches = result.score.parts[voice.rawValue].notes.map { Int($0.pitch) }
            #expect(!pitches.isEmpty)
            #expect(pitches.allSatisfy { voice.range.contains($0) }, "\(voice.name): \(pitches)")
        }
        let violations = VoiceLeadingRules.check(result.score.parts.map(\.notes), checkRanges: [.alto, .tenor, .bass])
        #expect(violations == VoiceLeadingRules.Violations())
        // Every lower-voice note is a tone of its slot's chord.
        for (slot, chord) in zip(result.slots, result.chords) {
            for voice in 1..<4 {
                let sounding = result.score.parts[voice].notes.first { $0.start <= slot.start && $0.end > slot.start }
                #expect(sounding.flatMap { chord.reduced.role(of: Int($0.pitch)) } != nil)
            }
        }
        // Deterministic.
        #expect(try Harmonizer.satb(for: input, model: model, program: 52).score == result.score)
    }

    @Test func searchAvoidsParallelsThatTheStatisticsWouldPrefer() {
        // Statistics that love the bass and alto moving in parallel by step and root position:
        // the rule penalty must still keep the search clear of parallel fifths and octaves.
        var stats = VoicingStatistics()
        stats.bassRole = Array(repeating: [100, 1, 1, 1], count: 4)
        stats.motion = Array(repeating: (0...24).map { $0 == 12 + 2 || $0 == 12 - 2 ? 100 : 1 }, count: 3)
        let slots = HarmonySlot.slots(timeSignatures: [], ticksPerQuarter: 480, endTick: 4 * 480, grid: .beat)
        let soprano = [note(72, 0, 480), note(74, 480, 480), note(76, 960, 480), note(77, 1440, 480)]
        let chords = [ChordSymbol("C"), ChordSymbol("G"), ChordSymbol("C"), ChordSymbol("F")].map { $0! }
        let lower = VoicingSearch.voice(soprano: soprano, slots: slots, chords: chords, statistics: stats)
        let v = VoiceLeadingRules.check([soprano] + lower)
        #expect(v.parallelFifths == 0 && v.parallelOctaves == 0 && v.voiceCrossing == 0 && v.spacing == 0 && v.range == 0)
        // Each bass note is the root (the statistics' strong preference) but the third beat's: the
        // bass holds G2 under the second C chord and steps down to F2 rather than leaping a fifth
        // up and down (C3-G2-C3-F2), which `VoicingSettings.bassLeapPenalty` makes dearer.
        let bassRoots = zip(slots, chords).map { slot, chord in
            lower[2].first { $0.start <= slot.start && $0.end > slot.start }.map { Int($0.pitch) % 12 == chord.root } ?? false
        }
        #expect(bassRoots == [true, true, false, true])
        #expect(lower[2].map { [Int($0.pitch), $0.start, $0.duration] } == [[48, 0, 480], [43, 480, 960], [41, 1440, 480]])
    }
}

@Suite struct HarmonyAccompanimentTests {
    let slot = HarmonySlot(start: 0, end: 1440, bar: 0, isBarStart: true, beats: 3, unitTicks: 480, beatTicks: 480)
    let g7 = ChordSymbol(root: 7, quality: .dominant7)

    func summary(_ style: Accompaniment.Style) -> [[Int]] {
        Accompaniment.notes(chords: [g7], slots: [slot], style: style, ticksPerQuarter: 480)
            .map { [Int($0.pitch), $0.start, $0.duration, Int($0.channel)] }
    }

    @Test func patterns() {
        // G7 in 3/4: bass G2 (43), chord G3 B3 D4 F4 (55 59 62 65).
        #expect(summary(.block) == [[43, 0, 1440, 1], [55, 0, 1440, 1], [59, 0, 1440, 1], [62, 0, 1440, 1], [65, 0, 1440, 1]])
        #expect(summary(.waltz) == [[43, 0, 480, 1]] + [480, 960].flatMap { t in [55, 59, 62, 65].map { [$0, t, 480, 1] } })
        #expect(summary(.arpeggio).map { $0[0] } == [55, 59, 62, 65, 62, 59])
        #expect(summary(.arpeggio).map { $0[1] } == [0, 240, 480, 720, 960, 1200])
        #expect(summary(.bass) == [[43, 0, 480, 1], [38, 480, 960, 1]])
        // Velocities: accents on the pattern's first note; never below 1.
        #expect(Accompaniment.notes(chords: [g7], slots: [slot], style: .waltz, ticksPerQuarter: 480).map(\.velocity)
                == [70] + Array(repeating: 60, count: 8))
        #expect(Accompaniment.notes(chords: [g7], slots: [slot], style: .arpeggio, ticksPerQuarter: 480, velocity: 5).map(\.velocity)
                == [5, 1, 1, 1, 1, 1])
    }
}
