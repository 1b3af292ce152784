/// A fully connected (affine) layer: `y = x W + b` for a batch of row vectors, on OpenBLAS.
///
/// Shapes (row-major, `Float`): input `x` is `batch x inputSize`, output `y` is
/// `batch x outputSize`, `weight` is `inputSize x outputSize` (the LSTM's `x W` convention),
/// `bias` is `outputSize`. Gradients are accumulated (`+=`) into a `Dense.Gradient`, so the
/// gradients of several batches or uses of one layer add up.
public struct Dense: Sendable {
    /// Features per input row.
    public let inputSize: Int
    /// Features per output row.
    public let outputSize: Int
    /// `inputSize x outputSize`, row-major.
    public var weight: [Float]
    /// `outputSize`.
    public var bias: [Float]

    /// The gradient of a loss with respect to a `Dense` layer's parameters (same shapes).
    public struct Gradient: Sendable {
        public var weight: [Float]
        public var bias: [Float]
    }

    /// A layer with the given parameters.
    /// - Precondition: `weight.count == inputSize * outputSize`, `bias.count == outputSize`.
    public init(inputSize: Int, outputSize: Int, weight: [Float], bias: [Float]) {
        precondition(weight.count == inputSize * outputSize && bias.count == outputSize, "Dense: parameter counts do not match \(inputSize)x\(outputSize)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.weight = weight
        self.bias = bias
    }

    /// Weights uniform in ±√(6 / (inputSize + outputSize)) (Glorot & Bengio 2010) from `seed`,
    /// biases 0.
    public init(inputSize: Int, outputSize: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let scale = (6 / Double(inputSize + outputSize)).squareRoot()
        let w = rng.uniformWeights(inputSize * outputSize, scale: scale)
        self.init(inputSize: inputSize, outputSize: outputSize, weight: w, bias: [Float](repeating: 0, count: outputSize))
    }

    /// A zero gradient of this layer's shapes.
    public func zeroGradient() -> Gradient {
        Gradient(weight: [Float](repeating: 0, count: weight.count), bias: [Float](repeating: 0, count: bias.count))
    }

    /// `y = x W + b` for `batch` rows: `x` is `batch x inputSize`, the result `batch x outputSize`.
    public func forward(_ x: [Float], batch: Int) -> [Float] {
        precondition(x.count == batch * inputSize, "Dense: input has \(x.count) values, expected \(batch) x \(inputSize)")
        let I = inputSize, O = outputSize
        var y = [Float](repeating: 0, count: batch * O)
        for b in 0..<batch { for o in 0..<O { y[b * O + o] = bias[o] } }
        y.withUnsafeMutableBufferPointer { yb in
            x.withUnsafeBufferPointer { xb in
                weight.withUnsafeBufferPointer { wb in
                    sgemm(false, false, batch, O, I, 1, xb.baseAddress!, I, wb.baseAddress!, O, 1, yb.baseAddress!, O)
                }
            }
        }
        return y
    }

    /// The backward pass of `forward(x, batch:)`: adds `xᵀ dY` and the column sums of `dY` to
    /// `gradient`, and returns `dX = dY Wᵀ` (`batch x inputSize`). `outputGradient` (`dY`) is
    /// `batch x outputSize`, the loss's gradient with respect to `y`.
    public func backward(_ x: [Float], outputGradient dY: [Float], batch: Int, into gradient: inout Gradient) -> [Float] {
        precondition(x.count == batch * inputSize && dY.count == batch * outputSize, "Dense: backward shapes do not match")
        let I = inputSize, O = outputSize
        var dX = [Float](repeating: 0, count: batch * I)
        x.withUnsafeBufferPointer { xb in
            dY.withUnsafeBufferPointer { db in
                gradient.weight.withUnsafeMutableBufferPointer { gw in
                    sgemm(true, false, I, O, batch, 1, xb.baseAddress!, I, db.baseAddress!, O, 1, gw.baseAddress!, O)
                }
                weight.withUnsafeBufferPointer { wb in
                    dX.withUnsafeMutableBufferPointer { dx in
                        sgemm(false, true, batch, I, O, 1, db.baseAddress!, O, wb.baseAddress!, O, 0, dx.baseAddress!, I)
                    }
                }
            }
        }
        for b in 0..<batch { for o in 0..<O { gradient.bias[o] += dY[b * O + o] } }
        return dX
    }
}
