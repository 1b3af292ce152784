import Foundation
import ModelKit
import Representations

extension RNNMelodyModel {
    /// A trainer (`ModelKit.RNNTrainer`) for the melody RNN: inputs `RNNFeatures`, outputs the 39
    /// step events (`StepEvent`).
    package static func trainer(options: RNNTrainingOptions, training: [EncodedTune], validation: [EncodedTune]) -> RNNTrainer {
        RNNTrainer(options: options, inputSize: RNNFeatures.inputSize, outputSize: StepEvent.classCount,
                   training: training.map(LSTMSequence.init), validation: validation.map(LSTMSequence.init))
    }

    /// A melody-RNN trainer resumed from a checkpoint (its options win over any given).
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for a file that is not a training
    ///   checkpoint of this network.
    package static func resume(from url: URL, training: [EncodedTune], validation: [EncodedTune]) throws -> RNNTrainer {
        try RNNTrainer.resume(from: url, inputSize: RNNFeatures.inputSize, outputSize: StepEvent.classCount,
                              training: training.map(LSTMSequence.init), validation: validation.map(LSTMSequence.init))
    }

    /// The model with the trainer's best validation weights so far (or the current ones), with
    /// `record` in its config.
    package static func best(of trainer: RNNTrainer, record: MelodyRNNTrainingRecord?) -> RNNMelodyModel {
        var config = RNNModelConfig(weights: "", shape: trainer.network.shape)
        config.training = record
        return RNNMelodyModel(network: trainer.bestNetwork, config: config)
    }
}
