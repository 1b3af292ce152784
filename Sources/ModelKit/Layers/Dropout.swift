/// Inverted dropout (Srivastava et al. 2014): during training each value is kept with
/// probability `1 - rate` and scaled by `1 / (1 - rate)`, else zeroed, so nothing changes at
/// inference (apply no mask then).
///
/// Masks are drawn from a `SeededGenerator`, one uniform draw per value in order, as
/// `LSTMNetwork`'s dropout does: the same seed gives the same mask. The backward pass multiplies
/// the output gradient by the same mask (`apply` again).
public struct Dropout: Sendable, Hashable {
    /// The probability of zeroing a value, in [0, 1).
    public var rate: Float

    /// - Precondition: `rate` in [0, 1).
    public init(rate: Float) {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) is outside [0, 1)")
        self.rate = rate
    }

    /// A mask of `count` values, each `1 / (1 - rate)` (kept) or 0 (dropped).
    public func mask(count: Int, rng: inout SeededGenerator) -> [Float] {
        Dropout.mask(count: count, keep: 1 - rate, rng: &rng)
    }

    /// `count` values, each `1 / keep` with probability `keep` (one uniform draw per value, in
    /// order), else 0: the masks of `Dropout` and of `LSTMNetwork`'s dropout.
    static func mask(count: Int, keep: Float, rng: inout SeededGenerator) -> [Float] {
        var m = [Float](repeating: 0, count: count)
        for k in 0..<count where Float(rng.nextUnitDouble()) < keep { m[k] = 1 / keep }
        return m
    }

    /// `x` times `mask`, value by value: the forward pass on activations, and the backward pass
    /// on their gradients.
    public static func apply(_ x: [Float], mask: [Float]) -> [Float] {
        precondition(x.count == mask.count, "Dropout: \(x.count) values, mask of \(mask.count)")
        var y = x
        for k in y.indices { y[k] *= mask[k] }
        return y
    }
}
