/// What reading a loop from a file left out or changed, in words, for the one line that says
/// what was taken (`compose loops` and the piano's `:loops corner`).
extension MelodyLoopReading {
    /// "65 after the two bars", "3 dropped (chords, inner voices)", "1 cut at the loop's end",
    /// "2 moved to the 16th grid", "1 moved by octaves into range", in that order; empty when
    /// every note of the voice was taken as written.
    package var changes: [String] {
        var left: [String] = []
        if notesAfter > 0 { left.append("\(notesAfter) after the two bars") }
        if primer.notesDropped > 0 { left.append("\(primer.notesDropped) dropped (chords, inner voices)") }
        if notesCut > 0 { left.append("\(notesCut) cut at the loop's end") }
        if primer.notesMoved > 0 { left.append("\(primer.notesMoved) moved to the 16th grid") }
        if notesFolded > 0 { left.append("\(notesFolded) moved by octaves into range") }
        return left
    }
}

extension DrumLoopReading {
    /// "12 outside the two bars", "3 of notes no drum class maps dropped", "2 merged with a hit of
    /// the same class on the step", "5 moved to the 16th grid", in that order; empty when every
    /// hit was taken as written.
    package var changes: [String] {
        var left: [String] = []
        if hitsOutside > 0 { left.append("\(hitsOutside) outside the two bars") }
        let unmapped = quantization.unmapped.values.reduce(0, +)
        if unmapped > 0 { left.append("\(unmapped) of notes no drum class maps dropped") }
        if quantization.merged > 0 { left.append("\(quantization.merged) merged with a hit of the same class on the step") }
        if quantization.offGrid > 0 { left.append("\(quantization.offGrid) moved to the 16th grid") }
        return left
    }
}
