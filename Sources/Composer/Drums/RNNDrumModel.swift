import FileIO
import ModelKit
import Music
import Representations
import Foundation

/// What a drum RNN was trained on: the corpus, its split and counts (recorded in its JSON config,
/// in the same object as the trainer's facts of `RNNTrainingRecord`).
public struct DrumTrainingData: Hashable, Sendable, Codable {
    /// The corpus folder's name (its last path component).
    public var corpus: String
    /// `DrumCorpus.trainSplitName` or `DrumCorpus.allFilesName`.
    public var split: String
    public var trainingGrooves: Int
    /// Grooves set aside from the training split (seeded) to keep the best epoch.
    public var validationGrooves: Int
    /// How many steps of the training split's grooves (the validation grooves set aside included)
    /// struck each of the 512 step sets, for the unigram baseline of evaluations; nil in files
    /// written before it was recorded.
    public var stepSetCounts: [Int]?

    public init(corpus: String, split: String, trainingGrooves: Int, validationGrooves: Int, stepSetCounts: [Int]? = nil) {
        self.corpus = corpus; self.split = split; self.trainingGrooves = trainingGrooves; self.validationGrooves = validationGrooves
        self.stepSetCounts = stepSetCounts
    }
}

/// What a drum RNN was trained on and how well it did.
public typealias DrumRNNTrainingRecord = RNNTrainingRecord<DrumTrainingData>

/// The LSTM drum model: a stacked LSTM (`LSTMNetwork`, the melody RNN's network) over the inputs
/// of `DrumRNNFeatures`, with a 512-way softmax over the step sets, i.e. the joint distribution
/// of the nine drums struck at the next step, as Magenta's Drums RNN (`drum_kit`) does. Nine
/// independent sigmoids would model each drum apart given the past, and could not learn that,
/// say, an open and a closed hi-hat never sound together or that a crash comes with a kick;
/// the softmax learns every combination seen, and 512 outputs cost little with BLAS.
public final class RNNDrumModel: DrumStepModel, @unchecked Sendable {
    /// The JSON config of a saved model; the weights are in a safetensors file beside it.
    public struct Config: ModelConfig, Hashable, Sendable {
        /// The `format` string a drum RNN config must carry.
        public static let formatName = "LittleMozart RNN drum model"
        /// The config format version (1).
        public static let currentVersion = 1
        public var format = Config.formatName
        /// The config format version (`currentVersion` when written by this build).
        public var version = Config.currentVersion
        /// The safetensors file name, relative to the config's folder.
        public var weights: String
        /// The LSTM's sizes (see `RNNDrumModel.shape(hiddenSize:layers:)`).
        public var shape: LSTMShape
        /// A human-readable description of the output classes (the `DrumHits` ids 0-511).
        public var encoding = "one step set per 16th-note step: class id = sum of 2^k over the drums k struck (kick 0, snare 1, closed hi-hat 2, open hi-hat 3, low tom 4, mid tom 5, high tom 6, crash 7, ride 8), 512 classes"
        /// A human-readable description of the input features (`DrumRNNFeatures.summary`).
        public var features = DrumRNNFeatures.summary
        /// Velocity and timing statistics learned from the training grooves.
        public var performance: DrumPerformance
        /// How the model was trained, nil if not recorded.
        public var training: DrumRNNTrainingRecord?

        public init(weights: String, shape: LSTMShape, performance: DrumPerformance, training: DrumRNNTrainingRecord?) {
            self.weights = weights
            self.shape = shape
            self.performance = performance
            self.training = training
        }
    }

    /// The trained LSTM (inputs `DrumRNNFeatures`, 512-way softmax output).
    public let network: LSTMNetwork
    /// The JSON config saved with the weights.
    public var config: Config
    public var performance: DrumPerformance { config.performance }
    public var label: String { "rnn \(network.shape.layers)x\(network.shape.hiddenSize)" }
    /// 0.8: in the primer test its continuations' syncopation is the drummers' (1.76 against
    /// 1.79; T 1: 2.50, T 0.7: 1.58), with more onset agreement (84.8% against 81.0% at T 1).
    public var defaultTemperature: Double { 0.8 }
    public var trainingData: DrumTrainingSummary? {
        config.training.map { DrumTrainingSummary(corpus: $0.corpus, split: $0.split, stepSetCounts: $0.stepSetCounts) }
    }

    /// A model of a trained network and its config (not checked against each other).
    public init(network: LSTMNetwork, config: Config) {
        self.network = network
        self.config = config
    }

    /// The network's shape for `hiddenSize` units and `layers` layers.
    public static func shape(hiddenSize: Int, layers: Int) -> LSTMShape {
        LSTMShape(inputSize: DrumRNNFeatures.inputSize, hiddenSize: hiddenSize, layers: layers, outputSize: DrumHits.vocabularySize)
    }

    /// Training pieces are at most this many steps (32 bars of 4/4).
    public static let pieceSteps = 512

    /// The training sequences of grooves: each groove's features (`DrumRNNFeatures`, computed on
    /// the whole groove, so lookbacks reach across cuts) cut into pieces of at most `pieceSteps`
    /// steps at bar lines. The GMD grooves run from a bar to 23 minutes (9,000+ steps); laid out
    /// whole in minibatch rows, the longest would leave the last half of an epoch's minibatches
    /// with one or two rows, whose noisy updates undo the epoch (validation NLL went up, measured).
    public static func trainingSequences(_ grooves: [DrumGroove]) -> [LSTMSequence] {
        grooves.flatMap { g -> [LSTMSequence] in
            let whole = DrumRNNFeatures.sequence(of: g)
            let piece = max(g.meter.stepsPerBar, pieceSteps / g.meter.stepsPerBar * g.meter.stepsPerBar)
            return stride(from: 0, to: whole.targets.count, by: piece).map { a in
                let b = min(a + piece, whole.targets.count)
                return LSTMSequence(features: Array(whole.features[a..<b]), targets: Array(whole.targets[a..<b]))
            }
        }
    }

    /// A trainer (`RNNTrainer`) for this model's inputs and outputs: training grooves cut into
    /// pieces (`trainingSequences`), validation grooves whole.
    public static func trainer(options: RNNTrainingOptions, training: [DrumGroove], validation: [DrumGroove]) -> RNNTrainer {
        RNNTrainer(options: options, inputSize: DrumRNNFeatures.inputSize, outputSize: DrumHits.vocabularySize,
                   training: trainingSequences(training), validation: validation.map(DrumRNNFeatures.sequence))
    }

    /// A drum-RNN trainer resumed from a checkpoint (its options win over any given).
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for a file that is not an RNN
    ///   training checkpoint, or whose tensors or Adam moments do not fit this network.
    public static func resume(from url: URL, training: [DrumGroove], validation: [DrumGroove]) throws -> RNNTrainer {
        try RNNTrainer.resume(from: url, inputSize: DrumRNNFeatures.inputSize, outputSize: DrumHits.vocabularySize,
                              training: trainingSequences(training), validation: validation.map(DrumRNNFeatures.sequence))
    }

    struct Predictor: DrumStepPredictor {
        let network: LSTMNetwork
        let bar: Int
        var state: LSTMState
        var fed = 0
        mutating func next(_ history: [Int]) -> [Double] {
            var probs: [Float] = []
            while fed <= history.count {
                probs = network.step(features: [DrumRNNFeatures.features(history: history, t: fed, stepsPerBar: bar)], state: &state)
                fed += 1
            }
            return probs.map(Double.init)
        }
    }

    public func predictor(meter: Meter) -> any DrumStepPredictor {
        Predictor(network: network, bar: meter.stepsPerBar, state: LSTMState(shape: network.shape, batch: 1))
    }

    public func score(_ grooves: [DrumGroove]) -> NLLReport {
        LSTMSequence.score(network, grooves.map(DrumRNNFeatures.sequence))
    }

    // MARK: Files

    /// Writes the JSON config to `url` and the weights to `<name>.safetensors` beside it, each
    /// atomically, weights first.
    public func save(to url: URL) throws {
        config.weights = ModelFiles.weightsName(for: url)
        try ModelFiles.write(config, weights: network.namedTensors(), named: config.weights, to: url)
    }

    /// Reads a model written by `save(to:)`.
    /// - Throws: `FileIOError` when a file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON, other sizes or missing / misshapen tensors.
    public static func load(from url: URL) throws -> RNNDrumModel {
        let config = try ModelFiles.read(Config.self, from: url)
        let network = try LSTMNetwork.loadSaved(shape: config.shape, inputSize: DrumRNNFeatures.inputSize, outputSize: DrumHits.vocabularySize,
                                                weights: config.weights, besides: url)
        return RNNDrumModel(network: network, config: config)
    }
}
