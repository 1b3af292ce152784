import FileIO
import Foundation
import ModelKit
import Representations

/// The JSON config of a saved loops model; the weights are in a safetensors file beside it.
public struct LoopsModelConfig: ModelConfig, Hashable, Sendable {
    public static let formatName = "LittleMozart loops model"
    public static let currentVersion = 1
    public var format = LoopsModelConfig.formatName
    public var version = LoopsModelConfig.currentVersion
    /// The safetensors file name, relative to the config's folder.
    public var weights: String
    public var kind: LoopKind
    public var shape: SequenceVAEShape
    public var design = "MusicVAE (Roberts et al. 2018) 2-bar model: BiLSTM encoder -> mean and softplus scale of z; decoder LSTM from tanh(Dense(z)), z appended to every input; loss = reconstruction + beta * max(KL - free bits, 0), the free bits per loop or, with training.options.freeBitsScope \"dimension\", shared out over the latent dimensions (sum over k of max(KL_k - free bits / z size, 0))"
    public var encoding: String
    public var training: LoopsTrainingRecord?

    public init(weights: String, kind: LoopKind, shape: SequenceVAEShape, training: LoopsTrainingRecord? = nil) {
        self.weights = weights
        self.kind = kind
        self.shape = shape
        self.training = training
        encoding = kind == .melody
            ? "one event per 16th-note step, 2 bars: 0 no-event, 1 note-off, 2+k note-on of offset k-12 semitones from MIDI 60 + key tonic (offsets -12...24)"
            : "one drum step set per 16th-note step, 2 bars: bit i set when drum class i sounds (kick, snare, closed hi-hat, open hi-hat, low, mid, high tom, crash, ride)"
    }
}

/// A latent-loops model: a `SequenceVAE` over 2-bar loops of one `LoopKind`, with its config.
public final class LoopsModel: @unchecked Sendable {
    /// The network.
    public let vae: SequenceVAE
    /// The JSON config (kind, shape, training record).
    public var config: LoopsModelConfig

    public init(vae: SequenceVAE, config: LoopsModelConfig) {
        precondition(vae.shape == config.shape, "LoopsModel: the config's shape is not the model's")
        self.vae = vae
        self.config = config
    }

    /// Melody or drums.
    public var kind: LoopKind { config.kind }

    /// Writes the JSON config to `url` and the weights to the safetensors file beside it
    /// (`<name>.safetensors` for `<name>.json`), each atomically, weights first.
    /// - Throws: `FileIOError` naming the path; `EncodingError` for a value JSON cannot hold.
    public func save(to url: URL) throws {
        config.weights = ModelFiles.weightsName(for: url)
        try ModelFiles.write(config, weights: vae.namedTensors(), named: config.weights, to: url)
    }

    /// Reads a model written by `save(to:)`.
    /// - Throws: `FileIOError` when a file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON, a shape that does not fit its kind, or missing /
    ///   misshapen tensors.
    public static func load(from url: URL) throws -> LoopsModel {
        let config = try ModelFiles.read(LoopsModelConfig.self, from: url)
        guard config.shape.classes == config.kind.classes, config.shape.features == config.kind.features else {
            throw ModelFileError(file: url.path, .shapeMismatch(what: "\(config.kind.rawValue) classes", found: [config.shape.classes],
                                                                expected: [config.kind.classes]))
        }
        let weightsURL = url.deletingLastPathComponent().appendingPathComponent(config.weights)
        let (tensors, _) = try Safetensors.read(from: weightsURL)
        var vae = SequenceVAE(shape: config.shape, seed: 0)
        try vae.load(tensors, file: weightsURL.path)
        return LoopsModel(vae: vae, config: config)
    }
}
