/// Precision, recall and F1 of one kind of note matching, as mir_eval returns them
/// (`precision_recall_f1_overlap`), with the counts they come from.
public struct NoteScores: Sendable, Hashable, Codable {
    /// Matched notes / estimated notes (0 when either list is empty, as mir_eval).
    public var precision: Double
    /// Matched notes / reference notes (0 when either list is empty).
    public var recall: Double
    /// 2PR / (P + R), 0 when both are 0 (`mir_eval.util.f_measure`, beta 1).
    public var f1: Double
    /// Mean over matched pairs of (overlap of the two intervals) / (their joint span), 0 without pairs.
    public var averageOverlapRatio: Double
    /// Pairs matched.
    public var matched: Int
    /// Notes in the reference.
    public var referenceCount: Int
    /// Notes in the estimate.
    public var estimateCount: Int

    public init(precision: Double, recall: Double, f1: Double, averageOverlapRatio: Double,
                matched: Int, referenceCount: Int, estimateCount: Int) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.averageOverlapRatio = averageOverlapRatio
        self.matched = matched
        self.referenceCount = referenceCount
        self.estimateCount = estimateCount
    }

    /// `mir_eval.util.f_measure` with beta 1.
    static func f1(precision: Double, recall: Double) -> Double {
        precision == 0 && recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}
