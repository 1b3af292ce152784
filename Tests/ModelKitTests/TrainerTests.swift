import Foundation
import Testing
@testable import ModelKit

@Suite("Generic trainer")
struct TrainerTests {
    typealias RegressionTrainer = Trainer<LinearRegression, ShuffledMinibatches<RegressionPoint>>

    /// y = 2 x1 - 3 x2 + 0.5.
    static func plane(_ x: [Float]) -> Float { 2 * x[0] - 3 * x[1] + 0.5 }
    static let training = gridPoints(side: 9, plane)
    static let validation = gridPoints(side: 4, plane)

    static func options(seed: UInt64 = 3, learningRate: Double = 0.05, decay: Double = 0.9) -> TrainerOptions {
        var o = TrainerOptions()
        o.seed = seed; o.learningRate = learningRate; o.learningRateDecay = decay
        return o
    }

    static func trainer(dropout: Float = 0, options: TrainerOptions = options()) -> RegressionTrainer {
        RegressionTrainer(model: LinearRegression(inputs: 2, dropout: dropout), options: options,
                          training: ShuffledMinibatches(training, batchSize: 8), validation: validation)
    }

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trainer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a linear regression trains to its known solution")
    func learnsAPlane() throws {
        let trainer = Self.trainer(options: Self.options(learningRate: 0.1, decay: 0.9))
        for _ in 0..<40 { _ = try #require(trainer.runEpoch()) }
        let p = trainer.model.parameters
        #expect(abs(p[0] - 2) < 1e-3 && abs(p[1] + 3) < 1e-3 && abs(p[2] - 0.5) < 1e-3, "\(p)")
        let last = try #require(trainer.history.last)
        #expect(last.epoch == 40)
        #expect(last.validationLoss < 1e-6, "\(last.validationLoss)")
        #expect(last.validationAccuracy == 1)
        #expect(trainer.history[0].validationLoss > 0.5)
        #expect(trainer.epoch == 40)
        // 81 points in minibatches of 8: 11 Adam steps an epoch.
        #expect(trainer.updates == 40 * 11)
        #expect(trainer.training.itemCount == 81)
    }

    @Test("checkpoint and resume give the same weights, moments and history as an uninterrupted run")
    func resumeMatchesAnUninterruptedRun() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let direct = Self.trainer(dropout: 0.25)
        for _ in 0..<4 { _ = direct.runEpoch() }

        let first = Self.trainer(dropout: 0.25)
        for _ in 0..<2 { _ = first.runEpoch() }
        let url = dir.appendingPathComponent("regression.checkpoint.safetensors")
        try first.saveCheckpoint(to: url)

        let checkpoint = try TrainingCheckpoint<TrainerOptions>.read(from: url, format: LinearRegression.checkpointFormat)
        #expect(checkpoint.epoch == 2)
        #expect(checkpoint.options == Self.options())
        // A model with other weights: the checkpoint's replace them.
        let resumed = RegressionTrainer(model: LinearRegression(inputs: 2, dropout: 0.25, parameters: [9, 9, 9]), options: checkpoint.options,
                                        training: ShuffledMinibatches(Self.training, batchSize: 8), validation: Self.validation)
        try resumed.restore(from: checkpoint)
        #expect(resumed.epoch == 2 && resumed.updates == first.updates)
        #expect(resumed.model.parameters == first.model.parameters)
        for _ in 0..<2 { _ = resumed.runEpoch() }

        #expect(resumed.model.parameters == direct.model.parameters)
        #expect(resumed.adam.m == direct.adam.m && resumed.adam.v == direct.adam.v)
        #expect(resumed.updates == direct.updates)
        #expect(resumed.epoch == 4)
        func figures(_ t: RegressionTrainer) -> [[Double]] {
            t.history.map { [Double($0.epoch), $0.trainingLoss, $0.validationLoss, $0.validationAccuracy] }
        }
        #expect(figures(resumed) == figures(direct))
        #expect(resumed.best?.epoch == direct.best?.epoch)
        #expect(resumed.best?.parameters == direct.best?.parameters)
        #expect(resumed.best?.validationLoss == direct.best?.validationLoss)
        // Dropout drew from the epoch's generator: the run differs from one without it.
        let plain = Self.trainer()
        for _ in 0..<4 { _ = plain.runEpoch() }
        #expect(plain.model.parameters != direct.model.parameters)
    }

    @Test("shouldStop stops before the next minibatch, keeps the updates made and does not advance the epoch")
    func shouldStopStopsMidEpoch() throws {
        let passes = LinearRegression.PassLog()
        let trainer = RegressionTrainer(model: LinearRegression(inputs: 2, passes: passes), options: Self.options(),
                                        training: ShuffledMinibatches(Self.training, batchSize: 8), validation: Self.validation)
        let initial = trainer.model.parameters
        var asked = 0, progressed: [Int] = []
        let stopped = trainer.runEpoch(progress: { done, total, _, _ in progressed.append(done); #expect(total == 11) },
                                       shouldStop: { asked += 1; return asked == 3 })
        #expect(stopped == nil)
        #expect(progressed == [1, 2])
        #expect(trainer.epoch == 0)
        #expect(trainer.history.isEmpty)
        #expect(trainer.best == nil)
        #expect(trainer.updates == 2)
        #expect(trainer.model.parameters != initial)
        // The epoch runs again from its start (same order), on top of the two updates.
        let record = try #require(trainer.runEpoch())
        #expect(record.epoch == 1 && trainer.epoch == 1)
        #expect(trainer.updates == 2 + 11)
        _ = trainer.runEpoch()
        // The passes were told the epoch running and the Adam steps taken before them.
        let expected = [0, 1].map { TrainingStep(epoch: 0, update: $0) } + (2..<13).map { TrainingStep(epoch: 0, update: $0) }
            + (13..<24).map { TrainingStep(epoch: 1, update: $0) }
        #expect(passes.steps == expected)
    }

    @Test("the best epoch is the one with the lowest validation loss, with its weights")
    func bestEpochHasTheLowestValidationLoss() throws {
        // Trained towards y = 2x from w = 0, validated on y = x: the validation loss falls while
        // w nears 1, then rises as it goes on to 2.
        let line = (0..<16).map { i -> [Float] in [Float(i) / 7.5 - 1] }
        let training = line.map { RegressionPoint(x: $0, y: 2 * $0[0]) }
        let validation = line.map { RegressionPoint(x: $0, y: $0[0]) }
        let trainer = Trainer(model: LinearRegression(inputs: 1), options: Self.options(learningRate: 0.05, decay: 1),
                              training: ShuffledMinibatches(training, batchSize: 4), validation: validation)
        var snapshots: [[Float]] = []
        for _ in 0..<16 {
            _ = trainer.runEpoch()
            snapshots.append(trainer.model.parameters)
        }
        let best = try #require(trainer.best)
        let lowest = try #require(trainer.history.min { $0.validationLoss < $1.validationLoss })
        #expect(best.epoch == lowest.epoch)
        #expect(best.epoch > 1 && best.epoch < 16, "best epoch \(best.epoch)")
        #expect(best.validationLoss == lowest.validationLoss)
        #expect(best.validationAccuracy == lowest.validationAccuracy)
        #expect(best.parameters == snapshots[best.epoch - 1])
        #expect(trainer.bestParameters == best.parameters)
        #expect(trainer.history.last!.validationLoss > best.validationLoss)
        #expect(abs(trainer.model.parameters[0] - 2) < 0.1, "w = \(trainer.model.parameters[0])")
    }

    @Test("without validation examples every epoch is the best so far")
    func withoutValidationTheLatestEpochIsBest() throws {
        let trainer = RegressionTrainer(model: LinearRegression(inputs: 2), options: Self.options(),
                                        training: ShuffledMinibatches(Self.training, batchSize: 8), validation: [])
        for e in 1...3 {
            let record = try #require(trainer.runEpoch())
            #expect(record.validationLoss == 0 && record.validationAccuracy == 0)
            #expect(trainer.best?.epoch == e)
            #expect(trainer.best?.parameters == trainer.model.parameters)
        }
    }

    @Test("a checkpoint of another format or size is refused with a typed error")
    func checkpointErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.safetensors")
        let trainer = Self.trainer()
        _ = trainer.runEpoch()
        try trainer.saveCheckpoint(to: url)
        #expect(throws: ModelFileError(file: url.path, .wrongFormat(found: LinearRegression.checkpointFormat, expected: "something else"))) {
            _ = try TrainingCheckpoint<TrainerOptions>.read(from: url, format: "something else")
        }
        let checkpoint = try TrainingCheckpoint<TrainerOptions>.read(from: url, format: LinearRegression.checkpointFormat)
        let wider = RegressionTrainer(model: LinearRegression(inputs: 3), options: Self.options(),
                                      training: ShuffledMinibatches([], batchSize: 8), validation: [])
        #expect(throws: ModelFileError(file: url.path, .shapeMismatch(what: "tensor parameters", found: [3], expected: [4]))) {
            try wider.restore(from: checkpoint)
        }
        let plain = dir.appendingPathComponent("plain.safetensors")
        try Safetensors.write(["parameters": Safetensors.Tensor(shape: [3], values: [1, 2, 3])], to: plain)
        #expect(throws: ModelFileError(file: plain.path, .wrongFormat(found: "safetensors without a trainer state", expected: LinearRegression.checkpointFormat))) {
            _ = try TrainingCheckpoint<TrainerOptions>.read(from: plain, format: LinearRegression.checkpointFormat)
        }
    }

    @Test("ShuffledMinibatches: every example once per epoch, in a seeded order, one draw per swap")
    func shuffledMinibatches() {
        let source = ShuffledMinibatches(Array(0..<10), batchSize: 4)
        var rng = SeededGenerator(seed: 11)
        let batches = source.minibatches(rng: &rng)
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        var again = SeededGenerator(seed: 11)
        #expect(source.minibatches(rng: &again) == batches)
        var reference = SeededGenerator(seed: 11)
        var order = Array(0..<10)
        order.seededShuffle(&reference)
        #expect(batches.flatMap { $0 } == order)
        // Nine draws for ten examples; the generator is handed on where the shuffle left it.
        #expect(rng.next() == reference.next())
        #expect(order != Array(0..<10))
    }

    @Test("LossTotals: means and accuracy per counted item, 0 when nothing was counted")
    func lossTotals() {
        #expect(LossTotals(total: 3, count: 4, correct: 1).mean == 0.75)
        #expect(LossTotals(total: 3, count: 4, correct: 1).accuracy == 0.25)
        #expect(LossTotals().mean == 0 && LossTotals().accuracy == 0)
    }

    @Test("TrainingOptions: the learning rate decays geometrically per epoch")
    func learningRateSchedule() {
        let o = Self.options(learningRate: 0.5, decay: 0.5)
        #expect(o.learningRate(epoch: 0) == 0.5)
        #expect(o.learningRate(epoch: 3) == 0.0625)
    }
}
