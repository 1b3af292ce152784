import Foundation
import Testing
@testable import ModelKit

@Suite("RNNTrainer (the generic trainer over LSTMNetwork)")
struct RNNTrainerTests {
    /// Sequences over 5 sparse features and 3 classes: the next class follows a pattern that
    /// depends on the sequence's "mode" feature.
    static func sequences(_ count: Int, seed: UInt64) -> [LSTMSequence] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let length = 6 + Int(rng.next() % 20), mode = Int32(rng.next() % 2)
            var features: [[Int32]] = [], targets: [Int32] = []
            var previous: Int32 = 0
            for _ in 0..<length {
                features.append([previous, 3 + mode])
                let next = mode == 0 ? (previous + 1) % 3 : (previous + 2) % 3
                targets.append(rng.next() % 8 == 0 ? Int32(rng.next() % 3) : next)
                previous = targets.last!
            }
            return LSTMSequence(features: features, targets: targets)
        }
    }
    static let training = sequences(24, seed: 1)
    static let validation = sequences(6, seed: 2)

    static var options: RNNTrainingOptions {
        var o = RNNTrainingOptions()
        o.hiddenSize = 6; o.layers = 2; o.batchSize = 5; o.bpttSteps = 7; o.seed = 9; o.learningRate = 0.01; o.dropout = 0.25
        return o
    }

    static func trainer() -> RNNTrainer {
        RNNTrainer(options: options, inputSize: 5, outputSize: 3, training: training, validation: validation)
    }

    /// `RNNTrainer.runEpoch`'s training loop as it was before the generic `Trainer`, verbatim but
    /// for the names (validation and records left out): the reference its weights must match bit
    /// for bit, as the shipped models' figures depend on them.
    static func formerEpochs(_ epochs: Int) -> (parameters: [Float], adam: Adam) {
        let o = options
        let network = LSTMNetwork(shape: LSTMShape(inputSize: 5, hiddenSize: o.hiddenSize, layers: o.layers, outputSize: 3), seed: o.seed)
        var adam = Adam(parameterCount: network.parameterCount, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon)
        for epoch in 0..<epochs {
            var rng = SeededGenerator(seed: o.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
            let chunks = LSTMSequence.batches(training, batch: o.batchSize, steps: o.bpttSteps, shuffleSeed: rng.next())
            var state = LSTMState(shape: network.shape, batch: chunks.first?.batch ?? 1)
            var gradient = [Float](repeating: 0, count: network.parameterCount)
            let lr = o.learningRate * pow(o.learningRateDecay, Double(epoch))
            for chunk in chunks {
                for k in gradient.indices { gradient[k] = 0 }
                let r = gradient.withUnsafeMutableBufferPointer { g in
                    network.pass(chunk, state: &state, dropout: Float(o.dropout), rng: &rng, gradient: g.baseAddress!)
                }
                guard r.count > 0 else { continue }
                clipGlobalNorm(&gradient, maxNorm: o.clipNorm)
                adam.step(&network.parameters, gradient: gradient, learningRate: lr)
            }
        }
        return (network.parameters, adam)
    }

    @Test("trains the same weights, bit for bit, as the former RNNTrainer loop")
    func sameWeightsAsBefore() throws {
        BLAS.setThreads(1)
        let trainer = Self.trainer()
        for _ in 0..<3 { _ = try #require(trainer.runEpoch()) }
        let former = Self.formerEpochs(3)
        #expect(trainer.network.parameters == former.parameters)
        #expect(trainer.adam.m == former.adam.m && trainer.adam.v == former.adam.v)
        #expect(trainer.updates == former.adam.updates)
        #expect(trainer.trainingSteps == Self.training.reduce(0) { $0 + $1.targets.count })
        #expect(trainer.history.last!.validationLoss < trainer.history.first!.validationLoss)
    }

    @Test("a checkpoint as the former RNNTrainer wrote it resumes, and carries on as an uninterrupted run")
    func formerCheckpointResumes() throws {
        BLAS.setThreads(1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-trainer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = Self.trainer()
        _ = first.runEpoch()
        let record = first.history[0], best = try #require(first.best)
        // The former `saveCheckpoint`: its tensors, its format and its state JSON (the keys in the
        // order a former checkpoint had them; numbers as JSONEncoder writes doubles).
        var tensors = first.network.namedTensors()
        tensors["adam.m"] = Safetensors.Tensor(shape: [first.adam.m.count], values: first.adam.m)
        tensors["adam.v"] = Safetensors.Tensor(shape: [first.adam.v.count], values: first.adam.v)
        tensors["best.parameters"] = Safetensors.Tensor(shape: [best.parameters.count], values: best.parameters)
        let state = """
            {"bestAccuracy":\(best.validationAccuracy),"bestSeconds":1.5,"updates":\(first.updates),"seconds":1.5,"epoch":1,\
            "options":{"bpttSteps":7,"seed":9,"learningRateDecay":0.93,"layers":2,"beta1":0.9,"hiddenSize":6,"beta2":0.999,\
            "clipNorm":5,"dropout":0.25,"learningRate":0.01,"batchSize":5,"epsilon":1e-08},\
            "bestNatsPerStep":\(best.validationLoss),"bestEpoch":1,"history":[{"validationAccuracy":\(record.validationAccuracy),\
            "seconds":1.5,"validationNatsPerStep":\(record.validationLoss),"trainingNatsPerStep":\(record.trainingLoss),"epoch":1,\
            "stepsPerSecond":1000}]}
            """
        let url = dir.appendingPathComponent("former.checkpoint.safetensors")
        try Safetensors.write(tensors, metadata: ["format": "LittleMozart RNN training checkpoint", "state": state], to: url)

        let resumed = try RNNTrainer.resume(from: url, inputSize: 5, outputSize: 3, training: Self.training, validation: Self.validation)
        #expect(resumed.options == Self.options)
        #expect(resumed.epoch == 1 && resumed.updates == first.updates && resumed.seconds == 1.5)
        #expect(resumed.history == [EpochRecord(epoch: 1, trainingLoss: record.trainingLoss, validationLoss: record.validationLoss,
                                                validationAccuracy: record.validationAccuracy, seconds: 1.5, itemsPerSecond: 1000)])
        #expect(resumed.best?.epoch == 1 && resumed.best?.seconds == 1.5)
        #expect(resumed.best?.validationLoss == best.validationLoss && resumed.best?.validationAccuracy == best.validationAccuracy)
        #expect(resumed.bestNetwork.parameters == best.parameters)
        _ = resumed.runEpoch()
        #expect(resumed.network.parameters == Self.formerEpochs(2).parameters)
    }

    @Test("checkpoints keep the former format, tensor names and state keys")
    func checkpointLayout() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rnn-trainer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trainer = Self.trainer()
        _ = trainer.runEpoch()
        let url = dir.appendingPathComponent("c.safetensors")
        try trainer.saveCheckpoint(to: url)
        let (tensors, metadata) = try Safetensors.read(from: url)
        #expect(metadata["format"] == "LittleMozart RNN training checkpoint")
        #expect(Set(tensors.keys) == ["lstm.0.weight_x", "lstm.0.weight_h", "lstm.0.bias", "lstm.1.weight_x", "lstm.1.weight_h", "lstm.1.bias",
                                      "output.weight", "output.bias", "adam.m", "adam.v", "best.parameters"])
        let json = try #require(metadata["state"])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(state.keys) == ["options", "epoch", "updates", "history", "seconds", "bestNatsPerStep", "bestAccuracy", "bestEpoch", "bestSeconds"])
        let history = try #require(state["history"] as? [[String: Any]])
        #expect(Set(history[0].keys) == ["epoch", "trainingNatsPerStep", "validationNatsPerStep", "validationAccuracy", "seconds", "stepsPerSecond"])
        let options = try #require(state["options"] as? [String: Any])
        #expect(Set(options.keys) == ["hiddenSize", "layers", "batchSize", "bpttSteps", "learningRate", "beta1", "beta2", "epsilon",
                                      "clipNorm", "dropout", "seed", "learningRateDecay"])
    }
}
