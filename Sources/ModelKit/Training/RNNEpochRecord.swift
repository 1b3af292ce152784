/// One training epoch.
public struct RNNEpochRecord: Hashable, Sendable, Codable {
    public var epoch: Int
    public var trainingNatsPerStep: Double
    public var validationNatsPerStep: Double
    public var validationAccuracy: Double
    public var seconds: Double
    public var stepsPerSecond: Double
}
