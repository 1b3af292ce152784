import FileIO
import ModelKit
import Representations
import Foundation
import Music

/// What an RNN model was trained on and how well it did (recorded in its JSON config).
public struct RNNTrainingRecord: Hashable, Sendable, Codable {
    /// Corpus label (folder name) and counts.
    public var corpus: String
    public var files: Int
    /// Tunes trained on (after holding out the test and validation tunes).
    public var trainingTunes: Int
    public var trainingSteps: Int
    /// The test split held out of the corpus (`MelodyCorpus.split(.heldOut(fraction:seed:))`), never
    /// trained on; `compose evaluate melody --held-out` scores these tunes.
    public var heldOutFraction: Double
    public var splitSeed: UInt64
    /// The validation tunes (split off the training part, seed `validationSeed`), used to keep the
    /// best epoch.
    public var validationFraction: Double
    public var validationSeed: UInt64
    public var validationTunes: Int
    public var options: RNNTrainingOptions
    /// Epochs run, and the epoch whose weights were kept (lowest validation NLL).
    public var epochs: Int
    public var bestEpoch: Int
    /// Adam updates run.
    public var updates: Int
    /// Training wall time (seconds) to the end of the best epoch and in all.
    public var secondsToBest: Double
    public var seconds: Double
    /// Validation nats per step and accuracy of the kept weights.
    public var validationNatsPerStep: Double
    public var validationAccuracy: Double
    /// The per-epoch history.
    public var history: [RNNEpochRecord]

    public init(corpus: String, files: Int, trainingTunes: Int, trainingSteps: Int, heldOutFraction: Double, splitSeed: UInt64,
                validationFraction: Double, validationSeed: UInt64, validationTunes: Int, options: RNNTrainingOptions, epochs: Int,
                bestEpoch: Int, updates: Int, secondsToBest: Double, seconds: Double, validationNatsPerStep: Double,
                validationAccuracy: Double, history: [RNNEpochRecord]) {
        self.corpus = corpus; self.files = files; self.trainingTunes = trainingTunes; self.trainingSteps = trainingSteps
        self.heldOutFraction = heldOutFraction; self.splitSeed = splitSeed; self.validationFraction = validationFraction
        self.validationSeed = validationSeed; self.validationTunes = validationTunes; self.options = options; self.epochs = epochs
        self.bestEpoch = bestEpoch; self.updates = updates; self.secondsToBest = secondsToBest; self.seconds = seconds
        self.validationNatsPerStep = validationNatsPerStep; self.validationAccuracy = validationAccuracy; self.history = history
    }
}

/// The JSON config of a saved RNN melody model; the weights are in a safetensors file beside it.
public struct RNNModelConfig: Hashable, Sendable, Codable {
    public static let formatName = "LittleMozart RNN melody model"
    public var format = RNNModelConfig.formatName
    public var version = 1
    /// The safetensors file name, relative to the config's folder.
    public var weights: String
    public var shape: LSTMShape
    public var encoding = "one event per 16th-note step: 0 no-event, 1 note-off, 2+k note-on of offset k-12 semitones from MIDI 60 + key tonic (offsets -12...24, folded by octaves)"
    public var features = RNNFeatures.summary
    public var gates = "x Wx + h Wh + b, gates i, f, g, o; c = sig(f) c + sig(i) tanh(g); h = sig(o) tanh(c); logits = h W + b"
    public var training: RNNTrainingRecord?
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
        let r = LSTMSequence.score(network, tunes.map(Sequence.init))
        return NLLReport(sequences: tunes.count, steps: r.count, totalNats: r.nats, correct: r.correct)
    }

    /// Natural-log probability of the tune's step events (`StepEventEncoding.events(of:)`, one per
    /// step, no end event; so not comparable with `MarkovMelodyModel.logProbability(of:)`, which
    /// also pays for the last note's length and `end`: compare with `score(_:)`).
    public func logProbability(of tune: EncodedTune) -> Double {
        -LSTMSequence.score(network, [Sequence(tune)]).nats
    }

    // MARK: Files

    /// Writes the JSON config to `url` and the weights to the safetensors file beside it
    /// (`<name>.safetensors` for `<name>.json`), each atomically, weights first.
    public func save(to url: URL) throws {
        let weightsName = url.deletingPathExtension().lastPathComponent + ".safetensors"
        config.weights = weightsName
        let configJSON = try RNNMelodyModel.encoder.encode(config)
        try Safetensors.write(network.namedTensors(), metadata: ["format": RNNModelConfig.formatName, "config": String(decoding: configJSON, as: UTF8.self)],
                              to: url.deletingLastPathComponent().appendingPathComponent(weightsName))
        var data = configJSON
        data.append(0x0A)
        try AtomicFile.write([UInt8](data), to: url.path)
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Whether a JSON file is an RNN model config (by its `format`).
    public static func isRNNConfig(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["format"] as? String == RNNModelConfig.formatName
    }

    /// Reads a model written by `save(to:)`.
    public static func load(from url: URL) throws -> RNNMelodyModel {
        let config = try JSONDecoder().decode(RNNModelConfig.self, from: Data(contentsOf: url))
        let network = try LSTMNetwork.loadSaved(format: config.format, expectedFormat: RNNModelConfig.formatName, version: config.version,
                                                shape: config.shape, inputSize: RNNFeatures.inputSize, outputSize: StepEvent.classCount,
                                                weights: config.weights, besides: url)
        return RNNMelodyModel(network: network, config: config)
    }
}
