import Foundation
import Music
import Testing
import TestSupport
@testable import Composer
@testable import Representations

/// The form measures of `compose evaluate form` on hand-made melodies, grooves and chorales, with
/// the values worked out by hand.
@Suite struct FormMetricsTests {
    static let cMajor = Key(tonic: 0, mode: .major)

    /// Notes laid end to end from `start`: (pitch, steps).
    static func run(_ start: Int, _ notes: [(Int, Int)]) -> [GridNote] {
        var t = start
        return notes.map { p, s in defer { t += s }; return GridNote(pitch: p, start: t, steps: s) }
    }

    /// 16 bars of 4/4: A B A C D B D E twice. A = four quarters C D E F; B = G, F halves;
    /// C = F (5 steps) C (4) E (4) G (3); D = C5 B A G quarters; E = C3 whole.
    static func formTune(key: Key = cMajor, shift: Int = 0) -> BarredMelody {
        let bars: [String: [(Int, Int)]] = [
            "A": [(60, 4), (62, 4), (64, 4), (65, 4)], "B": [(67, 8), (65, 8)],
            "C": [(65, 5), (60, 4), (64, 4), (67, 3)], "D": [(72, 4), (71, 4), (69, 4), (67, 4)], "E": [(48, 16)],
        ]
        let plan = Array("ABACDBDEABACDBDE").map(String.init)
        let notes = plan.enumerated().flatMap { b, name in run(b * 16, bars[name]!.map { ($0.0 + shift, $0.1) }) }
        return BarredMelody(name: "form", key: key, meter: .common, melody: GridMelody(notes: notes))
    }

    @Test func melodyFormCountsOfAHandMadeTune() {
        let c = MelodyFormMetrics.counts(Self.formTune(), bars: 16)
        #expect(c.bars == 16 && c.equalToEarlier == 11)            // bars 3, 6, 7 and all of 9-16
        #expect(c.units == 8 && c.repeatedUnits == 4)
        #expect(c.barsWithEightBack == 8 && c.equalToEightBack == 8)
        #expect(c.notes == 50 && c.range == 24)                     // C3 (48) to C5 (72)
        #expect(c.largestLeap == 19 && c.leapsOverOctave == 2)      // G4 -> C3, twice
        // Phrase ends: bar 4 lands on F (5 steps, the longest), not in the bar's chord (C: C E G
        // sound 11 steps); bar 8 on the C3 whole note.
        #expect(c.phraseEndSteps == [5, 16, 5, 16] && c.phraseEndChordTones == 2)
        #expect(c.endsOnTonic)
        let eight = MelodyFormMetrics.counts(Self.formTune(), bars: 8)
        #expect(eight.barsWithEightBack == 0 && eight.equalToEarlier == 3 && eight.repeatedUnits == 0 && eight.phraseEndSteps == [5, 16])
        let summary = MelodyFormSummary([MelodyFormMetrics.counts(Self.formTune(), bars: 16)], copies: [("form", (bars: 3, tune: "x"))])
        #expect(summary.repeatedUnitShare == 0.5 && summary.equalToEarlierShare == 11.0 / 16 && summary.leapsOverOctavePer100Notes == 4)
        #expect(summary.phraseEndMeanSteps == 10.5 && summary.phraseEndChordToneShare == 0.5 && summary.copyingMoreThanTwoBarsShare == 1)
        #expect(summary.longestCopy == "form: 3 bars of x")
    }

    @Test func barContentHoldsAcrossTheBarLineIn68() throws {
        let melody = BarredMelody(name: "jig", key: Self.cMajor, meter: try Meter(6, 8),
                                  melody: GridMelody(notes: [GridNote(pitch: 60, start: 10, steps: 4)]))
        #expect(melody.bars == 2)
        #expect(melody.content(ofBar: 0) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 121, 122])
        #expect(melody.content(ofBar: 1) == [122, 122, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(melody.content(ofBar: 1, transposition: 2) == [118, 118, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func barChordIsTheTriadSoundingLongestAndMinorHasAMajorDominant() {
        #expect(MelodyFormMetrics.diatonicTriads(Key(tonic: 9, mode: .minor))
                == [[9, 0, 4], [4, 8, 11], [2, 5, 9], [5, 9, 0], [11, 2, 5], [0, 4, 7], [8, 11, 2]])
        // D F A B quarters: ii (D F A) sounds 12 steps, vii (B D F) too: ii comes first.
        let bar = BarredMelody(name: "", key: Self.cMajor, meter: .common, melody: GridMelody(notes: Self.run(0, [(62, 4), (65, 4), (69, 4), (71, 4)])))
        #expect(MelodyFormMetrics.barChord(bar, bar: 0) == [2, 5, 9])
        #expect(MelodyFormMetrics.barChord(bar, bar: 1) == [0, 4, 7])   // an empty bar: the tonic triad
    }

    static let shippedHarmony = TestPaths.packageRoot.appendingPathComponent("Models/harmony.json")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: shippedHarmony.path), "Models/harmony.json not found"))
    func harmonizedChordsJudgeThePhraseEndings() throws {
        let model = try HarmonyModel.load(from: Self.shippedHarmony)
        // C E G C | B D G G | C E G C | G (whole): I V I V, the last note (G) a tone of V.
        let notes = Self.run(0, [(60, 4), (64, 4), (67, 4), (72, 4), (71, 4), (74, 4), (67, 8), (60, 4), (64, 4), (67, 4), (72, 4), (67, 16)])
        let melody = BarredMelody(name: "cadence", key: Self.cMajor, meter: .common, melody: GridMelody(notes: notes))
        let chords = MelodyFormMetrics.harmonizedBarChords(melody, bars: 4, model: model.leadSheetModel)
        #expect(chords.count == 4 && chords[0] == [0, 4, 7] && chords[2] == [0, 4, 7])
        let c = MelodyFormMetrics.counts(melody, bars: 4, chordModel: model.leadSheetModel)
        #expect(c.phraseEndSteps == [16] && c.phraseEndHarmonizedChordTones == 1 && c.phraseEndChordTones == 1)
        #expect(MelodyFormMetrics.counts(melody, bars: 4).phraseEndHarmonizedChordTones == nil)
    }

    @Test func copyCheckFindsARunInAnotherKeyAndSkipsTheTuneItself() {
        let reference = Self.formTune()
        let other = BarredMelody(name: "other", key: Self.cMajor, meter: .common,
                                 melody: GridMelody(notes: Self.run(0, [(60, 16), (62, 16), (64, 16)])))
        let index = MelodyCopyIndex(tunes: [other, reference])
        // The same tune in D major: every bar matches relative to the tonic; bars 1-8 equal bars 9-16.
        let inD = Self.formTune(key: Key(tonic: 2, mode: .major), shift: 2)
        #expect(index.longestSharedRun(inD, bars: 16) == (16, "form"))
        #expect(index.longestSharedRun(reference, bars: 16, excluding: "form") == (0, nil))
        // A tune whose bars 2-4 are bars 3-5 of the reference (A C D), then a bar found nowhere.
        let ACD = Self.run(16, [(60, 4), (62, 4), (64, 4), (65, 4)]) + Self.run(32, [(65, 5), (60, 4), (64, 4), (67, 3)])
            + Self.run(48, [(72, 4), (71, 4), (69, 4), (67, 4)])
        let partial = BarredMelody(name: "p", key: Self.cMajor, meter: .common,
                                   melody: GridMelody(notes: [GridNote(pitch: 61, start: 0, steps: 16)] + ACD + [GridNote(pitch: 61, start: 64, steps: 16)]))
        #expect(index.longestSharedRun(partial, bars: 5) == (3, "form"))
        // A bar with no onset (a note held from the bar before) never matches.
        let held = BarredMelody(name: "h", key: Self.cMajor, meter: .common, melody: GridMelody(notes: [GridNote(pitch: 61, start: 0, steps: 32)]))
        #expect(index.longestSharedRun(held, bars: 2) == (0, nil))
    }

    /// Bars 1-3: hi-hat eighths, kick on 1 and 3, snare on 2 and 4; bar 4: low tom on the first
    /// eight 16ths, snare on the last eight.
    static func grooveWithFill() -> DrumGroove {
        var steps: [DrumHits] = []
        for _ in 0..<3 {
            for s in 0..<16 {
                var h = DrumHits()
                if s % 2 == 0 { h.insert(.closedHiHat) }
                if s % 8 == 0 { h.insert(.kick) }
                if s % 8 == 4 { h.insert(.snare) }
                steps.append(h)
            }
        }
        for s in 0..<16 { steps.append(s < 8 ? .lowTom : .snare) }
        return DrumGroove(steps: steps)
    }

    @Test func drumGrooveTimeKeepingAndFills() {
        let g = Self.grooveWithFill()
        #expect(DrumGrooveMetrics.keepsTime(g.bar(0)) && !DrumGrooveMetrics.keepsTime(g.bar(3)))
        // Bar 1: 12 hits; bar 4: 16; the snare on step 12 is in both: 1 - 1/27.
        #expect(DrumGrooveMetrics.jaccardDistance(g.bar(0), g.bar(3)) == 1 - 1.0 / 27)
        #expect(DrumGrooveMetrics.jaccardDistance(g.bar(0), g.bar(1)) == 0)
        #expect(DrumGrooveMetrics.fills(g, bars: 4) == [false, false, false, true])
        #expect(DrumGrooveMetrics.fills(g, bars: 4, threshold: 0.99) == [false, false, false, false])
        var c = DrumGrooveMetrics.Counts()
        c.add(g, bars: 4)
        #expect(c.bars == 4 && c.keepingTime == 3 && c.kickOnOne == 3)
        #expect(c.hits == [6, 14, 24, 0, 8, 0, 0, 0, 0])
        #expect(c.fillsByPosition == [0, 0, 0, 1, 0, 0, 0, 0])
        let s = DrumFormSummary(c)
        #expect(s.timeKeeperShare == 0.75 && s.fillShare == 0.25 && s.fillsOnBarFourShare == 1 && s.fillsOnBarEightShare == 0)
        #expect(s.hitsPerBar["snare"] == 3.5 && s.hitsPerBar["low-tom"] == 2)
    }

    static func notes(_ spec: [(Int, Int, Int)]) -> [Note] {
        spec.map { Note(pitch: UInt8($0.0), start: $0.1, duration: $0.2) }
    }

    @Test func choraleVoiceCountsOfAHandMadeChorale() {
        let q = 480
        let soprano = Self.notes([72, 74, 76, 77, 79, 77, 76, 72].enumerated().map { ($0.element, $0.offset * q, q) })
        // Alto: G whole, G half re-struck, F eighth, E eighth off the beat, E quarter.
        let alto = Self.notes([(67, 0, 4 * q), (67, 4 * q, 2 * q), (65, 6 * q, q / 2), (64, 6 * q + q / 2, q / 2), (64, 7 * q, q)])
        let tenor = Self.notes([(60, 0, 8 * q)])
        let bass = Self.notes([(48, 0, q), (53, q, q), (55, 2 * q, q), (43, 3 * q, q), (48, 4 * q, 2 * q), (48, 6 * q, 2 * q)])
        let chorale = Chorale(name: "c", key: Self.cMajor, voices: [soprano, alto, tenor, bass],
                              timeSignatures: [TimeSignature(numerator: 4, denominator: 4)], ticksPerQuarter: q)
        var c = ChoraleVoiceMetrics.Counts()
        c.add(chorale)
        #expect(c.pieces == 1 && c.beats == 8)
        #expect(c.notes == [8, 5, 1, 6] && c.offBeat == [0, 1, 0, 0])
        #expect(c.longestNoteBeats == [1, 4, 8, 2] && c.longestHeldBeats == [1, 6, 8, 4] && c.drones == [0, 0, 1, 0])
        // Bass: 5, 2, 12, 5, 0 semitones.
        #expect(c.bassIntervals == [1, 1, 0, 2, 1, 0] && c.bassMoves == 4 && c.bassLeapsOverFour == 3)
        #expect(c.finalBassOnTonic == 1)
        let s = ChoraleFormSummary(c)
        #expect(s.notesPerBeat == [1, 0.625, 0.125, 0.75] && s.offBeatShare == [0, 0.2, 0, 0] && s.lowerVoicesOffBeatShare == 1.0 / 12)
        #expect(s.bassLeapShare == 0.75 && s.bassIntervalShares["5-7"] == 0.4 && s.finalBassOnTonicShare == 1)
        #expect(ChoraleVoiceMetrics.heldRuns(alto).map { [$0.start, $0.end] } == [[0, 6 * q], [6 * q, 6 * q + q / 2], [6 * q + q / 2, 8 * q]])
    }

    @Test func choraleParallelsPer100Beats() {
        let q = 480
        // S-A fifths (72/65 -> 74/67) and S-B octaves (72/48 -> 74/50) in parallel; the tenor holds.
        let voices = [Self.notes([(72, 0, q), (74, q, q)]), Self.notes([(65, 0, q), (67, q, q)]),
                      Self.notes([(60, 0, 2 * q)]), Self.notes([(48, 0, q), (50, q, q)])]
        var c = ChoraleVoiceMetrics.Counts()
        c.add(Chorale(name: "p", key: Self.cMajor, voices: voices, timeSignatures: [], ticksPerQuarter: q))
        #expect(c.beats == 2 && c.parallelFifths == 1 && c.parallelOctaves == 1 && c.finalBassOnTonic == 0)
        let s = ChoraleFormSummary(c)
        #expect(s.parallelFifthsPer100Beats == 50 && s.parallelOctavesPer100Beats == 50)
    }
}
