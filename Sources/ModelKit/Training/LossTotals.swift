/// A loss summed over the items it counts (sequence steps with a target, examples, frames, ...),
/// with how many it counted and how many of them were predicted correctly: what a training pass
/// over one minibatch and a validation score give the generic `Trainer`.
public struct LossTotals: Hashable, Sendable {
    /// The summed loss over the counted items (nats, for a negative log-likelihood).
    public var total: Double
    /// Items the loss counts.
    public var count: Int
    /// Counted items predicted correctly (for a classifier: its most likely class is the target;
    /// 0 where correctness does not apply).
    public var correct: Int

    public init(total: Double = 0, count: Int = 0, correct: Int = 0) {
        self.total = total
        self.count = count
        self.correct = correct
    }

    /// The loss per counted item (0 when nothing was counted).
    public var mean: Double { total / Double(max(count, 1)) }

    /// The share of counted items predicted correctly, in [0, 1] (0 when nothing was counted).
    public var accuracy: Double { Double(correct) / Double(max(count, 1)) }
}
