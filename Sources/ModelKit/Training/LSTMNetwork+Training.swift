/// `LSTMNetwork` as a `TrainableModel` (the `RNNTrainer`): minibatches are `LSTMBatch`es whose
/// state carries from one to the next, dropout at `RNNTrainingOptions.dropout`, validation by
/// `LSTMSequence.score` (no dropout).
extension LSTMNetwork: TrainableModel {
    public typealias Options = RNNTrainingOptions
    public typealias Batch = LSTMBatch
    public typealias Example = LSTMSequence
    public typealias PassState = LSTMState

    /// The `format` metadata of an RNN training checkpoint.
    public static let checkpointFormat = "LittleMozart RNN training checkpoint"

    /// A zero state as wide as the epoch's minibatches.
    public func passState(for batches: [LSTMBatch]) -> LSTMState {
        LSTMState(shape: shape, batch: batches.first?.batch ?? 1)
    }

    /// `pass` with the options' dropout and a gradient.
    public func trainingPass(_ batch: LSTMBatch, at step: TrainingStep, state: inout LSTMState, options: RNNTrainingOptions,
                             rng: inout SeededGenerator, gradient: inout [Float]) -> LossTotals {
        let r = gradient.withUnsafeMutableBufferPointer { g in
            pass(batch, state: &state, dropout: Float(options.dropout), rng: &rng, gradient: g.baseAddress!)
        }
        return LossTotals(total: r.nats, count: r.count, correct: r.correct)
    }

    /// `LSTMSequence.score`: the sequences in minibatches of 64 rows and 128 steps.
    public func score(_ examples: [LSTMSequence]) -> LossTotals {
        let r = LSTMSequence.score(self, examples)
        return LossTotals(total: r.totalNats, count: r.steps, correct: r.correct)
    }
}
