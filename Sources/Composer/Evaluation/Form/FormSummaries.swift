import Foundation
import Representations

/// The melody form measures of a set of tunes (`MelodyFormMetrics`, `MelodyCopyIndex`).
/// Shares are 0...1.
public struct MelodyFormSummary: Codable, Sendable, Equatable {
    /// Tunes measured.
    public var tunes = 0
    /// Of all 2-bar units (bars 1-2, 3-4, ...), those equal to an earlier unit of the same tune.
    public var repeatedUnitShare = 0.0
    /// Of the bars with a bar 8 before them (bars 9 ...), those equal to it.
    public var equalToEightBackShare = 0.0
    /// Of all bars, those equal to an earlier bar of the same tune.
    public var equalToEarlierShare = 0.0
    /// Mean over tunes of the range (highest minus lowest pitch) and of the largest leap between
    /// consecutive notes, in semitones.
    public var meanRange = 0.0
    public var meanLargestLeap = 0.0
    /// Leaps of more than 12 semitones per 100 notes (pooled).
    public var leapsOverOctavePer100Notes = 0.0
    /// Whole 4-bar phrases with a note; the mean length of the note ending each (16th-note steps);
    /// the share of those notes that are chord tones of their bar's chord, estimated from the
    /// melody (`MelodyFormMetrics.barChord`).
    public var phrases = 0
    public var phraseEndMeanSteps = 0.0
    public var phraseEndChordToneShare = 0.0
    /// The same with the bar's chord decoded by the harmonizer's lead-sheet model
    /// (`MelodyFormMetrics.harmonizedBarChords`); nil without a harmony model.
    public var phraseEndHarmonizedChordToneShare: Double?
    /// Tunes whose last note (of the whole tune) is the key's tonic.
    public var finalTonicShare = 0.0
    /// Copy check (`MelodyCopyIndex`): the longest run of bars shared with a corpus tune, mean and
    /// largest over the tunes, the share of tunes sharing more than 2 bars, and where the largest
    /// was found ("tune name: its length").
    public var meanCopiedBars = 0.0
    public var maxCopiedBars = 0
    public var copyingMoreThanTwoBarsShare = 0.0
    public var longestCopy: String?

    public init() {}

    init(_ counts: [MelodyFormMetrics.Counts], copies: [(name: String, run: (bars: Int, tune: String?))]) {
        tunes = counts.count
        guard !counts.isEmpty else { return }
        func share(_ part: (MelodyFormMetrics.Counts) -> Int, _ whole: (MelodyFormMetrics.Counts) -> Int) -> Double {
            let w = counts.reduce(0) { $0 + whole($1) }
            return w == 0 ? 0 : Double(counts.reduce(0) { $0 + part($1) }) / Double(w)
        }
        let n = Double(counts.count)
        repeatedUnitShare = share(\.repeatedUnits, \.units)
        equalToEightBackShare = share(\.equalToEightBack, \.barsWithEightBack)
        equalToEarlierShare = share(\.equalToEarlier, \.bars)
        meanRange = Double(counts.reduce(0) { $0 + $1.range }) / n
        meanLargestLeap = Double(counts.reduce(0) { $0 + $1.largestLeap }) / n
        leapsOverOctavePer100Notes = 100 * share(\.leapsOverOctave, \.notes)
        let ends = counts.flatMap(\.phraseEndSteps)
        phrases = ends.count
        phraseEndMeanSteps = ends.isEmpty ? 0 : Double(ends.reduce(0, +)) / Double(ends.count)
        phraseEndChordToneShare = share(\.phraseEndChordTones, \.phraseEndSteps.count)
        if counts.allSatisfy({ $0.phraseEndHarmonizedChordTones != nil }) {
            phraseEndHarmonizedChordToneShare = share({ $0.phraseEndHarmonizedChordTones ?? 0 }, \.phraseEndSteps.count)
        }
        finalTonicShare = Double(counts.filter(\.endsOnTonic).count) / n
        meanCopiedBars = Double(copies.reduce(0) { $0 + $1.run.bars }) / n
        maxCopiedBars = copies.map(\.run.bars).max() ?? 0
        copyingMoreThanTwoBarsShare = Double(copies.filter { $0.run.bars > 2 }.count) / n
        if let top = copies.first(where: { $0.run.bars == maxCopiedBars && maxCopiedBars > 0 }) {
            longestCopy = "\(top.name): \(maxCopiedBars) bars of \(top.run.tune ?? "?")"
        }
    }

    var rows: [(String, String)] {
        [("2-bar units that repeat an earlier one", percent(repeatedUnitShare)),
         ("bars equal to the bar 8 before", percent(equalToEightBackShare)),
         ("bars equal to an earlier bar", percent(equalToEarlierShare)),
         ("range (semitones)", String(format: "%.1f", meanRange)),
         ("largest leap (semitones)", String(format: "%.1f", meanLargestLeap)),
         ("leaps over an octave per 100 notes", String(format: "%.2f", leapsOverOctavePer100Notes)),
         ("phrase-end note length (16ths)", String(format: "%.1f", phraseEndMeanSteps)),
         ("phrase-end note a chord tone (chord from the melody)", percent(phraseEndChordToneShare))]
        + (phraseEndHarmonizedChordToneShare.map { [("phrase-end note a chord tone (harmonizer's chord)", percent($0))] } ?? [])
        + [("final note on the tonic", percent(finalTonicShare)),
           ("bars copied from a corpus tune: mean", String(format: "%.1f", meanCopiedBars)),
           ("bars copied from a corpus tune: most", "\(maxCopiedBars)"),
           ("tunes copying more than 2 bars", percent(copyingMoreThanTwoBarsShare))]
    }
}

/// The groove measures of a set of drum grooves (`DrumGrooveMetrics`). Shares are 0...1.
public struct DrumFormSummary: Codable, Sendable, Equatable {
    /// Grooves (windows of the bars measured) and their bars.
    public var grooves = 0
    public var bars = 0
    /// Bars with a hi-hat or ride on at least 4 steps; bars with a kick on their first step.
    public var timeKeeperShare = 0.0
    public var kickOnOneShare = 0.0
    /// Mean onsets per bar by `DrumClass.name`.
    public var hitsPerBar: [String: Double] = [:]
    /// Bars that are fills (`DrumGrooveMetrics.fills`); of the fills, the share on the last bar of
    /// a 4-bar group (bar 4, 8, ...) and on bar 8 of an 8-bar group; fills by bar index mod 8.
    public var fillShare = 0.0
    public var fillsOnBarFourShare = 0.0
    public var fillsOnBarEightShare = 0.0
    public var fillsByPosition: [Int] = []

    public init() {}

    init(_ c: DrumGrooveMetrics.Counts) {
        grooves = c.grooves
        bars = c.bars
        guard c.bars > 0 else { return }
        let b = Double(c.bars)
        timeKeeperShare = Double(c.keepingTime) / b
        kickOnOneShare = Double(c.kickOnOne) / b
        hitsPerBar = Dictionary(uniqueKeysWithValues: DrumClass.allCases.map { ($0.name, Double(c.hits[$0.rawValue]) / b) })
        fillShare = Double(c.fills) / b
        fillsByPosition = c.fillsByPosition
        if c.fills > 0 {
            fillsOnBarFourShare = Double(c.fillsByPosition[3] + c.fillsByPosition[7]) / Double(c.fills)
            fillsOnBarEightShare = Double(c.fillsByPosition[7]) / Double(c.fills)
        }
    }

    var rows: [(String, String)] {
        [("bars keeping time (hi-hat/ride on >= 4 steps)", percent(timeKeeperShare)),
         ("kick on beat 1", percent(kickOnOneShare))]
            + DrumClass.allCases.map { ("\($0.name) hits per bar", String(format: "%.2f", hitsPerBar[$0.name] ?? 0)) }
            + [("fill bars", percent(fillShare)),
               ("fills on bar 4 of 4", percent(fillsOnBarFourShare)),
               ("fills on bar 8 of 8", percent(fillsOnBarEightShare))]
    }
}

/// The voice measures of a set of four-part chorales (`ChoraleVoiceMetrics`), per voice soprano,
/// alto, tenor, bass. Shares are 0...1.
public struct ChoraleFormSummary: Codable, Sendable, Equatable {
    public var pieces = 0
    public var beats = 0
    public var notesPerBeat = [0.0, 0.0, 0.0, 0.0]
    /// Share of each voice's notes that start off the beat, and of all the notes of alto, tenor
    /// and bass together.
    public var offBeatShare = [0.0, 0.0, 0.0, 0.0]
    public var lowerVoicesOffBeatShare = 0.0
    /// Longest note in beats; longest run of one pitch in beats (held or re-struck,
    /// `ChoraleVoiceMetrics.heldRuns`), and runs of 8 beats or more.
    public var longestNoteBeats = [0.0, 0.0, 0.0, 0.0]
    public var longestHeldBeats = [0.0, 0.0, 0.0, 0.0]
    public var drones = [0, 0, 0, 0]
    /// Consecutive bass notes by |interval| class (`ChoraleVoiceMetrics.bassIntervalNames`), as
    /// shares; of the bass moves (pitch changes), the share over 4 semitones.
    public var bassIntervalShares: [String: Double] = [:]
    public var bassLeapShare = 0.0
    public var finalBassOnTonicShare = 0.0
    public var parallelFifthsPer100Beats = 0.0
    public var parallelOctavesPer100Beats = 0.0

    public init() {}

    package init(_ c: ChoraleVoiceMetrics.Counts) {
        pieces = c.pieces
        beats = c.beats
        guard c.pieces > 0, c.beats > 0 else { return }
        notesPerBeat = c.notes.map { Double($0) / Double(c.beats) }
        offBeatShare = zip(c.offBeat, c.notes).map { $1 == 0 ? 0 : Double($0) / Double($1) }
        let lowerNotes = c.notes.dropFirst().reduce(0, +)
        lowerVoicesOffBeatShare = lowerNotes == 0 ? 0 : Double(c.offBeat.dropFirst().reduce(0, +)) / Double(lowerNotes)
        longestNoteBeats = c.longestNoteBeats
        longestHeldBeats = c.longestHeldBeats
        drones = c.drones
        let intervals = c.bassIntervals.reduce(0, +)
        bassIntervalShares = Dictionary(uniqueKeysWithValues: zip(ChoraleVoiceMetrics.bassIntervalNames, c.bassIntervals).map {
            ($0, intervals == 0 ? 0 : Double($1) / Double(intervals))
        })
        bassLeapShare = c.bassMoves == 0 ? 0 : Double(c.bassLeapsOverFour) / Double(c.bassMoves)
        finalBassOnTonicShare = Double(c.finalBassOnTonic) / Double(c.pieces)
        parallelFifthsPer100Beats = Double(c.parallelFifths) * 100 / Double(c.beats)
        parallelOctavesPer100Beats = Double(c.parallelOctaves) * 100 / Double(c.beats)
    }

    var rows: [(String, String)] {
        func perVoice(_ values: [Double], _ format: String) -> String { values.map { String(format: format, $0) }.joined(separator: " / ") }
        return [("notes per beat, S / A / T / B", perVoice(notesPerBeat, "%.2f")),
                ("notes off the beat, S / A / T / B", perVoice(offBeatShare.map { $0 * 100 }, "%.0f%%")),
                ("notes off the beat, A+T+B", percent(lowerVoicesOffBeatShare)),
                ("longest note (beats), S / A / T / B", perVoice(longestNoteBeats, "%.1f")),
                ("longest run of one pitch (beats), S / A / T / B", perVoice(longestHeldBeats, "%.1f")),
                ("runs of one pitch >= 8 beats, S / A / T / B", drones.map(String.init).joined(separator: " / "))]
            + ChoraleVoiceMetrics.bassIntervalNames.map { ("bass intervals \($0) semitones", percent(bassIntervalShares[$0] ?? 0)) }
            + [("bass moves over 4 semitones", percent(bassLeapShare)),
               ("final bass on the tonic", percent(finalBassOnTonicShare)),
               ("parallel fifths per 100 beats", String(format: "%.2f", parallelFifthsPer100Beats)),
               ("parallel octaves per 100 beats", String(format: "%.2f", parallelOctavesPer100Beats))]
    }
}

/// "39.0%" for 0.39.
func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
