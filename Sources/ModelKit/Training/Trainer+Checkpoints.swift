import Foundation

extension Trainer {
    /// Writes a checkpoint (see `TrainingCheckpoint`) atomically and durably (`Safetensors.write`).
    /// - Throws: `FileIOError` naming the path.
    public func saveCheckpoint(to url: URL) throws {
        var tensors = model.namedTensors()
        tensors["adam.m"] = Safetensors.Tensor(shape: [adam.m.count], values: adam.m)
        tensors["adam.v"] = Safetensors.Tensor(shape: [adam.v.count], values: adam.v)
        if let best { tensors["best.parameters"] = Safetensors.Tensor(shape: [best.parameters.count], values: best.parameters) }
        let state = TrainerState(options: options, epoch: epoch, updates: updates, history: history, seconds: seconds,
                                 bestValidationLoss: best?.validationLoss, bestAccuracy: best?.validationAccuracy,
                                 bestEpoch: best?.epoch, bestSeconds: best?.seconds)
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try Safetensors.write(tensors, metadata: ["format": Model.checkpointFormat, "state": json], to: url)
    }

    /// Continues from `checkpoint`: the model's parameters, Adam's moments and step count, the
    /// epoch, history, time and best epoch become the checkpoint's, and so do the options. Build
    /// the trainer's model and data from `checkpoint.options` first. On an error the trainer is
    /// left partly restored: discard it.
    /// - Throws: `ModelFileError` naming the checkpoint's file: a model tensor missing or
    ///   misshapen, or Adam moments or best parameters of another count than the parameters.
    public func restore(from checkpoint: TrainingCheckpoint<Model.Options>) throws(ModelFileError) {
        let tensors = checkpoint.tensors, state = checkpoint.state
        try model.load(tensors, file: checkpoint.file)
        let n = model.parameters.count
        guard let m = tensors["adam.m"], let v = tensors["adam.v"], m.values.count == n, v.values.count == n else {
            throw ModelFileError(file: checkpoint.file, .shapeMismatch(what: "Adam moments", found: [tensors["adam.m"]?.values.count ?? 0], expected: [n]))
        }
        if let p = tensors["best.parameters"], p.values.count != n {
            throw ModelFileError(file: checkpoint.file, .shapeMismatch(what: "best parameters", found: [p.values.count], expected: [n]))
        }
        options = state.options
        adam.beta1 = options.beta1
        adam.beta2 = options.beta2
        adam.epsilon = options.epsilon
        adam.m = m.values
        adam.v = v.values
        adam.updates = state.updates
        epoch = state.epoch
        history = state.history
        seconds = state.seconds
        best = nil
        if let p = tensors["best.parameters"], let loss = state.bestValidationLoss {
            best = BestEpoch(validationLoss: loss, validationAccuracy: state.bestAccuracy ?? 0, epoch: state.bestEpoch ?? state.epoch,
                             parameters: p.values, seconds: state.bestSeconds ?? state.seconds)
        }
    }
}
