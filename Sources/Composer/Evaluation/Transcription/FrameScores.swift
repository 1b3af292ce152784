/// Frame-level precision, recall and F1 of two piano rolls (`TranscriptionMetrics.frameScores`).
public struct FrameScores: Sendable, Hashable, Codable {
    /// Active (frame, pitch) cells in both / active cells in the estimate (0 when it has none).
    public var precision: Double
    /// Active cells in both / active cells in the reference (0 when it has none).
    public var recall: Double
    /// 2PR / (P + R), 0 when both are 0.
    public var f1: Double
    /// Cells active in both rolls.
    public var truePositives: Int
    /// Cells active in the reference roll.
    public var referenceCount: Int
    /// Cells active in the estimated roll.
    public var estimateCount: Int
    /// Frames compared (the longer roll's length).
    public var frameCount: Int

    public init(precision: Double, recall: Double, f1: Double, truePositives: Int, referenceCount: Int,
                estimateCount: Int, frameCount: Int) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.truePositives = truePositives
        self.referenceCount = referenceCount
        self.estimateCount = estimateCount
        self.frameCount = frameCount
    }
}
