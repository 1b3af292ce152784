import ModelKit

/// The options of a Piano Scribe training run: the trainer's (seed, Adam, clipping, learning-rate
/// decay per epoch) and the model's own (sizes, chunk and batch shape, epoch length, feature-space
/// augmentation). Saved in checkpoints and in the model's config.
package struct PianoScribeTrainingOptions: TrainingOptions, Hashable {
    package var seed: UInt64 = 1
    package var learningRate = 0.001
    package var learningRateDecay = 0.95
    package var beta1 = 0.9
    package var beta2 = 0.999
    package var epsilon = 1e-8
    package var clipNorm = 3.0
    package var shape = PianoScribeShape()
    /// Labelled frames per chunk (each chunk also reads `shape.contextFrames` on either side).
    package var chunkFrames = 96
    /// Chunks per minibatch.
    package var batchSize = 8
    /// Minibatches per epoch (chunks drawn at random positions of random pieces).
    package var batchesPerEpoch = 250
    /// Largest gain change in dB, drawn uniformly in ±`gainDB` per chunk (added to every bin).
    package var gainDB: Float = 6
    /// Largest spectral tilt in dB from the lowest to the highest mel bin, drawn uniformly in
    /// ±`tiltDB` per chunk (a rough equaliser).
    package var tiltDB: Float = 6
    /// Largest excursion in dB of a random smooth equaliser drawn per chunk (a timbre change: the
    /// sum of three cosines over the mel bins, 0.5 to 3 cycles across them, random phases and
    /// weights, scaled so that no bin moves by more than this); nil or 0: none (checkpoints before
    /// this option; the random draws of such runs are unchanged).
    package var eqDB: Float?
    /// The velocity head's loss weight (it only counts at onsets).
    package var velocityWeight: Float = 1
    /// Weight of the positive cells (a note starts or ends there) in the onset and offset losses,
    /// against their rarity (about 1 cell in 1,000); nil: 1 (checkpoints before this option).
    package var onsetPositiveWeight: Float?
    /// Weight of the positive cells (a note sounds) in the frame loss; nil: 1.
    package var framePositiveWeight: Float?
    /// Weight of the pedal head's loss (a model with one); nil: 1.
    package var pedalWeight: Float?
    /// Noise augmentation: every other chunk (drawn at random) gets a noise floor added, its level
    /// drawn uniformly from `noiseDB - 30` to `noiseDB` dB (log-mel power, where the renders peak
    /// near +10 dB), tilted by up to ±10 dB across the bins and varying ±50% in power from cell to
    /// cell; nil: none (checkpoints before this option; their random draws are unchanged).
    package var noiseDB: Float?
    /// The model file a run started from (`--init`: its name, epochs and training hours), nil for
    /// a run from new weights.
    package var startedFrom: String?

    package init() {}
}
