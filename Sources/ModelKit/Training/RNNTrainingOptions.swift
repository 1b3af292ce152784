/// Hyperparameters of RNN training: the LSTM's size, the minibatch shape, dropout, and the
/// trainer's own options (`TrainingOptions`). Saved in checkpoints and training records under
/// these property names.
public struct RNNTrainingOptions: TrainingOptions, Hashable {
    /// LSTM units per layer.
    public var hiddenSize = 128
    /// Stacked LSTM layers.
    public var layers = 2
    /// Parallel sequences per minibatch.
    public var batchSize = 64
    /// Truncated-BPTT length in steps (the state still carries across chunks).
    public var bpttSteps = 32
    /// Adam's learning rate in the first epoch.
    public var learningRate = 0.002
    /// Adam's betas and epsilon (Kingma & Ba 2015).
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// Gradients are scaled down when their global L2 norm exceeds this.
    public var clipNorm = 5.0
    /// Dropout rate on the outputs of every LSTM layer.
    public var dropout = 0.2
    /// Seed of the initial weights, the tune order and the dropout masks.
    public var seed: UInt64 = 1
    /// Learning rate multiplied by this after each epoch.
    public var learningRateDecay = 0.93

    public init() {}
}
