import Foundation

/// The Adam optimizer (Kingma & Ba 2015) over a flat `[Float]` parameter vector, with the bias
/// corrections folded into the step size and epsilon (the "efficient" form of section 2):
///
///     m = β1 m + (1 - β1) g,  v = β2 v + (1 - β2) g²
///     θ -= lr √(1 - β2^t) / (1 - β1^t) · m / (√v + ε √(1 - β2^t))
///
/// The moments are `Float`; the corrections are computed in `Double`, then rounded once.
/// Deterministic: the same gradients give the same parameters bit for bit.
public struct Adam: Sendable {
    /// Decay of the first moment (β1), in [0, 1).
    public var beta1: Double
    /// Decay of the second moment (β2), in [0, 1).
    public var beta2: Double
    /// Added to √v (before bias correction) against division by zero.
    public var epsilon: Double
    /// First moments, one per parameter (restorable from a checkpoint).
    public var m: [Float]
    /// Second moments, one per parameter (restorable from a checkpoint).
    public var v: [Float]
    /// Steps taken so far (t in the bias corrections; restorable from a checkpoint).
    public var updates: Int

    /// An optimizer with zero moments for `parameterCount` parameters.
    public init(parameterCount: Int, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        m = [Float](repeating: 0, count: parameterCount)
        v = m
        updates = 0
    }

    /// One Adam step: updates the moments with `gradient` and moves `parameters` against it by
    /// about `learningRate` per coordinate. `parameters`, `gradient`, `m` and `v` have one
    /// count.
    public mutating func step(_ parameters: inout [Float], gradient: [Float], learningRate: Double) {
        precondition(parameters.count == m.count && gradient.count == m.count, "Adam: \(parameters.count) parameters, \(gradient.count) gradients, \(m.count) moments")
        updates += 1
        let b1 = Float(beta1), b2 = Float(beta2)
        let c1 = 1 - pow(beta1, Double(updates)), c2 = 1 - pow(beta2, Double(updates))
        let step = Float(learningRate * c2.squareRoot() / c1)
        let eps = Float(epsilon * c2.squareRoot())
        parameters.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        for k in 0..<p.count {
                            let gk = g[k]
                            m[k] = b1 * m[k] + (1 - b1) * gk
                            v[k] = b2 * v[k] + (1 - b2) * gk * gk
                            p[k] -= step * m[k] / (v[k].squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
