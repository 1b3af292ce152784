/// Every score of one transcription against its reference: the note metrics of mir_eval (onset;
/// onset and offset; each with velocity) and frame F1 (`TranscriptionMetrics`).
public struct TranscriptionScores: Sendable, Hashable, Codable {
    /// Onset within 50 ms and pitch within 50 cents ("note onset F1").
    public var onset: NoteScores
    /// As `onset`, and offset within max(50 ms, 20% of the reference note).
    public var onsetOffset: NoteScores
    /// As `onset`, and velocity within 0.1 after rescaling.
    public var onsetVelocity: NoteScores
    /// As `onsetOffset`, and velocity within 0.1 after rescaling (Onsets and Frames' "with offsets & velocity").
    public var onsetOffsetVelocity: NoteScores
    /// Piano-roll frames at 100 frames per second.
    public var frame: FrameScores
    /// Sustain-pedal frames at 100 per second (`TranscriptionMetrics.pedalFrameScores`); nil when
    /// neither side presses the pedal.
    public var pedal: FrameScores?

    /// Scores `estimate` against `reference` with mir_eval's default tolerances, and the sustain
    /// pedal's frames when either side has a pedal (stretches in seconds).
    /// - Throws: `TranscriptionMetricError` (see `TranscriptionMetrics.noteScores`).
    public init(reference: [TranscribedNote], estimate: [TranscribedNote], referencePedal: [Range<Double>] = [],
                estimatePedal: [Range<Double>] = []) throws(TranscriptionMetricError) {
        onset = try TranscriptionMetrics.noteScores(reference: reference, estimate: estimate, tolerances: .onsetOnly)
        onsetOffset = try TranscriptionMetrics.noteScores(reference: reference, estimate: estimate, tolerances: .onsetAndOffset)
        onsetVelocity = try TranscriptionMetrics.velocityNoteScores(reference: reference, estimate: estimate, tolerances: .onsetOnly)
        onsetOffsetVelocity = try TranscriptionMetrics.velocityNoteScores(reference: reference, estimate: estimate, tolerances: .onsetAndOffset)
        frame = try TranscriptionMetrics.frameScores(reference: reference, estimate: estimate)
        pedal = referencePedal.isEmpty && estimatePedal.isEmpty ? nil
            : TranscriptionMetrics.pedalFrameScores(reference: referencePedal, estimate: estimatePedal)
    }
}
