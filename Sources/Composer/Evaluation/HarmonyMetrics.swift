import ModelKit
import Representations
import Music

/// Measures of harmonization quality.
package enum HarmonyMetrics {
    /// Chord accuracy per beat against a lead sheet's own chords.
    package struct ChordAccuracy: Codable, Sendable, Equatable {
        /// Beats with a given chord at their start.
        package var beats = 0
        /// Beats where the root matches.
        package var rootCorrect = 0
        /// Beats where root and quality family (`ChordSymbol.reduced`) match.
        package var chordCorrect = 0
        package init() {}
        /// Fraction (0...1) of beats with the right root (0 for no beats).
        package var rootAccuracy: Double { beats == 0 ? 0 : Double(rootCorrect) / Double(beats) }
        /// Fraction (0...1) of beats with the right root and quality family (0 for no beats).
        package var chordAccuracy: Double { beats == 0 ? 0 : Double(chordCorrect) / Double(beats) }

        /// Adds one beat: `predicted` vs `reference`.
        package mutating func add(predicted: ChordSymbol, reference: ChordSymbol) {
            beats += 1
            if predicted.root == reference.root { rootCorrect += 1 }
            if predicted.reduced == reference.reduced { chordCorrect += 1 }
        }
    }

    /// Scores `model` on `sheets`: each is decoded on `grid` (with `changesOnlyAtBarLines`: one
    /// chord per bar, `ChordHMM.decode`), and each beat (one beat slot) with a
    /// chord sounding at its first tick is compared with the decoded chord of the slot containing
    /// that tick. The baseline plays the key's tonic triad (major or minor by mode) on every beat.
    package static func chordAccuracy(model: ChordHMM, sheets: [LeadSheet], grid: HarmonySlot.Grid, changesOnlyAtBarLines: Bool = false)
        -> (model: ChordAccuracy, tonicBaseline: ChordAccuracy) {
        var result = ChordAccuracy(), baseline = ChordAccuracy()
        for sheet in sheets {
            let example = sheet.example(grid: grid)
            let decoded = model.decode(example, changesOnlyAtBarLines: changesOnlyAtBarLines).map { $0.transposed(by: sheet.key.tonic) }
            let tonic = ChordSymbol(root: sheet.key.tonic, quality: sheet.key.mode == .major ? .major : .minor)
            let beats = HarmonySlot.slots(timeSignatures: sheet.timeSignatures, ticksPerQuarter: sheet.ticksPerQuarter,
                                          endTick: example.slots.last?.end ?? 0, grid: .beat)
            var s = 0
            for beat in beats {
                guard let reference = sheet.chord(covering: beat.start, beat.start + 1) else { continue }
                while s + 1 < example.slots.count && example.slots[s].end <= beat.start { s += 1 }
                result.add(predicted: decoded[s], reference: reference)
                baseline.add(predicted: tonic, reference: reference)
            }
        }
        return (result, baseline)
    }

    /// Statistics of four-part writing over a set of pieces.
    package struct FourPartReport: Codable, Sendable, Equatable {
        /// Pieces added.
        package var pieces = 0
        /// Beats over all pieces.
        package var beats = 0
        /// Voice-leading rule violations summed over all pieces (`VoiceLeadingRules.check`).
        package var violations = VoiceLeadingRules.Violations()
        /// Lowest and highest MIDI note per voice (soprano first); nil for a voice with no notes.
        package var ranges: [[Int]?] = [nil, nil, nil, nil]
        /// Beats with a chord named, and how many of those chords (reduced) are diatonic.
        package var chords = 0
        package var diatonicChords = 0
        /// For generated voices: their chord per beat against Bach's chord at that beat (`Chorale.chord(at:)`).
        package var agreementWithBach: ChordAccuracy?
        package init() {}

        /// Violations per 100 beats.
        package func per100Beats(_ count: Int) -> Double { beats == 0 ? 0 : Double(count) * 100 / Double(beats) }
        /// Fraction (0...1) of named chords that are diatonic in the piece's key (0 for no chords).
        package var diatonicShare: Double { chords == 0 ? 0 : Double(diatonicChords) / Double(chords) }

        /// Adds a piece: its four voices, its beat count, the chord of each beat and its key.
        package mutating func add(voices: [[Note]], beats: Int, chords beatChords: [ChordSymbol?], key: Key,
                                 checkRanges: Set<Voice>) {
            pieces += 1
            self.beats += beats
            violations = violations + VoiceLeadingRules.check(voices, checkRanges: checkRanges)
            for (i, line) in voices.enumerated() {
                guard let low = line.map({ Int($0.pitch) }).min(), let high = line.map({ Int($0.pitch) }).max() else { continue }
                ranges[i] = [min(ranges[i]?[0] ?? low, low), max(ranges[i]?[1] ?? high, high)]
            }
            for chord in beatChords.compactMap({ $0 }) {
                chords += 1
                if chord.reduced.isDiatonic(in: key) { diatonicChords += 1 }
            }
        }
    }

    /// Bach's own four voices of `chorales`: rules checked on all voices (ranges on alto, tenor
    /// and bass), chords named at each beat (`Chorale.chord(at:)`).
    package static func bach(_ chorales: [Chorale]) -> FourPartReport {
        var report = FourPartReport()
        for c in chorales {
            let slots = c.beatSlots
            report.add(voices: c.voices, beats: slots.count, chords: slots.map { c.chord(at: $0.start) }, key: c.key,
                       checkRanges: [.alto, .tenor, .bass])
        }
        return report
    }

    /// The same chorales re-harmonized from their soprano, one chord per beat by `chordModel` and
    /// the lower voices by `VoicingSearch` with `voicing`, measured the same way (with the
    /// generated chords per beat).
    package static func generated(_ chorales: [Chorale], chordModel: ChordHMM, voicing: VoicingStatistics) -> FourPartReport {
        var report = FourPartReport()
        for c in chorales {
            let example = c.example
            let chords = chordModel.decode(example).map { $0.transposed(by: c.key.tonic) }
            var agreement = report.agreementWithBach ?? ChordAccuracy()
            for (slot, chord) in zip(example.slots, chords) {
                if let bach = c.chord(at: slot.start) { agreement.add(predicted: chord, reference: bach) }
            }
            report.agreementWithBach = agreement
            let lower = VoicingSearch.voice(soprano: c.voices[0], slots: example.slots, chords: chords, statistics: voicing, key: c.key)
            report.add(voices: [c.voices[0]] + lower, beats: example.slots.count, chords: chords, key: c.key,
                       checkRanges: [.alto, .tenor, .bass])
        }
        return report
    }
}
