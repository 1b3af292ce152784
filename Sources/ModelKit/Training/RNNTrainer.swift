import Foundation

/// Trains an `LSTMNetwork` (the melody or the drum RNN) with Adam on minibatches of sequences
/// (`LSTMSequenceBatches`), one epoch at a time, with checkpoints: the generic `Trainer` over
/// `LSTMNetwork`'s `TrainableModel` conformance.
///
/// Deterministic for a given seed and OpenBLAS thread count: the weights come from the seed, each
/// epoch's sequence order and dropout masks from `seed` and the epoch number.
public typealias RNNTrainer = Trainer<LSTMNetwork, LSTMSequenceBatches>

extension Trainer where Model == LSTMNetwork, Source == LSTMSequenceBatches {
    /// A trainer for a new LSTM over `inputSize` sparse features and `outputSize` classes
    /// (`options` give its size and seed), on `training` laid out in minibatches of
    /// `options.batchSize` rows and `options.bpttSteps` steps, validated on `validation`.
    public convenience init(options: RNNTrainingOptions, inputSize: Int, outputSize: Int, training: [LSTMSequence], validation: [LSTMSequence]) {
        let shape = LSTMShape(inputSize: inputSize, hiddenSize: options.hiddenSize, layers: options.layers, outputSize: outputSize)
        self.init(model: LSTMNetwork(shape: shape, seed: options.seed), options: options,
                  training: LSTMSequenceBatches(training, batchSize: options.batchSize, steps: options.bpttSteps),
                  validation: validation)
    }

    /// A trainer of an LSTM over `inputSize` features and `outputSize` classes resumed from a
    /// checkpoint (its options win over any given).
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for a file that is not an RNN
    ///   training checkpoint, or whose tensors or Adam moments do not fit the network.
    public static func resume(from url: URL, inputSize: Int, outputSize: Int, training: [LSTMSequence], validation: [LSTMSequence]) throws -> RNNTrainer {
        let checkpoint = try TrainingCheckpoint<RNNTrainingOptions>.read(from: url, format: LSTMNetwork.checkpointFormat)
        let trainer = RNNTrainer(options: checkpoint.options, inputSize: inputSize, outputSize: outputSize, training: training, validation: validation)
        try trainer.restore(from: checkpoint)
        return trainer
    }

    /// The network being trained.
    public var network: LSTMNetwork { model }

    /// A copy of the network with the best validation weights so far (or the current ones).
    public var bestNetwork: LSTMNetwork { LSTMNetwork(shape: model.shape, parameters: bestParameters) }

    /// Steps (targets) in the training sequences.
    public var trainingSteps: Int { training.itemCount }
}
