/// One training epoch, as the `Trainer` records it (in checkpoints and in trained models'
/// training records). Losses are per counted item (`LossTotals.mean`): nats per step for the
/// LSTMs. The JSON keys are those of the LSTM trainer's records (`trainingNatsPerStep`,
/// `validationNatsPerStep`, `stepsPerSecond`), so saved records and checkpoints still read.
public struct EpochRecord: Hashable, Sendable, Codable {
    /// The epoch's number, from 1.
    public var epoch: Int
    /// Mean training loss over the epoch's passes (with dropout, as trained).
    public var trainingLoss: Double
    /// Mean loss on the validation examples after the epoch (0 without validation examples).
    public var validationLoss: Double
    /// Share of validation items predicted correctly after the epoch, in [0, 1].
    public var validationAccuracy: Double
    /// Wall-clock seconds of the epoch, validation included.
    public var seconds: Double
    /// Training items counted per second of the epoch.
    public var itemsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case epoch
        case trainingLoss = "trainingNatsPerStep"
        case validationLoss = "validationNatsPerStep"
        case validationAccuracy
        case seconds
        case itemsPerSecond = "stepsPerSecond"
    }
}

/// The epoch record of the LSTM trainer (`RNNTrainer`).
public typealias RNNEpochRecord = EpochRecord
