/// The epoch with the lowest validation loss so far (the latest epoch when there are no
/// validation examples), as the `Trainer` keeps it.
public struct BestEpoch: Sendable {
    /// Its mean validation loss (`EpochRecord.validationLoss`).
    public var validationLoss: Double
    /// Its validation accuracy, in [0, 1].
    public var validationAccuracy: Double
    /// Its number, from 1.
    public var epoch: Int
    /// The model's parameters after it.
    public var parameters: [Float]
    /// Seconds of training up to its end (over resumes).
    public var seconds: Double
}
