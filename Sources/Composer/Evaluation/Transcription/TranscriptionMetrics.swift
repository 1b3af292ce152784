import Foundation

/// Note and frame metrics of a transcription against its reference, computed as mir_eval 0.8.2
/// computes them (Raffel et al., "mir_eval: A Transparent Implementation of Common MIR Metrics",
/// ISMIR 2014; `mir_eval.transcription`, `mir_eval.transcription_velocity`, `mir_eval.multipitch`).
/// Tests compare every figure with mir_eval's own on fixtures it produced (Scripts/transcription_fixtures.py).
public enum TranscriptionMetrics {
    /// Note precision, recall, F1 and average overlap ratio, as
    /// `mir_eval.transcription.precision_recall_f1_overlap`: see `NoteTolerances` for what matches.
    /// With `NoteTolerances.onsetOnly`, "note onset F1"; with the defaults, "onset and offset F1".
    ///
    /// - Parameters:
    ///   - reference: the true notes (any order).
    ///   - estimate: the transcribed notes (any order).
    /// - Returns: all zeros when either list is empty (mir_eval's convention).
    /// - Throws: `TranscriptionMetricError` for a note mir_eval refuses: a negative time, an offset
    ///   not after its onset, a pitch not above 0 Hz.
    public static func noteScores(reference: [TranscribedNote], estimate: [TranscribedNote],
                                  tolerances: NoteTolerances = .onsetAndOffset) throws(TranscriptionMetricError) -> NoteScores {
        try scores(reference, estimate, velocities: false) { NoteMatching.match(reference: $0, estimate: $1, tolerances: tolerances) }
    }

    /// Note scores that also require the velocity to agree, as
    /// `mir_eval.transcription_velocity.precision_recall_f1_overlap` (Hawthorne et al. 2018, "Onsets
    /// and Frames", section 4): the pairs of `noteScores` whose velocities, rescaled as
    /// `NoteMatching.matchWithVelocity` describes, differ by less than `tolerances.velocity`.
    /// - Throws: `TranscriptionMetricError`, as `noteScores`, and for a negative velocity.
    public static func velocityNoteScores(reference: [TranscribedNote], estimate: [TranscribedNote],
                                          tolerances: NoteTolerances = .onsetAndOffset) throws(TranscriptionMetricError) -> NoteScores {
        try scores(reference, estimate, velocities: true) { NoteMatching.matchWithVelocity(reference: $0, estimate: $1, tolerances: tolerances) }
    }

    /// Onset precision, recall and F1 that ignore pitch and offsets, as
    /// `mir_eval.transcription.onset_precision_recall_f1` (0.8.2; in `mir_eval.transcription.evaluate`
    /// its `Onset_Precision`, `Onset_Recall`, `Onset_F-measure`): an estimated note matches a reference
    /// note when their onsets differ by at most `tolerances.onset` (`tolerances.strict`: less than),
    /// whatever their pitches; each note is used at most once (`NoteMatching.matchOnsets`).
    /// `averageOverlapRatio` is that of the matched pairs (mir_eval reports none for this metric).
    /// - Returns: all zeros when either list is empty (mir_eval's convention).
    /// - Throws: `TranscriptionMetricError` for the notes mir_eval's `validate_intervals` refuses:
    ///   a negative time or an offset not after its onset (pitches are not looked at).
    public static func onsetOnlyScores(reference: [TranscribedNote], estimate: [TranscribedNote],
                                       tolerances: NoteTolerances = .onsetAndOffset) throws(TranscriptionMetricError) -> NoteScores {
        try intervalScores(reference, estimate) { NoteMatching.matchOnsets(reference: $0, estimate: $1, tolerances: tolerances) }
    }

    /// Offset precision, recall and F1 that ignore pitch and onsets, as
    /// `mir_eval.transcription.offset_precision_recall_f1` (0.8.2; in `evaluate` its `Offset_Precision`,
    /// `Offset_Recall`, `Offset_F-measure`): an estimated note matches a reference note when their
    /// offsets differ by at most max(`tolerances.offsetMinimum`, `tolerances.offsetRatio` x the
    /// reference's duration), whatever their pitches; each note is used at most once
    /// (`NoteMatching.matchOffsets`). A nil `offsetRatio` leaves only `offsetMinimum`.
    /// `averageOverlapRatio` is that of the matched pairs (mir_eval reports none for this metric).
    /// - Returns: all zeros when either list is empty (mir_eval's convention).
    /// - Throws: `TranscriptionMetricError`, as `onsetOnlyScores`.
    public static func offsetOnlyScores(reference: [TranscribedNote], estimate: [TranscribedNote],
                                        tolerances: NoteTolerances = .onsetAndOffset) throws(TranscriptionMetricError) -> NoteScores {
        try intervalScores(reference, estimate) { NoteMatching.matchOffsets(reference: $0, estimate: $1, tolerances: tolerances) }
    }

    /// The piano-roll frame rate of `frameScores`: 100 frames per second (10 ms), as Onsets and Frames.
    public static let framesPerSecond = 100.0

    /// Frame precision, recall and F1 of the two note lists drawn as piano rolls at `framesPerSecond`:
    /// a note of MIDI pitch p (its frequency rounded to the nearest semitone) is active in frames
    /// `start ..< end`, start = floor(onset * fps + 0.5), end = max(floor(offset * fps + 0.5), start + 1)
    /// (a note shorter than a frame still sounds in one); a pitch counts once per frame. The counts
    /// are those of `mir_eval.multipitch.metrics` given these frames (one pitch matches one pitch
    /// within half a semitone), and F1 = 2PR / (P + R).
    /// - Throws: `TranscriptionMetricError` for a negative time or a pitch not above 0 Hz.
    public static func frameScores(reference: [TranscribedNote], estimate: [TranscribedNote],
                                   framesPerSecond: Double = framesPerSecond) throws(TranscriptionMetricError) -> FrameScores {
        for (side, notes) in [(TranscriptionMetricError.Side.reference, reference), (.estimate, estimate)] {
            for (i, n) in notes.enumerated() {
                if n.onset < 0 || n.offset < 0 { throw .negativeTime(side: side, index: i, onset: n.onset, offset: n.offset) }
                if !(n.frequency > 0) { throw .nonPositivePitch(side: side, index: i, frequency: n.frequency) }
            }
        }
        let ref = PianoRollCells(notes: reference, framesPerSecond: framesPerSecond)
        let est = PianoRollCells(notes: estimate, framesPerSecond: framesPerSecond)
        let truePositives = ref.cells.intersection(est.cells).count
        let precision = est.cells.isEmpty ? 0 : Double(truePositives) / Double(est.cells.count)
        let recall = ref.cells.isEmpty ? 0 : Double(truePositives) / Double(ref.cells.count)
        return FrameScores(precision: precision, recall: recall, f1: NoteScores.f1(precision: precision, recall: recall),
                           truePositives: truePositives, referenceCount: ref.cells.count, estimateCount: est.cells.count,
                           frameCount: max(ref.frameCount, est.frameCount))
    }

    /// Frame precision, recall and F1 of the sustain pedal: a stretch `down..<up` seconds is down in
    /// frames floor(down x fps + 0.5) ..< max(floor(up x fps + 0.5), that + 1), as a note is drawn
    /// in `frameScores`; a frame counts once however many stretches cover it. (Kong et al. 2020
    /// report the pedal's frame F1 the same way, as a one-key piano roll.)
    public static func pedalFrameScores(reference: [Range<Double>], estimate: [Range<Double>],
                                        framesPerSecond: Double = framesPerSecond) -> FrameScores {
        func frames(_ spans: [Range<Double>]) -> Set<Int> {
            var out = Set<Int>()
            for s in spans {
                let (start, end) = PianoRollCells.frames(onset: s.lowerBound, offset: s.upperBound, framesPerSecond: framesPerSecond)
                out.formUnion(max(start, 0)..<end)
            }
            return out
        }
        let ref = frames(reference), est = frames(estimate)
        let truePositives = ref.intersection(est).count
        let precision = est.isEmpty ? 0 : Double(truePositives) / Double(est.count)
        let recall = ref.isEmpty ? 0 : Double(truePositives) / Double(ref.count)
        return FrameScores(precision: precision, recall: recall, f1: NoteScores.f1(precision: precision, recall: recall),
                           truePositives: truePositives, referenceCount: ref.count, estimateCount: est.count,
                           frameCount: (ref.union(est).max() ?? -1) + 1)
    }

    static func validate(_ notes: [TranscribedNote], side: TranscriptionMetricError.Side, velocities: Bool) throws(TranscriptionMetricError) {
        for (i, n) in notes.enumerated() {
            if n.onset < 0 || n.offset < 0 { throw .negativeTime(side: side, index: i, onset: n.onset, offset: n.offset) }
            if !(n.offset > n.onset) { throw .nonPositiveDuration(side: side, index: i, onset: n.onset, offset: n.offset) }
            if !(n.frequency > 0) { throw .nonPositivePitch(side: side, index: i, frequency: n.frequency) }
            if velocities && n.velocity < 0 { throw .negativeVelocity(side: side, index: i, velocity: n.velocity) }
        }
    }

    /// `mir_eval.util.validate_intervals`: times not negative, offsets after onsets (no pitch check).
    static func validateIntervals(_ notes: [TranscribedNote], side: TranscriptionMetricError.Side) throws(TranscriptionMetricError) {
        for (i, n) in notes.enumerated() {
            if n.onset < 0 || n.offset < 0 { throw .negativeTime(side: side, index: i, onset: n.onset, offset: n.offset) }
            if !(n.offset > n.onset) { throw .nonPositiveDuration(side: side, index: i, onset: n.onset, offset: n.offset) }
        }
    }

    /// Validates both lists' intervals only, then scores the pairs `match` returns (all zeros when a list is empty).
    static func intervalScores(_ reference: [TranscribedNote], _ estimate: [TranscribedNote],
                               match: ([TranscribedNote], [TranscribedNote]) -> [(reference: Int, estimate: Int)]) throws(TranscriptionMetricError) -> NoteScores {
        try validateIntervals(reference, side: .reference)
        try validateIntervals(estimate, side: .estimate)
        guard !reference.isEmpty, !estimate.isEmpty else {
            return NoteScores(precision: 0, recall: 0, f1: 0, averageOverlapRatio: 0, matched: 0,
                              referenceCount: reference.count, estimateCount: estimate.count)
        }
        return scores(match(reference, estimate), reference, estimate)
    }

    /// Validates both lists, then scores the pairs `match` returns (all zeros when a list is empty, as mir_eval).
    static func scores(_ reference: [TranscribedNote], _ estimate: [TranscribedNote], velocities: Bool,
                       match: ([TranscribedNote], [TranscribedNote]) -> [(reference: Int, estimate: Int)]) throws(TranscriptionMetricError) -> NoteScores {
        try validate(reference, side: .reference, velocities: velocities)
        try validate(estimate, side: .estimate, velocities: velocities)
        guard !reference.isEmpty, !estimate.isEmpty else {
            return NoteScores(precision: 0, recall: 0, f1: 0, averageOverlapRatio: 0, matched: 0,
                              referenceCount: reference.count, estimateCount: estimate.count)
        }
        return scores(match(reference, estimate), reference, estimate)
    }

    static func scores(_ pairs: [(reference: Int, estimate: Int)], _ reference: [TranscribedNote],
                       _ estimate: [TranscribedNote]) -> NoteScores {
        let precision = Double(pairs.count) / Double(estimate.count)
        let recall = Double(pairs.count) / Double(reference.count)
        var ratios: [Double] = []
        for (r, e) in pairs {
            let a = reference[r], b = estimate[e]
            ratios.append((min(a.offset, b.offset) - max(a.onset, b.onset)) / (max(a.offset, b.offset) - min(a.onset, b.onset)))
        }
        return NoteScores(precision: precision, recall: recall, f1: NoteScores.f1(precision: precision, recall: recall),
                          averageOverlapRatio: ratios.isEmpty ? 0 : ratios.reduce(0, +) / Double(ratios.count),
                          matched: pairs.count, referenceCount: reference.count, estimateCount: estimate.count)
    }
}

/// The active (frame, MIDI pitch) cells of notes drawn as a piano roll (see `TranscriptionMetrics.frameScores`).
struct PianoRollCells {
    struct Cell: Hashable { var frame: Int; var pitch: Int }
    var cells: Set<Cell> = []
    var frameCount = 0

    init(notes: [TranscribedNote], framesPerSecond: Double) {
        for note in notes {
            let (start, end) = Self.frames(note, framesPerSecond: framesPerSecond)
            for frame in start..<end { cells.insert(Cell(frame: frame, pitch: note.midiPitch)) }
            frameCount = max(frameCount, end)
        }
    }

    static func frames(_ note: TranscribedNote, framesPerSecond: Double) -> (start: Int, end: Int) {
        frames(onset: note.onset, offset: note.offset, framesPerSecond: framesPerSecond)
    }

    /// The frames of a stretch from `onset` to `offset` seconds: floor(t x fps + 0.5) for each
    /// end, at least one frame.
    static func frames(onset: Double, offset: Double, framesPerSecond: Double) -> (start: Int, end: Int) {
        let start = Int((onset * framesPerSecond + 0.5).rounded(.down))
        return (start, max(Int((offset * framesPerSecond + 0.5).rounded(.down)), start + 1))
    }
}
