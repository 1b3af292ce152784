import Music
import Representations

/// A monophonic melody on the 16th-note grid with its bar lines: bar `b` covers the steps
/// `b * meter.stepsPerBar ..< (b + 1) * meter.stepsPerBar`, and bar 0 is the bar that holds the
/// first note (a pickup sits at the end of bar 0). The unit the melody form measures read.
package struct BarredMelody: Hashable, Sendable {
    /// The file path relative to its folder, or any label.
    package var name: String
    package var key: Key
    package var meter: Meter
    /// The notes, steps counted from the first bar line.
    package var melody: GridMelody

    package init(name: String, key: Key, meter: Meter, melody: GridMelody) {
        self.name = name
        self.key = key
        self.meter = meter
        self.melody = melody
    }

    /// A tune as the melody corpus encodes it: its key and meter, its tokens read back with pitches
    /// around the tonic in octave 4 (`MelodyEncoding.referencePitch(for:)`, offsets folded into
    /// `MelodyToken.offsetRange`, so a note beyond it is read an octave nearer), the first token at
    /// the tune's bar position (`EncodedTune.startPosition`). A note longer than
    /// `MelodyToken.maxSteps` (16) reads as 16 steps then a rest.
    package init(tune: EncodedTune) {
        self.init(name: tune.name, key: tune.key, meter: tune.meter,
                  melody: MelodyEncoding.melody(of: tune.tokens, reference: MelodyEncoding.referencePitch(for: tune.key),
                                                start: tune.startPosition))
    }

    /// Bars from bar 0 to the bar holding the last note's last step.
    package var bars: Int { (melody.endStep + meter.stepsPerBar - 1) / meter.stepsPerBar }

    /// The notes starting in bars `0 ..< bars`.
    package func notes(inFirst bars: Int) -> [GridNote] {
        let end = bars * meter.stepsPerBar
        return melody.notes.filter { $0.start < end }
    }

    /// The step-by-step content of bar `b`: per step 0 for silence, `2 p + 1` for the onset of
    /// pitch `p`, `2 p + 2` for pitch `p` held from an earlier step, with `p` the MIDI pitch minus
    /// `transposition`. Two bars are equal when their contents are.
    package func content(ofBar b: Int, transposition: Int = 0) -> [Int] {
        let n = meter.stepsPerBar
        var steps = [Int](repeating: 0, count: n)
        let lo = b * n, hi = lo + n
        for note in melody.notes where note.end > lo && note.start < hi {
            let p = note.pitch - transposition
            for t in max(note.start, lo)..<min(note.end, hi) { steps[t - lo] = t == note.start ? 2 * p + 1 : 2 * p + 2 }
        }
        return steps
    }
}
