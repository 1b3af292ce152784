@testable import ModelKit

/// Random values in ±scale from a seed (uniform).
func randomValues(_ count: Int, seed: UInt64, scale: Double = 1) -> [Float] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float((rng.nextUnitDouble() * 2 - 1) * scale) }
}

/// `Σ r_k y_k` in Double: a scalar loss whose gradient with respect to `y` is `r`.
func project(_ y: [Float], _ r: [Float]) -> Double {
    precondition(y.count == r.count)
    var s = 0.0
    for k in y.indices { s += Double(y[k]) * Double(r[k]) }
    return s
}

/// The worst relative error between `analytic` and central differences of `loss` at `indices`
/// of `values`: `|numeric - analytic| / max(floor, |numeric| + |analytic|)`, each value moved by
/// ±`eps` (in Float), the loss evaluated in Double.
func worstGradientError(_ values: [Float], analytic: [Float], indices: [Int]? = nil, eps: Float = 1e-2, floor: Double = 1e-2,
                        loss: ([Float]) -> Double) -> Double {
    precondition(values.count == analytic.count)
    var worst = 0.0
    for k in indices ?? Array(values.indices) {
        var plus = values, minus = values
        plus[k] += eps
        minus[k] -= eps
        let numeric = (loss(plus) - loss(minus)) / (Double(plus[k]) - Double(minus[k]))
        let error = abs(numeric - Double(analytic[k])) / max(floor, abs(numeric) + abs(Double(analytic[k])))
        worst = max(worst, error)
    }
    return worst
}

/// Every `step`-th index of `count` values (a sample of the parameters to check), starting at `offset`.
func sampled(_ count: Int, step: Int, offset: Int = 0) -> [Int] { Array(Swift.stride(from: offset % max(count, 1), to: count, by: step)) }
