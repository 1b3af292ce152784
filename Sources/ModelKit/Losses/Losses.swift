import Foundation

/// A loss over a batch and its gradient with respect to the layer output it was computed from.
public struct LossValue: Sendable {
    /// The summed loss, in nats.
    public var nats: Double
    /// How many terms were summed (positions with a target, elements, or batch rows).
    public var count: Int
    /// The gradient of the mean loss (`nats / count`) with respect to the input values, of the
    /// input's shape.
    public var gradient: [Float]

    /// The mean loss, in nats per term (0 when nothing was counted).
    public var mean: Double { count > 0 ? nats / Double(count) : 0 }
}

/// The gradients of `Losses.gaussianKL` with respect to its two inputs.
public struct GaussianKLValue: Sendable {
    /// KL divergence summed over the latent dimensions and the batch, in nats.
    public var nats: Double
    /// Batch rows.
    public var batch: Int
    /// Gradient of `nats / batch` with respect to the means (`batch x dimensions`).
    public var meanGradient: [Float]
    /// Gradient of `nats / batch` with respect to the log-variances (`batch x dimensions`).
    public var logVarianceGradient: [Float]

    /// The mean KL per batch row, in nats.
    public var mean: Double { batch > 0 ? nats / Double(batch) : 0 }
}

/// Losses for training: each returns the summed loss in nats and the gradient of the mean loss.
public enum Losses {
    /// Softmax cross-entropy over `classes` classes: `-ln softmax(logits)[target]` per row.
    ///
    /// `logits` is `rows x classes`; `targets` has one class per row, -1 for a row without loss
    /// (padding). The softmax subtracts the row maximum first (no overflow). The gradient is
    /// `(softmax - onehot) / count` on counted rows, 0 elsewhere.
    public static func softmaxCrossEntropy(logits: [Float], classes: Int, targets: [Int32]) -> LossValue {
        let rows = targets.count
        precondition(logits.count == rows * classes, "softmaxCrossEntropy: \(logits.count) logits for \(rows) rows of \(classes)")
        var g = [Float](repeating: 0, count: logits.count)
        var nats = 0.0, count = 0
        for r in 0..<rows {
            let target = Int(targets[r])
            guard target >= 0 else { continue }
            precondition(target < classes, "softmaxCrossEntropy: target \(target) outside 0..<\(classes)")
            let base = r * classes
            var top: Float = -.infinity
            for v in 0..<classes { top = max(top, logits[base + v]) }
            var sum: Float = 0
            for v in 0..<classes { let e = expf(logits[base + v] - top); g[base + v] = e; sum += e }
            nats -= Double(logits[base + target] - top) - Double(logf(sum))
            count += 1
            for v in 0..<classes { g[base + v] /= sum }
            g[base + target] -= 1
        }
        if count > 0 {
            let scale = 1 / Float(count)
            for k in g.indices { g[k] *= scale }
        }
        return LossValue(nats: nats, count: count, gradient: g)
    }

    /// Binary cross-entropy of independent sigmoids from their logits, per element:
    /// `-t ln σ(x) - (1 - t) ln(1 - σ(x))`, computed as `max(x, 0) - x t + ln(1 + e^-|x|)`
    /// (stable for any `x`).
    ///
    /// `logits` and `targets` have one count (any shape, e.g. `batch x time x pitches` onset or
    /// frame labels); targets are in [0, 1]. The gradient is `(σ(x) - t) / count`.
    public static func sigmoidCrossEntropy(logits: [Float], targets: [Float]) -> LossValue {
        precondition(logits.count == targets.count, "sigmoidCrossEntropy: \(logits.count) logits, \(targets.count) targets")
        var g = [Float](repeating: 0, count: logits.count)
        var nats = 0.0
        let scale = 1 / Float(max(logits.count, 1))
        for k in logits.indices {
            let x = logits[k], t = targets[k]
            nats += Double(max(x, 0) - x * t + log1pf(expf(-abs(x))))
            g[k] = (1 / (1 + expf(-x)) - t) * scale
        }
        return LossValue(nats: nats, count: logits.count, gradient: g)
    }

    /// The KL divergence from `N(mean, exp(logVariance))` (diagonal) to `N(0, 1)`, the VAE's
    /// latent penalty (Kingma & Welling 2014): `½ Σ (μ² + σ² - 1 - ln σ²)` over the dimensions,
    /// summed over the batch.
    ///
    /// `mean` and `logVariance` are `batch x dimensions`. The gradients are those of the mean KL
    /// per row: `μ / batch` and `½ (σ² - 1) / batch`.
    public static func gaussianKL(mean: [Float], logVariance: [Float], batch: Int) -> GaussianKLValue {
        precondition(mean.count == logVariance.count && batch > 0 && mean.count % batch == 0, "gaussianKL: shapes do not match")
        var nats = 0.0
        var dMean = [Float](repeating: 0, count: mean.count)
        var dLogVariance = [Float](repeating: 0, count: mean.count)
        let scale = 1 / Float(batch)
        for k in mean.indices {
            let mu = mean[k], lv = logVariance[k], variance = expf(lv)
            nats += 0.5 * Double(mu * mu + variance - 1 - lv)
            dMean[k] = mu * scale
            dLogVariance[k] = 0.5 * (variance - 1) * scale
        }
        return GaussianKLValue(nats: nats, batch: batch, meanGradient: dMean, logVarianceGradient: dLogVariance)
    }

    /// The VAE's reparameterization `z = μ + exp(½ ln σ²) ε` for given standard normal `noise` ε
    /// (all three `batch x dimensions`, or any one shape).
    public static func reparameterize(mean: [Float], logVariance: [Float], noise: [Float]) -> [Float] {
        precondition(mean.count == logVariance.count && mean.count == noise.count, "reparameterize: counts differ")
        return mean.indices.map { mean[$0] + expf(0.5 * logVariance[$0]) * noise[$0] }
    }

    /// The backward pass of `reparameterize`: from `dZ`, the gradients with respect to the means
    /// (`dZ`) and the log-variances (`dZ ε ½ exp(½ ln σ²)`).
    public static func reparameterizeBackward(logVariance: [Float], noise: [Float], outputGradient dZ: [Float])
        -> (mean: [Float], logVariance: [Float]) {
        precondition(logVariance.count == noise.count && noise.count == dZ.count, "reparameterizeBackward: counts differ")
        return (dZ, dZ.indices.map { dZ[$0] * noise[$0] * 0.5 * expf(0.5 * logVariance[$0]) })
    }
}
