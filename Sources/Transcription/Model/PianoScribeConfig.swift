import AudioAnalysis
import ModelKit

/// The JSON config of a Piano Scribe model file (`piano-scribe.json`): the weights file it names
/// (beside it), the network's sizes, the log-mel settings it was trained on, the input
/// normalisation, and how it was trained.
package struct PianoScribeConfig: ModelConfig, Sendable, Hashable {
    package static let formatName = "LittleMozart Piano Scribe model"
    package static let currentVersion = 1
    package var format = Self.formatName
    package var version = Self.currentVersion
    /// The safetensors file beside the config (one tensor per layer, `PianoScribeShape.layout`).
    package var weights: String
    package var shape: PianoScribeShape
    package var logMel: LogMelSettings
    package var inputMean: Float
    package var inputScale: Float
    /// What the weights learned from and how long it took (nil for an untrained model).
    package var training: PianoScribeTrainingRecord?

    package init(weights: String, shape: PianoScribeShape, logMel: LogMelSettings, inputMean: Float, inputScale: Float,
                 training: PianoScribeTrainingRecord?) {
        self.weights = weights
        self.shape = shape
        self.logMel = logMel
        self.inputMean = inputMean
        self.inputScale = inputScale
        self.training = training
    }
}
