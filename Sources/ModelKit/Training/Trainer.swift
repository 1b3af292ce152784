import Foundation

/// Trains any `TrainableModel` on a `MinibatchSource`, one epoch at a time: Adam with global-norm
/// clipping (`clipGlobalNorm`, then `Adam.step`) after each minibatch, the learning rate decayed
/// per epoch (`TrainingOptions.learningRate(epoch:)`), validation after each epoch, the best
/// epoch kept (weights, figures, time), checkpoints and resume (`Trainer+Checkpoints.swift`).
///
/// Deterministic for given options and data (and, for BLAS-backed models, a given OpenBLAS thread
/// count): epoch `e` (0-based) seeds a `SeededGenerator` with `seed &+ 0x9E3779B9 &* (e + 1)`,
/// draws its minibatches with it, then hands it on to the training passes. A run resumed from a
/// checkpoint gives the same parameters as one that never stopped.
///
/// `RNNTrainer` is the instance for `LSTMNetwork` over `LSTMSequence`s.
public final class Trainer<Model: TrainableModel, Source: MinibatchSource>: @unchecked Sendable where Source.Batch == Model.Batch {
    /// The options (the checkpoint's, once resumed).
    public internal(set) var options: Model.Options
    /// The model being trained (its current parameters).
    public internal(set) var model: Model
    /// The optimizer's moments and step count.
    var adam: Adam
    /// Completed epochs.
    public internal(set) var epoch = 0
    /// Adam steps taken so far.
    public var updates: Int { adam.updates }
    /// One record per completed epoch, in order.
    public internal(set) var history: [EpochRecord] = []
    /// Seconds of training so far (over resumes; epochs stopped early included).
    public internal(set) var seconds = 0.0
    /// The epoch with the lowest validation loss so far (nil before the first epoch).
    public internal(set) var best: BestEpoch?

    /// The training data.
    public let training: Source
    /// The validation examples (none: every epoch counts as the best so far).
    public let validation: [Model.Example]

    /// A trainer of `model` from its current parameters, with zero Adam moments.
    public init(model: Model, options: Model.Options, training: Source, validation: [Model.Example]) {
        self.options = options
        self.model = model
        adam = Adam(parameterCount: model.parameters.count, beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon)
        self.training = training
        self.validation = validation
    }

    /// The parameters of the best epoch so far (the current ones before the first epoch).
    public var bestParameters: [Float] { best?.parameters ?? model.parameters }

    /// Runs one epoch. `progress(done, total, trainingLoss, itemsPerSecond)` after each minibatch
    /// that counted something; when `shouldStop()` (asked before each minibatch) turns true the
    /// epoch stops early and nil is returned: the parameters keep the updates made, `epoch` is
    /// not advanced, and running the epoch again starts it over.
    /// - Returns: the epoch's record (also appended to `history`), or nil when stopped.
    public func runEpoch(progress: (Int, Int, Double, Double) -> Void = { _, _, _, _ in },
                         shouldStop: () -> Bool = { false }) -> EpochRecord? {
        let started = Date()
        var rng = SeededGenerator(seed: options.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
        let batches = training.minibatches(rng: &rng)
        var state = model.passState(for: batches)
        var gradient = [Float](repeating: 0, count: model.parameters.count)
        var loss = 0.0, count = 0
        let learningRate = options.learningRate(epoch: epoch)
        for (i, batch) in batches.enumerated() {
            if shouldStop() { seconds += Date().timeIntervalSince(started); return nil }
            for k in gradient.indices { gradient[k] = 0 }
            let r = model.trainingPass(batch, at: TrainingStep(epoch: epoch, update: adam.updates), state: &state, options: options,
                                        rng: &rng, gradient: &gradient)
            guard r.count > 0 else { continue }
            loss += r.total; count += r.count
            step(&gradient, learningRate: learningRate)
            let elapsed = Date().timeIntervalSince(started)
            progress(i + 1, batches.count, loss / Double(max(count, 1)), Double(count) / max(elapsed, 1e-9))
        }
        let scored = model.score(validation)
        let elapsed = Date().timeIntervalSince(started)
        seconds += elapsed
        epoch += 1
        let record = EpochRecord(epoch: epoch, trainingLoss: loss / Double(max(count, 1)),
                                 validationLoss: scored.mean, validationAccuracy: scored.accuracy,
                                 seconds: elapsed, itemsPerSecond: Double(count) / max(elapsed, 1e-9))
        history.append(record)
        if validation.isEmpty || best == nil || record.validationLoss < best!.validationLoss {
            best = BestEpoch(validationLoss: record.validationLoss, validationAccuracy: record.validationAccuracy,
                             epoch: epoch, parameters: model.parameters, seconds: seconds)
        }
        return record
    }

    /// Clips the gradient's global norm (`clipGlobalNorm`), then one `Adam` step.
    func step(_ gradient: inout [Float], learningRate: Double) {
        clipGlobalNorm(&gradient, maxNorm: options.clipNorm)
        adam.step(&model.parameters, gradient: gradient, learningRate: learningRate)
    }
}
