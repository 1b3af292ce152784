import Foundation

/// Hyperparameters of `SequenceVAE` training: the model's sizes, the minibatch, the KL schedule
/// and input dropout, and the trainer's own options (`TrainingOptions`). Saved in checkpoints
/// and in trained models' records.
///
/// The loss of a sequence is MusicVAE's (Roberts et al. 2018): reconstruction (summed
/// cross-entropy over its steps, nats) + β · max(KL − freeBits · ln 2, 0), with β rising as
/// `maxBeta · (1 − betaRate^update)`. With `freeBitsScope` `.dimension` the free bits are shared
/// out over the latent dimensions instead (Kingma et al. 2016): the KL term is
/// β · Σ_k max(KL_k − freeBits · ln 2 / latentSize, 0), so no single dimension carries more than
/// its share for free.
public struct VAETrainingOptions: TrainingOptions, Hashable {
    /// Encoder LSTM units per direction.
    public var encoderHidden = 128
    /// Latent dimensions.
    public var latentSize = 64
    /// Decoder LSTM units per layer, and layers.
    public var decoderHidden = 256
    public var decoderLayers = 1
    /// Sequences per minibatch.
    public var batchSize = 64
    /// The largest KL weight β, reached as the updates go on.
    public var maxBeta = 0.2
    /// β at update u is `maxBeta · (1 − betaRate^u)`.
    public var betaRate = 0.999
    /// KL per sequence below this many bits costs nothing (free bits).
    public var freeBits = 32.0
    /// Where the free bits apply: to each sequence's whole KL (nil or `.sequence`, MusicVAE's
    /// rule) or to each latent dimension's KL, `freeBits / latentSize` bits each (`.dimension`).
    /// Optional so configs written before it decode (as `.sequence`).
    public var freeBitsScope: FreeBitsScope?
    /// Probability of hiding the previous class from the decoder at a step (its features become
    /// zeros), so the decoder must rely on z.
    public var inputDropout = 0.25
    public var learningRate = 0.002
    public var learningRateDecay = 0.95
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    public var clipNorm = 1.0
    /// Seed of the weights, each epoch's order, the noise and the dropout.
    public var seed: UInt64 = 1

    public init() {}

    /// β after `update` Adam steps.
    public func beta(update: Int) -> Double { maxBeta * (1 - pow(betaRate, Double(update))) }
}

/// Whether a VAE's free bits apply to a sequence's whole KL or to each latent dimension's.
public enum FreeBitsScope: String, Codable, Sendable, Hashable, CaseIterable {
    /// max(KL − free, 0) per sequence (MusicVAE).
    case sequence
    /// Σ_k max(KL_k − free / latentSize, 0) per sequence: each dimension gets an equal share.
    case dimension
}
