/// A model the generic `Trainer` can train: a flat `Float` parameter vector that Adam updates, a
/// training pass over one minibatch that adds the gradient of its mean loss, a validation score,
/// and named tensors for checkpoints.
///
/// `LSTMNetwork` conforms (over `LSTMSequence`s, with `RNNTrainingOptions`); a model made of
/// ModelKit layers keeps their weights in one vector and slices it per layer.
public protocol TrainableModel {
    /// The training options the model's passes read (dropout, say), with the trainer's own.
    associatedtype Options: TrainingOptions
    /// One minibatch of training data (`MinibatchSource.Batch`).
    associatedtype Batch
    /// One example of validation data.
    associatedtype Example
    /// What one training pass leaves for the next in the same epoch (an RNN's state carried
    /// across the chunks of its sequences); `Void` for models that carry nothing.
    associatedtype PassState = Void

    /// The `format` metadata of this model's training checkpoints (checked when resuming).
    static var checkpointFormat: String { get }

    /// All trainable parameters, flat. Its count never changes.
    var parameters: [Float] { get set }

    /// The parameters as named tensors, for checkpoints (the names `adam.m`, `adam.v` and
    /// `best.parameters` are the trainer's). By default one tensor, `parameters`.
    func namedTensors() -> [String: Safetensors.Tensor]

    /// Copies the tensors of `namedTensors` back into the parameters.
    /// - Throws: `ModelFileError` naming `file` for a missing or misshapen tensor.
    mutating func load(_ tensors: [String: Safetensors.Tensor], file: String) throws(ModelFileError)

    /// The state the first pass of an epoch starts from, given the epoch's minibatches.
    func passState(for batches: [Batch]) -> PassState

    /// Forward and backward over `batch`: adds the gradient of the mean loss over the counted
    /// items to `gradient` (one value per parameter; the trainer zeroes it before each pass) and
    /// returns the summed loss. Random draws (dropout, noise) come from `rng`; `step` says where
    /// training is. A pass that counts nothing (`count == 0`) leaves the parameters unchanged (no
    /// Adam step).
    func trainingPass(_ batch: Batch, at step: TrainingStep, state: inout PassState, options: Options,
                      rng: inout SeededGenerator, gradient: inout [Float]) -> LossTotals

    /// The validation loss over `examples` (no dropout or other randomness), summed, with the
    /// count and the correct predictions; zero totals for no examples (the trainer asks even
    /// when it has no validation examples).
    func score(_ examples: [Example]) -> LossTotals
}

extension TrainableModel where PassState == Void {
    /// Models that carry no state across an epoch's minibatches need none.
    public func passState(for batches: [Batch]) {}
}

extension TrainableModel {
    /// By default the whole parameter vector as one tensor, `parameters`, of shape `[count]`.
    public func namedTensors() -> [String: Safetensors.Tensor] {
        ["parameters": Safetensors.Tensor(shape: [parameters.count], values: parameters)]
    }

    /// By default reads the tensor `parameters` written by `namedTensors()`.
    /// - Throws: `ModelFileError` naming `file`: `.missingTensor` or `.shapeMismatch`.
    public mutating func load(_ tensors: [String: Safetensors.Tensor], file: String) throws(ModelFileError) {
        guard let t = tensors["parameters"] else { throw ModelFileError(file: file, .missingTensor("parameters")) }
        guard t.shape == [parameters.count] else {
            throw ModelFileError(file: file, .shapeMismatch(what: "tensor parameters", found: t.shape, expected: [parameters.count]))
        }
        parameters = t.values
    }
}
