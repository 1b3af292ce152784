import ArgumentParser
import Foundation
import ModelKit

/// What differs between the RNN training options of `compose train melody` and `compose train
/// drums`: some defaults and help texts.
protocol RNNTrainingStyle {
    static var epochsHelp: String { get }
    static var defaultEpochs: Int { get }
    static var defaultBatchSize: Int { get }
    static var seedHelp: String { get }
    static var validationHelp: String { get }
}

/// --epochs, --hidden, --layers: how long to train and the LSTM's size.
struct RNNSizeOptions<Style: RNNTrainingStyle>: ParsableArguments {
    @Option(help: ArgumentHelp(Style.epochsHelp))
    var epochs: Int = Style.defaultEpochs

    @Option(help: "RNN: LSTM units per layer.")
    var hidden = 128

    @Option(help: "RNN: LSTM layers.")
    var layers = 2

    /// Throws a usage error for a size outside --hidden 1...2048 or --layers 1...8.
    func check() throws {
        try OptionChecks.check("--hidden", hidden, in: 1...2048)
        try OptionChecks.check("--layers", layers, in: 1...8)
    }
}

/// --batch-size, --bptt, --learning-rate, --lr-decay, --dropout, --seed, --threads: the optimizer,
/// the seed and the BLAS threads.
struct RNNOptimizerOptions<Style: RNNTrainingStyle>: ParsableArguments {
    @Option(name: .customLong("batch-size"), help: "RNN: sequences per minibatch.")
    var batchSize: Int = Style.defaultBatchSize

    @Option(help: "RNN: truncated-BPTT length in 16th-note steps.")
    var bptt = 32

    @Option(name: .customLong("learning-rate"), help: "RNN: Adam learning rate (decayed by --lr-decay each epoch).")
    var learningRate = 0.002

    @Option(name: .customLong("lr-decay"), help: "RNN: learning-rate factor per epoch.")
    var lrDecay = 0.93

    @Option(help: "RNN: dropout rate on LSTM outputs.")
    var dropout = 0.2

    @Option(help: ArgumentHelp(Style.seedHelp))
    var seed: UInt64 = 1

    @Option(help: "RNN: OpenBLAS threads (results are reproducible for a fixed count).")
    var threads = 2

    /// The trainer's hyperparameters from these options and `size`.
    func trainingOptions(_ size: RNNSizeOptions<Style>) -> RNNTrainingOptions {
        var options = RNNTrainingOptions()
        options.hiddenSize = size.hidden; options.layers = size.layers; options.batchSize = batchSize; options.bpttSteps = bptt
        options.learningRate = learningRate; options.learningRateDecay = lrDecay; options.dropout = dropout; options.seed = seed
        return options
    }
}

/// --validation and --max-minutes: the share kept to pick the best epoch, and the time limit.
struct RNNValidationOptions<Style: RNNTrainingStyle>: ParsableArguments {
    @Option(help: ArgumentHelp(Style.validationHelp))
    var validation = 0.05

    @Option(name: .customLong("max-minutes"), help: "RNN: stop (with a checkpoint) after this many minutes of training.")
    var maxMinutes: Double?
}

/// --resume and --checkpoint.
struct CheckpointOptions: ParsableArguments {
    @Option(help: "Resume from this checkpoint (its hyperparameters win).")
    var resume: String?

    @Option(help: "Checkpoint file (default: <out without .json>.checkpoint.safetensors).")
    var checkpoint: String?

    /// The checkpoint file: --checkpoint, else the model file without .json plus .checkpoint.safetensors.
    func checkpointPath(out: String) -> String {
        checkpoint ?? (URL(fileURLWithPath: out).deletingPathExtension().path + ".checkpoint.safetensors")
    }
}

/// compose train melody.
enum MelodyRNNTraining: RNNTrainingStyle {
    static let epochsHelp = "RNN: epochs to train (in all, counting resumed ones)."
    static let defaultEpochs = 30
    static let defaultBatchSize = 64
    static let seedHelp = "RNN: seed of weights, tune order and dropout."
    static let validationHelp = "RNN: fraction of the training tunes used for validation (best epoch kept)."
}

/// compose train drums.
enum DrumRNNTraining: RNNTrainingStyle {
    static let epochsHelp = "RNN: epochs to train (in all, counting resumed ones; the shipped model: 12)."
    static let defaultEpochs = 12
    static let defaultBatchSize = 32
    static let seedHelp = "RNN: seed of weights, groove order and dropout."
    static let validationHelp = "RNN: share of the training grooves set aside to pick the best epoch."
}
