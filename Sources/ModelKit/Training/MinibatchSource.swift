/// Training data as the generic `Trainer` sees it: the minibatches of one epoch, in an order drawn
/// from a seeded generator.
///
/// The trainer seeds a `SeededGenerator` per epoch (from `TrainingOptions.seed` and the epoch
/// number), asks for the epoch's minibatches with it, then hands the same generator on to the
/// model's training passes: the same seed and epoch give the same minibatches and draws.
public protocol MinibatchSource {
    /// One minibatch, as the model's `TrainableModel.trainingPass` takes it.
    associatedtype Batch

    /// Items the loss counts in one epoch (e.g. sequence steps), for reports.
    var itemCount: Int { get }

    /// The minibatches of one epoch, ordered (or otherwise drawn) from `rng`.
    func minibatches(rng: inout SeededGenerator) -> [Batch]
}

/// Examples shuffled afresh each epoch (Fisher-Yates with one draw per swap, as `heldOutSplit`
/// shuffles) and cut into minibatches of `batchSize` examples in that order; the last minibatch
/// holds what is left (fewer when `batchSize` does not divide the count).
public struct ShuffledMinibatches<Example>: MinibatchSource {
    /// The training examples.
    public var examples: [Example]
    /// Examples per minibatch, at least 1.
    public var batchSize: Int

    /// - Precondition: `batchSize >= 1`.
    public init(_ examples: [Example], batchSize: Int) {
        precondition(batchSize >= 1, "ShuffledMinibatches: batch size \(batchSize) < 1")
        self.examples = examples
        self.batchSize = batchSize
    }

    /// One item per example.
    public var itemCount: Int { examples.count }

    /// The examples in an order shuffled by `rng` (Fisher-Yates, `seededShuffle`), cut into
    /// minibatches of `batchSize` (the last one shorter when the count does not divide).
    public func minibatches(rng: inout SeededGenerator) -> [[Example]] {
        var order = Array(examples.indices)
        order.seededShuffle(&rng)
        return stride(from: 0, to: order.count, by: batchSize).map { start in
            order[start..<min(start + batchSize, order.count)].map { examples[$0] }
        }
    }
}

extension ShuffledMinibatches: Sendable where Example: Sendable {}
