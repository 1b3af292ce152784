import Foundation

/// What the generic `Trainer` reads from a model's training options: the seed of each epoch's
/// order and of the model's random draws, the learning-rate schedule, Adam's constants and the
/// gradient clipping bound. A model's own hyperparameters (sizes, dropout, batch shape) can sit
/// beside these in the same type (`RNNTrainingOptions`); the options are saved in checkpoints, so
/// they are `Codable`.
public protocol TrainingOptions: Codable, Sendable {
    /// Seed of each epoch's minibatch order and of the random draws of its training passes.
    var seed: UInt64 { get }
    /// Adam's learning rate in the first epoch.
    var learningRate: Double { get }
    /// The learning rate is multiplied by this after each epoch (1: constant).
    var learningRateDecay: Double { get }
    /// Adam's first-moment decay (β1), in [0, 1).
    var beta1: Double { get }
    /// Adam's second-moment decay (β2), in [0, 1).
    var beta2: Double { get }
    /// Adam's epsilon (added to √v against division by zero).
    var epsilon: Double { get }
    /// Gradients whose global L2 norm exceeds this are scaled down to it (`clipGlobalNorm`).
    var clipNorm: Double { get }
}

extension TrainingOptions {
    /// The learning rate of epoch `epoch` (0-based): `learningRate · learningRateDecay^epoch`.
    public func learningRate(epoch: Int) -> Double { learningRate * pow(learningRateDecay, Double(epoch)) }
}

/// The trainer's options alone, for a model with no training hyperparameters of its own.
/// The defaults are those of `RNNTrainingOptions`.
public struct TrainerOptions: TrainingOptions, Hashable {
    public var seed: UInt64 = 1
    public var learningRate = 0.002
    public var learningRateDecay = 0.93
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    public var clipNorm = 5.0

    public init() {}
}
