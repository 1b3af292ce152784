/// Training sequences for an `LSTMNetwork`, laid out each epoch in `batchSize` rows cut into
/// chunks of `steps` (`LSTMSequence.batches`), the tunes of each row in an order shuffled with a
/// seed drawn from the epoch's generator.
public struct LSTMSequenceBatches: MinibatchSource, Sendable {
    /// The training sequences.
    public let sequences: [LSTMSequence]
    /// Parallel rows per minibatch (fewer when there are fewer sequences).
    public let batchSize: Int
    /// Truncated-BPTT length: steps per minibatch (the state carries across minibatches).
    public let steps: Int
    /// Targets over all the sequences (padding is not counted).
    public let itemCount: Int

    /// Minibatches of `batchSize` parallel rows and `steps` truncated-BPTT steps over `sequences`
    /// (`LSTMSequence.batches`, reshuffled each epoch).
    public init(_ sequences: [LSTMSequence], batchSize: Int, steps: Int) {
        self.sequences = sequences
        self.batchSize = batchSize
        self.steps = steps
        itemCount = sequences.reduce(0) { $0 + $1.targets.count }
    }

    /// One draw from `rng` seeds the shuffle of each row's sequences.
    public func minibatches(rng: inout SeededGenerator) -> [LSTMBatch] {
        LSTMSequence.batches(sequences, batch: batchSize, steps: steps, shuffleSeed: rng.next())
    }
}
