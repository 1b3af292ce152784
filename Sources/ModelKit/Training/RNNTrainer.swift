import Foundation

/// Trains an `LSTMNetwork` (the melody or the drum RNN) with Adam on minibatches of sequences
/// (`LSTMSequence.batches`),
/// one epoch at a time, with checkpoints.
///
/// Deterministic for a given seed and OpenBLAS thread count: the weights come from the seed, each
/// epoch's tune order and dropout masks from `seed` and the epoch number.
public final class RNNTrainer: @unchecked Sendable {
    public let options: RNNTrainingOptions
    public let network: LSTMNetwork
    /// The optimizer's moments and step count.
    var adam: Adam
    /// Completed epochs.
    public private(set) var epoch = 0
    /// Adam steps taken so far.
    public var updates: Int { adam.updates }
    public private(set) var history: [RNNEpochRecord] = []
    /// Seconds of training so far (over resumes).
    public private(set) var seconds = 0.0
    /// Best validation NLL so far, its epoch, weights and the time to reach it.
    public private(set) var best: (natsPerStep: Double, accuracy: Double, epoch: Int, parameters: [Float], seconds: Double)?

    let training: [LSTMSequence]
    let validation: [LSTMSequence]
    public let trainingSteps: Int

    /// A trainer for any LSTM over `inputSize` sparse features and `outputSize` classes.
    public init(options: RNNTrainingOptions, inputSize: Int, outputSize: Int, training: [LSTMSequence], validation: [LSTMSequence]) {
        self.options = options
        let shape = LSTMShape(inputSize: inputSize, hiddenSize: options.hiddenSize, layers: options.layers, outputSize: outputSize)
        network = LSTMNetwork(shape: shape, seed: options.seed)
        adam = Adam(parameterCount: network.parameterCount, beta1: options.beta1, beta2: options.beta2, epsilon: options.epsilon)
        self.training = training
        self.validation = validation
        trainingSteps = self.training.reduce(0) { $0 + $1.targets.count }
    }

    /// The learning rate of epoch `e` (0-based).
    func learningRate(epoch e: Int) -> Double { options.learningRate * pow(options.learningRateDecay, Double(e)) }

    /// Runs one epoch. `progress(done, total, trainingNatsPerStep, stepsPerSecond)` after each
    /// minibatch; when `shouldStop()` turns true the epoch stops early and nil is returned (the
    /// weights keep the updates made; `epoch` is not advanced).
    public func runEpoch(progress: (Int, Int, Double, Double) -> Void = { _, _, _, _ in },
                         shouldStop: () -> Bool = { false }) -> RNNEpochRecord? {
        let started = Date()
        var rng = SeededGenerator(seed: options.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
        let chunks = LSTMSequence.batches(training, batch: options.batchSize, steps: options.bpttSteps, shuffleSeed: rng.next())
        var state = LSTMState(shape: network.shape, batch: chunks.first?.batch ?? 1)
        var gradient = [Float](repeating: 0, count: network.parameterCount)
        var nats = 0.0, count = 0
        let lr = learningRate(epoch: epoch)
        for (i, chunk) in chunks.enumerated() {
            if shouldStop() { seconds += Date().timeIntervalSince(started); return nil }
            for k in gradient.indices { gradient[k] = 0 }
            let r = gradient.withUnsafeMutableBufferPointer { g in
                network.pass(chunk, state: &state, dropout: Float(options.dropout), rng: &rng, gradient: g.baseAddress!)
            }
            guard r.count > 0 else { continue }
            nats += r.nats; count += r.count
            adamUpdate(&gradient, learningRate: lr)
            let elapsed = Date().timeIntervalSince(started)
            progress(i + 1, chunks.count, nats / Double(max(count, 1)), Double(count) / max(elapsed, 1e-9))
        }
        let val = LSTMSequence.score(network, validation)
        let elapsed = Date().timeIntervalSince(started)
        seconds += elapsed
        epoch += 1
        let record = RNNEpochRecord(epoch: epoch, trainingNatsPerStep: nats / Double(max(count, 1)),
                                    validationNatsPerStep: val.nats / Double(max(val.count, 1)),
                                    validationAccuracy: Double(val.correct) / Double(max(val.count, 1)),
                                    seconds: elapsed, stepsPerSecond: Double(count) / max(elapsed, 1e-9))
        history.append(record)
        if validation.isEmpty || best == nil || record.validationNatsPerStep < best!.natsPerStep {
            best = (record.validationNatsPerStep, record.validationAccuracy, epoch, network.parameters, seconds)
        }
        return record
    }

    /// Clips the gradient's global norm (`clipGlobalNorm`), then one `Adam` step.
    func adamUpdate(_ g: inout [Float], learningRate: Double) {
        clipGlobalNorm(&g, maxNorm: options.clipNorm)
        adam.step(&network.parameters, gradient: g, learningRate: learningRate)
    }

    /// A copy of the network with the best validation weights so far (or the current ones).
    public var bestNetwork: LSTMNetwork { LSTMNetwork(shape: network.shape, parameters: best?.parameters ?? network.parameters) }

    // MARK: Checkpoints

    /// The `format` metadata of a checkpoint file.
    public static let checkpointFormat = "LittleMozart RNN training checkpoint"

    struct State: Codable {
        var options: RNNTrainingOptions
        var epoch: Int
        var updates: Int
        var history: [RNNEpochRecord]
        var seconds: Double
        var bestNatsPerStep: Double?
        var bestAccuracy: Double?
        var bestEpoch: Int?
        var bestSeconds: Double?
    }

    /// Writes a checkpoint (safetensors: weights, Adam moments, best weights; the trainer state as
    /// JSON metadata), atomically.
    public func saveCheckpoint(to url: URL) throws {
        var tensors = network.namedTensors()
        tensors["adam.m"] = Safetensors.Tensor(shape: [adam.m.count], values: adam.m)
        tensors["adam.v"] = Safetensors.Tensor(shape: [adam.v.count], values: adam.v)
        if let best { tensors["best.parameters"] = Safetensors.Tensor(shape: [best.parameters.count], values: best.parameters) }
        let state = State(options: options, epoch: epoch, updates: updates, history: history, seconds: seconds,
                          bestNatsPerStep: best?.natsPerStep, bestAccuracy: best?.accuracy, bestEpoch: best?.epoch, bestSeconds: best?.seconds)
        let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try Safetensors.write(tensors, metadata: ["format": Self.checkpointFormat, "state": json], to: url)
    }

    /// A trainer of any LSTM resumed from a checkpoint (its options win over any given).
    public static func resume(from url: URL, inputSize: Int, outputSize: Int, training: [LSTMSequence], validation: [LSTMSequence]) throws -> RNNTrainer {
        let (tensors, metadata) = try Safetensors.read(from: url)
        guard let json = metadata["state"], let state = try? JSONDecoder().decode(State.self, from: Data(json.utf8)) else {
            throw ModelFileError(file: url.path, .wrongFormat(found: metadata["format"] ?? "safetensors without a trainer state", expected: checkpointFormat))
        }
        let trainer = RNNTrainer(options: state.options, inputSize: inputSize, outputSize: outputSize, training: training, validation: validation)
        try trainer.network.load(tensors, file: url.path)
        guard let m = tensors["adam.m"], let v = tensors["adam.v"], m.values.count == trainer.adam.m.count, v.values.count == trainer.adam.v.count else {
            throw ModelFileError(file: url.path, .shapeMismatch(what: "Adam moments", found: [tensors["adam.m"]?.values.count ?? 0], expected: [trainer.adam.m.count]))
        }
        trainer.adam.m = m.values
        trainer.adam.v = v.values
        trainer.epoch = state.epoch
        trainer.adam.updates = state.updates
        trainer.history = state.history
        trainer.seconds = state.seconds
        if let p = tensors["best.parameters"], let n = state.bestNatsPerStep {
            trainer.best = (n, state.bestAccuracy ?? 0, state.bestEpoch ?? state.epoch, p.values, state.bestSeconds ?? state.seconds)
        }
        return trainer
    }
}
