/// What an RNN was trained on and how well it did, as recorded in its JSON config: the trainer's
/// facts (hyperparameters, epochs, best epoch, times, validation scores, history) and `Data`,
/// the facts about the training data that the model's domain records (its corpus, split and
/// counts). `Data`'s keys are encoded in the same JSON object as the trainer's, so a record reads
/// and writes as one flat object; its properties are read through the record
/// (`record.corpus` for `record.data.corpus`).
@dynamicMemberLookup
public struct RNNTrainingRecord<Data: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    /// The domain's facts about the training data.
    public var data: Data
    /// Input steps in the training sequences.
    public var trainingSteps: Int
    /// Fraction (0...1) of the training data set aside for validation, and the seed of that split.
    public var validationFraction: Double
    public var validationSeed: UInt64
    public var options: RNNTrainingOptions
    /// Epochs run, and the epoch whose weights were kept (lowest validation NLL).
    public var epochs: Int
    public var bestEpoch: Int
    /// Minibatch (Adam) updates made.
    public var updates: Int
    /// Training wall-clock seconds to the end of `bestEpoch`, and in all.
    public var secondsToBest: Double
    public var seconds: Double
    /// Validation nats per step and accuracy (0...1) at `bestEpoch` (NaN without validation).
    public var validationNatsPerStep: Double
    public var validationAccuracy: Double
    /// One record per epoch run.
    public var history: [RNNEpochRecord]

    /// The record of `trainer` as it stands (its best epoch so far, or the last one when none was
    /// validated), with the domain's `data`.
    public init(data: Data, trainer: RNNTrainer, validationFraction: Double, validationSeed: UInt64) {
        let best = trainer.best
        self.data = data
        trainingSteps = trainer.trainingSteps
        self.validationFraction = validationFraction
        self.validationSeed = validationSeed
        options = trainer.options
        epochs = trainer.epoch
        bestEpoch = best?.epoch ?? trainer.epoch
        updates = trainer.updates
        secondsToBest = best?.seconds ?? trainer.seconds
        seconds = trainer.seconds
        validationNatsPerStep = best?.validationLoss ?? .nan
        validationAccuracy = best?.validationAccuracy ?? .nan
        history = trainer.history
    }

    /// Reads a property of `data` through the record (`record.corpus` for `record.data.corpus`).
    public subscript<T>(dynamicMember keyPath: KeyPath<Data, T>) -> T { data[keyPath: keyPath] }

    enum CodingKeys: String, CodingKey {
        case trainingSteps, validationFraction, validationSeed, options, epochs, bestEpoch, updates, secondsToBest, seconds
        case validationNatsPerStep, validationAccuracy, history
    }

    public init(from decoder: any Decoder) throws {
        data = try Data(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        trainingSteps = try c.decode(Int.self, forKey: .trainingSteps)
        validationFraction = try c.decode(Double.self, forKey: .validationFraction)
        validationSeed = try c.decode(UInt64.self, forKey: .validationSeed)
        options = try c.decode(RNNTrainingOptions.self, forKey: .options)
        epochs = try c.decode(Int.self, forKey: .epochs)
        bestEpoch = try c.decode(Int.self, forKey: .bestEpoch)
        updates = try c.decode(Int.self, forKey: .updates)
        secondsToBest = try c.decode(Double.self, forKey: .secondsToBest)
        seconds = try c.decode(Double.self, forKey: .seconds)
        validationNatsPerStep = try c.decode(Double.self, forKey: .validationNatsPerStep)
        validationAccuracy = try c.decode(Double.self, forKey: .validationAccuracy)
        history = try c.decode([RNNEpochRecord].self, forKey: .history)
    }

    public func encode(to encoder: any Encoder) throws {
        try data.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(trainingSteps, forKey: .trainingSteps)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(validationSeed, forKey: .validationSeed)
        try c.encode(options, forKey: .options)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(bestEpoch, forKey: .bestEpoch)
        try c.encode(updates, forKey: .updates)
        try c.encode(secondsToBest, forKey: .secondsToBest)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(validationNatsPerStep, forKey: .validationNatsPerStep)
        try c.encode(validationAccuracy, forKey: .validationAccuracy)
        try c.encode(history, forKey: .history)
    }
}
