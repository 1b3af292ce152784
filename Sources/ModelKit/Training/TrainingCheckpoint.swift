import Foundation

/// A training checkpoint as read from its file: the trainer's options and progress, the model's
/// named tensors, Adam's moments and the best epoch's parameters (`Trainer.saveCheckpoint`).
///
/// The file is safetensors: the model's tensors (`TrainableModel.namedTensors`), `adam.m` and
/// `adam.v` (one value per parameter), `best.parameters` once an epoch is done; metadata
/// `format` (`TrainableModel.checkpointFormat`) and `state` (the JSON of `TrainerState`).
public struct TrainingCheckpoint<Options: TrainingOptions> {
    /// The options the checkpointed run used; build the model and the data for `Trainer.restore`
    /// from them. Set them to change what the resumed run uses from then on.
    public var options: Options {
        get { state.options }
        set { state.options = newValue }
    }
    /// Completed epochs.
    public var epoch: Int { state.epoch }
    /// The file it was read from (named in errors).
    public let file: String

    var tensors: [String: Safetensors.Tensor]
    var state: TrainerState<Options>

    /// Reads a checkpoint whose `format` metadata is `format`.
    /// - Throws: `FileIOError` when the file cannot be read; `ModelFileError` (naming the file):
    ///   `.malformed` for a file that is not float32 safetensors, `.wrongFormat` for another
    ///   format or a missing or unreadable trainer state.
    public static func read(from url: URL, format: String) throws -> TrainingCheckpoint {
        let (tensors, metadata) = try Safetensors.read(from: url)
        let found = metadata["format"]
        guard found == nil || found == format, let json = metadata["state"],
              let state = try? JSONDecoder().decode(TrainerState<Options>.self, from: Foundation.Data(json.utf8)) else {
            throw ModelFileError(file: url.path, .wrongFormat(found: found ?? "safetensors without a trainer state", expected: format))
        }
        return TrainingCheckpoint(file: url.path, tensors: tensors, state: state)
    }
}

/// The trainer's progress as saved in a checkpoint's `state` metadata (JSON). The keys are those
/// of the LSTM trainer's checkpoints (`bestNatsPerStep` for the best validation loss).
struct TrainerState<Options: TrainingOptions>: Codable {
    var options: Options
    var epoch: Int
    var updates: Int
    var history: [EpochRecord]
    var seconds: Double
    var bestValidationLoss: Double?
    var bestAccuracy: Double?
    var bestEpoch: Int?
    var bestSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case options, epoch, updates, history, seconds
        case bestValidationLoss = "bestNatsPerStep"
        case bestAccuracy, bestEpoch, bestSeconds
    }
}
