/// Inputs and targets for `T` steps of `B` parallel sequences, position `p = t * B + b`.
///
/// Inputs are sparse binary features: the active feature indices of position `p` are
/// `indices[offsets[p] ..< offsets[p + 1]]`. `targets[p]` is the class to predict (-1: no loss,
/// e.g. padding); `resets[p]` clears the state before position `p` (a new sequence starts).
public struct LSTMBatch: Sendable {
    public var steps: Int
    public var batch: Int
    public var offsets: [Int32]
    public var indices: [Int32]
    public var targets: [Int32]
    public var resets: [Bool]

    public init(steps: Int, batch: Int) {
        self.steps = steps
        self.batch = batch
        offsets = [0]
        offsets.reserveCapacity(steps * batch + 1)
        indices = []
        targets = []
        resets = []
    }

    /// Appends the next position (in `t * B + b` order).
    public mutating func append(features: [Int32], target: Int32, reset: Bool) {
        indices.append(contentsOf: features)
        offsets.append(Int32(indices.count))
        targets.append(target)
        resets.append(reset)
    }
}

/// What one pass over a batch gives.
public struct LSTMPassResult: Sendable {
    /// Sum of -ln P(target) over positions with a target, in nats.
    public var nats: Double = 0
    /// Positions with a target.
    public var count: Int = 0
    /// Positions whose most likely class is the target.
    public var correct: Int = 0
    /// -ln P(target) per position (0 where there is no target), when requested.
    public var perPosition: [Float] = []
}
