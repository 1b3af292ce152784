import ModelKit
import Representations
import Music

/// A harmonized melody: the score to write and what was decided.
public struct Harmonization: Sendable {
    public var score: Score
    public var key: Key
    /// Where `key` came from: the input's key signature, or estimated from the melody.
    public var keyOrigin: HarmonyKey.Origin
    public var slots: [HarmonySlot]
    /// One absolute chord per slot.
    public var chords: [ChordSymbol]
    /// Where the melody came from in the input.
    public var melody: MelodyVoice

    /// The chord symbols bar by bar, e.g. "| D | G A7 | D |": a chord repeated within a bar is
    /// written once; flat names in flat keys.
    public var chordChart: String {
        var bars: [[String]] = []
        var lastBar = -1
        for (slot, chord) in zip(slots, chords) {
            let name = chord.name(in: key)
            if slot.bar != lastBar {
                bars.append([name])
                lastBar = slot.bar
            } else if bars[bars.count - 1].last != name {
                bars[bars.count - 1].append(name)
            }
        }
        return "| " + bars.map { $0.joined(separator: " ") }.joined(separator: " | ") + " |"
    }
}

/// Harmonizes the melody of a score with a `HarmonyModel`.
public enum Harmonizer {
    /// The melody of `score`: one voice, the (track, channel) pair with the highest mean pitch off
    /// channel 10 (`MelodyVoice.choose`), its notes and controls moved to channel 0.
    /// - Throws: `ComposerError.noMelody` when the score has no notes off channel 10.
    public static func melody(of score: Score) throws -> MelodyVoice {
        guard let voice = MelodyVoice.choose(in: score) else {
            throw ComposerError.noMelody
        }
        return voice
    }

    /// The key of a melody: `HarmonyKey.decide` (the key signature in force at the melody's
    /// start, tonic and mode as written, else the Krumhansl-Schmuckler estimate).
    public static func key(of score: Score, melody: [Note]) -> HarmonyKey {
        HarmonyKey.decide(score: score, melody: melody)
    }

    /// Infers chords for `melody` on `grid` with `model` (Viterbi), absolute (transposed to `key`);
    /// with `changesOnlyAtBarLines`, one chord per bar (see `ChordHMM.decode`) on the slots of
    /// `grid` merged bar by bar.
    package static func chords(melody: [Note], score: Score, key: Key, model: ChordHMM, grid: HarmonySlot.Grid,
                              changesOnlyAtBarLines: Bool = false) -> (slots: [HarmonySlot], chords: [ChordSymbol]) {
        let example = HarmonyExample(name: "melody", melody: melody, key: key, timeSignatures: score.timeSignatures,
                                     ticksPerQuarter: score.ticksPerQuarter, grid: grid)
        let chords = model.decode(example, changesOnlyAtBarLines: changesOnlyAtBarLines).map { $0.transposed(by: key.tonic) }
        guard changesOnlyAtBarLines else { return (example.slots, chords) }
        var merged: [(slot: HarmonySlot, chord: ChordSymbol)] = []
        for (slot, chord) in zip(example.slots, chords) {
            if slot.isBarStart || merged.isEmpty {
                merged.append((slot, chord))
            } else {
                merged[merged.count - 1].slot.end = slot.end
                merged[merged.count - 1].slot.beats += slot.beats
            }
        }
        return (merged.map(\.slot), merged.map(\.chord))
    }

    /// The melody with an accompaniment: chords from the lead-sheet model, `chordsPerBar` 2 (one
    /// per half bar) or 1 (the same model, changes only at bar lines), played in `style` on channel 1 (MIDI channel 2) with GM `program`. The melody part keeps
    /// its notes, name (bytes as read), program and other channel messages on channel 0, and its
    /// track's text events (lyrics, markers...). Tempo and signatures are kept (a key signature
    /// for the decided key is added when the score has none), and so are the names and text
    /// events of the input's tracks without notes (see `output`).
    /// - Throws: `ComposerError.noMelody` for no melody; `ParameterError` (`chordsPerBar`) for a
    ///   `chordsPerBar` the model lacks (`HarmonyModel.checkChordsPerBar`).
    public static func chords(for score: Score, model: HarmonyModel, chordsPerBar: Int, style: Accompaniment.Style,
                              program: UInt8) throws -> Harmonization {
        try HarmonyModel.checkChordsPerBar(chordsPerBar)
        let source = try melody(of: score)
        let melodyPart = source.part
        let decided = key(of: score, melody: melodyPart.notes), key = decided.key
        let (slots, chords) = chords(melody: melodyPart.notes, score: score, key: key, model: model.leadSheetModel,
                                     grid: HarmonyModel.leadSheetGrid, changesOnlyAtBarLines: chordsPerBar == 1)
        let accompaniment = Part(name: "Accompaniment",
                                 notes: Accompaniment.notes(chords: chords, slots: slots, style: style, ticksPerQuarter: score.ticksPerQuarter),
                                 controls: [ControlEvent(tick: 0, message: .programChange(channel: 1, program: program))])
        return Harmonization(score: output(score, key: key, parts: [melodyPart, accompaniment]), key: key, keyOrigin: decided.origin, slots: slots, chords: chords, melody: source)
    }

    /// Four voices: the melody as the soprano, unchanged, and alto, tenor and bass written by
    /// `VoicingSearch` over one chord per beat from the chorale model. Four parts named Soprano,
    /// Alto, Tenor, Bass on channels 0-3, each with GM `program`; the soprano also keeps the
    /// melody's control changes, pitch bends and pressure (its program changes give way to
    /// `program`) and its track's text events (lyrics, markers...). Tracks without notes are kept
    /// as in `chords(for:model:chordsPerBar:style:program:)`.
    /// - Throws: `ComposerError.noMelody` when the score has no melody.
    public static func satb(for score: Score, model: HarmonyModel, program: UInt8) throws -> Harmonization {
        let source = try melody(of: score)
        let melodyPart = source.part
        let decided = key(of: score, melody: melodyPart.notes), key = decided.key
        let (slots, chords) = chords(melody: melodyPart.notes, score: score, key: key, model: model.choraleModel, grid: .beat)
        let lower = VoicingSearch.voice(soprano: melodyPart.notes, slots: slots, chords: chords, statistics: model.voicing, key: key)
        let lines = [melodyPart.notes] + lower
        let parts = Voice.allCases.map { voice in
            let channel = UInt8(voice.rawValue)
            var controls = [ControlEvent(tick: 0, message: .programChange(channel: channel, program: program))]
            var texts: [TextEvent] = []
            if voice == .soprano {
                controls += melodyPart.controls.filter {
                    if case .programChange = $0.message { return false }
                    return true
                }
                texts = melodyPart.texts
            }
            return Part(name: voice.name, notes: lines[voice.rawValue].map { var n = $0; n.channel = channel; return n },
                        controls: controls, texts: texts)
        }
        return Harmonization(score: output(score, key: key, parts: parts), key: key, keyOrigin: decided.origin, slots: slots, chords: chords, melody: source)
    }

    /// The output score: `parts` after the names and text events of the input's tracks that have
    /// no notes (a conductor track's title, markers, copyright), in their order, their channel
    /// messages left out (they would act on the new parts' channels); the input's division, tempo
    /// map and signatures.
    static func output(_ score: Score, key: Key, parts: [Part]) -> Score {
        let kept = score.parts.filter { $0.notes.isEmpty && ($0.name != nil || !$0.texts.isEmpty) }.map { part -> Part in
            var copy = part
            copy.controls = []
            return copy
        }
        return Score(division: score.division, parts: kept + parts, tempoChanges: score.tempoChanges, timeSignatures: score.timeSignatures,
                     keySignatures: score.keySignatures.isEmpty ? [key.signature] : score.keySignatures)
    }
}
