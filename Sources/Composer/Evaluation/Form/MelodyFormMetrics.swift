import Music
import Representations

/// Measures of a melody's form over its first bars (`BarredMelody`): repetition of bars and
/// 2-bar units, range and leaps, phrase endings, the final note.
package enum MelodyFormMetrics {
    /// The measures of one melody's first `bars` bars (counts, so that sets add up).
    package struct Counts: Hashable, Sendable, Codable {
        /// 2-bar units (bars 0-1, 2-3, ...; `bars / 2`) and those equal to an earlier unit.
        package var units = 0
        package var repeatedUnits = 0
        /// Bars that have a bar 8 before them (`bars - 8`, at least 0) and those equal to it.
        package var barsWithEightBack = 0
        package var equalToEightBack = 0
        /// Bars, and bars equal to any earlier bar.
        package var bars = 0
        package var equalToEarlier = 0
        /// Notes starting in the bars.
        package var notes = 0
        /// Highest minus lowest pitch of those notes, in semitones.
        package var range = 0
        /// Largest |interval| between consecutive notes (rests between them ignored), semitones.
        package var largestLeap = 0
        /// Consecutive notes more than 12 semitones apart.
        package var leapsOverOctave = 0
        /// Per whole 4-bar phrase whose last bar has an onset: the length in 16th-note steps of the
        /// note it ends on (`cadenceNote` of its last bar), and whether that note is a chord tone
        /// of the bar's chord (`barChord`).
        package var phraseEndSteps: [Int] = []
        package var phraseEndChordTones = 0
        /// The same with the bar's chord from a harmonization (`harmonizedBarChords`); nil when
        /// no chord model was given.
        package var phraseEndHarmonizedChordTones: Int?
        /// Whether the melody's last note (of the whole melody, not only of the bars measured) is
        /// the key's tonic (pitch class).
        package var endsOnTonic = false
        package init() {}
    }

    /// The measures of the first `bars` bars of `melody` (bars past its end are silent). Bars are
    /// compared by their step content (`BarredMelody.content(ofBar:)`: pitches, onsets, holds and
    /// rests, in the melody's own key: no transposition).
    /// With `chordModel`, phrase endings are also checked against the bars' chords decoded by it
    /// (`harmonizedBarChords`).
    package static func counts(_ melody: BarredMelody, bars: Int, chordModel: ChordHMM? = nil) -> Counts {
        var c = Counts()
        let contents = (0..<bars).map { melody.content(ofBar: $0) }
        c.bars = bars
        var seen = Set<[Int]>()
        for content in contents {
            if seen.contains(content) { c.equalToEarlier += 1 } else { seen.insert(content) }
        }
        c.units = bars / 2
        var seenUnits = Set<[Int]>()
        for u in 0..<c.units {
            let unit = contents[2 * u] + contents[2 * u + 1]
            if seenUnits.contains(unit) { c.repeatedUnits += 1 } else { seenUnits.insert(unit) }
        }
        c.barsWithEightBack = max(0, bars - 8)
        if bars > 8 { for b in 8..<bars where contents[b] == contents[b - 8] { c.equalToEightBack += 1 } }

        let notes = melody.notes(inFirst: bars)
        c.notes = notes.count
        if let low = notes.map(\.pitch).min(), let high = notes.map(\.pitch).max() { c.range = high - low }
        for (a, b) in zip(notes, notes.dropFirst()) {
            let leap = abs(b.pitch - a.pitch)
            c.largestLeap = max(c.largestLeap, leap)
            if leap > 12 { c.leapsOverOctave += 1 }
        }
        let harmonized = chordModel.map { harmonizedBarChords(melody, bars: bars, model: $0) }
        if harmonized != nil { c.phraseEndHarmonizedChordTones = 0 }
        for phrase in 0..<(bars / 4) {
            let bar = 4 * phrase + 3
            guard let end = cadenceNote(melody, bar: bar) else { continue }
            c.phraseEndSteps.append(end.steps)
            if barChord(melody, bar: bar).contains(end.pitch % 12) { c.phraseEndChordTones += 1 }
            if let harmonized, bar < harmonized.count, harmonized[bar].contains(end.pitch % 12) {
                c.phraseEndHarmonizedChordTones! += 1
            }
        }
        if let last = melody.melody.notes.last { c.endsOnTonic = last.pitch % 12 == melody.key.tonic }
        return c
    }

    /// The note a phrase ending in bar `bar` lands on: the longest note starting in that bar (the
    /// first of equals), so that a pickup into the next phrase is not taken for it; nil for a bar
    /// with no onset.
    package static func cadenceNote(_ melody: BarredMelody, bar: Int) -> GridNote? {
        let range = (bar * melody.meter.stepsPerBar)..<((bar + 1) * melody.meter.stepsPerBar)
        var best: GridNote?
        for n in melody.melody.notes where range.contains(n.start) && n.steps > (best?.steps ?? 0) { best = n }
        return best
    }

    /// The chord of each of the first `bars` bars as the harmonizer decodes it: the melody's notes
    /// in those bars harmonized by `model` on `HarmonyModel.leadSheetGrid` with changes only at bar
    /// lines (as `compose harmonize --chords-per-bar 1` does), each chord as its pitch classes.
    /// Bars after the melody's last note get no chord (the array is shorter).
    package static func harmonizedBarChords(_ melody: BarredMelody, bars: Int, model: ChordHMM) -> [Set<Int>] {
        let end = bars * melody.meter.stepsPerBar
        // One tick per 16th-note step: 4 ticks per quarter.
        let notes = melody.melody.notes.filter { $0.start < end }.map {
            Note(pitch: UInt8($0.pitch), start: $0.start, duration: min($0.end, end) - $0.start)
        }
        let example = HarmonyExample(name: melody.name, melody: notes, key: melody.key,
                                     timeSignatures: [TimeSignature(numerator: melody.meter.numerator, denominator: melody.meter.denominator)],
                                     ticksPerQuarter: 4, grid: HarmonyModel.leadSheetGrid)
        let chords = model.decode(example, changesOnlyAtBarLines: true)
        var result: [Set<Int>] = []
        for (slot, chord) in zip(example.slots, chords) where slot.isBarStart && slot.bar == result.count {
            result.append(Set(chord.transposed(by: melody.key.tonic).pitchClasses))
        }
        return result
    }

    /// The diatonic triads of a key as pitch classes, in the order ties are broken: I, V, IV, vi,
    /// ii, iii, vii (scale degrees 1, 5, 4, 6, 2, 3, 7). Major keys use the major scale; minor keys
    /// the natural minor with a major V and a diminished vii on the raised leading tone (harmonic
    /// minor), as chorales and folk tunes cadence.
    package static func diatonicTriads(_ key: Key) -> [Set<Int>] {
        var scale = key.mode.scale
        if key.mode == .minor { scale[6] = 11 }
        return [0, 4, 3, 5, 1, 2, 6].map { d in
            var triad = Set([scale[d], scale[(d + 2) % 7], scale[(d + 4) % 7]].map { ($0 + key.tonic) % 12 })
            if key.mode == .minor && d == 2 { triad = Set([3, 7, 10].map { ($0 + key.tonic) % 12 }) }   // III keeps the natural 7th
            return triad
        }
    }

    /// The chord of bar `bar` estimated from the melody alone: of the key's diatonic triads
    /// (`diatonicTriads`), the one whose pitch classes sound for the most 16th-note steps of the
    /// bar (each step of a note sounding in the bar counts once); ties go to the earlier triad in
    /// `diatonicTriads` order, an empty bar gets the tonic triad. The melody's own notes decide it,
    /// so long notes (as phrase endings often are) tend to be chord tones by construction.
    package static func barChord(_ melody: BarredMelody, bar: Int) -> Set<Int> {
        let triads = diatonicTriads(melody.key)
        var weights = [Int](repeating: 0, count: 12)
        for step in melody.content(ofBar: bar) where step > 0 { weights[((step - 1) / 2) % 12] += 1 }
        var best = 0, bestScore = -1
        for (i, triad) in triads.enumerated() {
            let score = triad.reduce(0) { $0 + weights[$1] }
            if score > bestScore { best = i; bestScore = score }
        }
        return triads[best]
    }
}
