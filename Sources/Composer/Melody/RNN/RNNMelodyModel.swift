import FileIO
import ModelKit
import Representations
import Foundation
import Music

/// What an RNN melody model was trained on: the corpus and its splits (recorded in its JSON
/// config, in the same object as the trainer's facts of `RNNTrainingRecord`).
public struct MelodyTrainingData: Hashable, Sendable, Codable {
    /// Corpus label (folder name) and its number of MIDI files.
    public var corpus: String
    public var files: Int
    /// Tunes trained on (after holding out the test and validation tunes).
    public var trainingTunes: Int
    /// The test split held out of the corpus (`MelodyCorpus.split(.heldOut(fraction:seed:))`), never
    /// trained on; `compose evaluate melody --held-out` scores these tunes.
    public var heldOutFraction: Double
    public var splitSeed: UInt64
    /// The validation tunes (split off the training part), used to keep the best epoch.
    public var validationTunes: Int

    public init(corpus: String, files: Int, trainingTunes: Int, heldOutFraction: Double, splitSeed: UInt64, validationTunes: Int) {
        self.corpus = corpus; self.files = files; self.trainingTunes = trainingTunes
        self.heldOutFraction = heldOutFraction; self.splitSeed = splitSeed; self.validationTunes = validationTunes
    }
}

/// What an RNN melody model was trained on and how well it did.
public typealias MelodyRNNTrainingRecord = RNNTrainingRecord<MelodyTrainingData>

/// The JSON config of a saved RNN melody model; the weights are in a safetensors file beside it.
public struct RNNModelConfig: ModelConfig, Hashable, Sendable {
    public static let formatName = "LittleMozart RNN melody model"
    public static let currentVersion = 1
    public var format = RNNModelConfig.formatName
    public var version = RNNModelConfig.currentVersion
    /// The safetensors file name, relative to the config's folder.
    public var weights: String
    public var shape: LSTMShape
    public var encoding = "one event per 16th-note step: 0 no-event, 1 note-off, 2+k note-on of offset k-12 semitones from MIDI 60 + key tonic (offsets -12...24, folded by octaves)"
    public var features = RNNFeatures.summary
    public var gates = "x Wx + h Wh + b, gates i, f, g, o; c = sig(f) c + sig(i) tanh(g); h = sig(o) tanh(c); logits = h W + b"
    public var training: MelodyRNNTrainingRecord?
}

/// The LSTM melody model: predicts the next per-step event (`StepEvent`) from the inputs
/// described in `RNNFeatures`, with a stacked LSTM (`LSTMNetwork`).
public final class RNNMelodyModel: SequenceScorer, @unchecked Sendable {
    public let network: LSTMNetwork
    public var config: RNNModelConfig

    public init(network: LSTMNetwork, config: RNNModelConfig) {
        self.network = network
        self.config = config
    }

    /// A fresh model with weights from `seed`.
    public convenience init(hiddenSize: Int = 128, layers: Int = 2, seed: UInt64 = 1) {
        let shape = LSTMShape(inputSize: RNNFeatures.inputSize, hiddenSize: hiddenSize, layers: layers, outputSize: StepEvent.classCount)
        self.init(network: LSTMNetwork(shape: shape, seed: seed), config: RNNModelConfig(weights: "", shape: shape))
    }

    /// A tune's inputs and targets.
    typealias Sequence = LSTMSequence

    /// Scores every 16th-note step event of `tunes` (`StepEventEncoding`, one step per event).
    public func score(_ tunes: [EncodedTune]) -> NLLReport {
        LSTMSequence.score(network, tunes.map(Sequence.init))
    }

    /// Natural-log probability of the tune's step events (`StepEventEncoding.events(of:)`, one per
    /// step, no end event; so not comparable with `MarkovMelodyModel.logProbability(of:)`, which
    /// also pays for the last note's length and `end`: compare with `score(_:)`).
    public func logProbability(of tune: EncodedTune) -> Double {
        -LSTMSequence.score(network, [Sequence(tune)]).totalNats
    }

    // MARK: Files

    /// Writes the JSON config to `url` and the weights to the safetensors file beside it
    /// (`<name>.safetensors` for `<name>.json`), each atomically, weights first.
    public func save(to url: URL) throws {
        config.weights = ModelFiles.weightsName(for: url)
        try ModelFiles.write(config, weights: network.namedTensors(), named: config.weights, embedConfig: true, to: url)
    }

    /// Whether a JSON file is an RNN model config (by its `format`).
    public static func isRNNConfig(_ url: URL) -> Bool { ModelFiles.isConfig(RNNModelConfig.self, at: url) }

    /// Reads a model written by `save(to:)`.
    /// - Throws: `FileIOError` when a file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON, other sizes or missing / misshapen tensors.
    public static func load(from url: URL) throws -> RNNMelodyModel {
        let config = try ModelFiles.read(RNNModelConfig.self, from: url)
        let network = try LSTMNetwork.loadSaved(shape: config.shape, inputSize: RNNFeatures.inputSize, outputSize: StepEvent.classCount,
                                                weights: config.weights, besides: url)
        return RNNMelodyModel(network: network, config: config)
    }
}
