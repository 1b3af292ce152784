import AudioAnalysis
import Foundation
import ModelKit

/// Piano Scribe's acoustic model, as shipped: log-mel frames in, `PianoActivations` out.
///
/// Feed it chunks of frames made by `LogMelAnalyzer` with `logMel` (the settings it was trained
/// on); each chunk needs `contextFrames` extra frames on either side of the frames it labels. At the
/// start and end of a recording, pad with silent frames (`logMel.powerFloor` in dB, -100 by default).
/// One model may serve several threads at once (it holds no state between calls).
package final class PianoScribeModel: Sendable {
    /// The config file's name in the model folder (`TranscriptionEvaluation.modelFileName`).
    package static let fileName = "piano-scribe.json"

    package let network: PianoScribeNetwork
    package let config: PianoScribeConfig

    package init(network: PianoScribeNetwork, logMel: LogMelSettings = LogMelSettings(), training: PianoScribeTrainingRecord? = nil) {
        self.network = network
        self.config = PianoScribeConfig(weights: "", shape: network.shape, logMel: logMel, inputMean: network.inputMean,
                                        inputScale: network.inputScale, training: training)
    }

    /// The log-mel settings the model was trained on.
    package var logMel: LogMelSettings { config.logMel }
    /// Frames needed on each side of a chunk's labelled frames (3).
    package var contextFrames: Int { network.shape.contextFrames }
    /// The value of a silent frame's mel bins (dB), for padding.
    package var silenceDB: Float { 10 * log10f(logMel.powerFloor) }

    /// The activations of the `count - 2 contextFrames` inner frames of a chunk.
    /// - Parameters:
    ///   - frames: `count x logMel.melBins` log-mel values in dB, row-major.
    ///   - count: frames in the chunk, more than `2 contextFrames`.
    package func activations(frames: [Float], count: Int) -> PianoActivations {
        network.activations(frames: frames, count: count)
    }

    /// The model in the config file at `url` and the weights file it names beside it.
    /// - Throws: `FileIOError` when a file cannot be read; `ModelFileError` naming the file for
    ///   another format or version, a malformed file, or a tensor missing or of the wrong shape.
    package static func load(from url: URL) throws -> PianoScribeModel {
        let config = try ModelFiles.read(PianoScribeConfig.self, from: url)
        guard config.logMel.melBins == config.shape.melBins else {
            throw ModelFileError(file: url.path, .shapeMismatch(what: "mel bins", found: [config.logMel.melBins], expected: [config.shape.melBins]))
        }
        let weightsURL = url.deletingLastPathComponent().appendingPathComponent(config.weights)
        let (tensors, _) = try Safetensors.read(from: weightsURL)
        var parameters: [Float] = []
        parameters.reserveCapacity(config.shape.parameterCount)
        for (name, shape) in config.shape.layout {
            guard let t = tensors[name] else { throw ModelFileError(file: weightsURL.path, .missingTensor(name)) }
            guard t.shape == shape else { throw ModelFileError(file: weightsURL.path, .shapeMismatch(what: "tensor \(name)", found: t.shape, expected: shape)) }
            parameters += t.values
        }
        let network = PianoScribeNetwork(shape: config.shape, parameters: parameters, inputMean: config.inputMean, inputScale: config.inputScale)
        return PianoScribeModel(network: network, logMel: config.logMel, training: config.training)
    }

    /// Writes the model: the weights (`<name>.safetensors`, one tensor per layer) beside `url`, then
    /// the config, each atomically.
    /// - Throws: `FileIOError` naming the path; `EncodingError` for a value JSON cannot hold.
    package func save(to url: URL) throws {
        var config = self.config
        config.weights = ModelFiles.weightsName(for: url)
        try ModelFiles.write(config, weights: network.namedTensors(), named: config.weights, to: url)
    }
}

extension PianoScribeNetwork {
    /// One tensor per layer, named and shaped as `shape.layout`, and the input normalisation
    /// (`input.mean`, `input.scale`, one value each).
    package func namedTensors() -> [String: Safetensors.Tensor] {
        var out: [String: Safetensors.Tensor] = [:]
        var at = 0
        for (name, shape) in shape.layout {
            let n = shape.reduce(1, *)
            out[name] = Safetensors.Tensor(shape: shape, values: Array(parameters[at..<(at + n)]))
            at += n
        }
        out["input.mean"] = Safetensors.Tensor(shape: [1], values: [inputMean])
        out["input.scale"] = Safetensors.Tensor(shape: [1], values: [inputScale])
        return out
    }
}
