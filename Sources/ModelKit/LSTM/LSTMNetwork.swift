import Foundation

/// A stacked LSTM (Hochreiter & Schmidhuber 1997, with forget gates, Gers et al. 2000) with a
/// softmax output layer, forward and backward passes over a batch, on OpenBLAS.
///
/// Each layer computes, for gates in the order i, f, g, o:
/// `[i f g o] = x Wx + h(t-1) Wh + b`, `c = σ(f) c(t-1) + σ(i) tanh(g)`, `h = σ(o) tanh(c)`.
/// Layer 0's input is a sparse binary feature vector (its product is a sum of rows of `Wx`);
/// higher layers take the layer below's `h`. Dropout (inverted, rate `dropout`) is applied to the
/// outputs of every layer, i.e. to the inputs of the next layer and of the softmax (Zaremba et al.
/// 2014: non-recurrent connections only). Gradients are exact (checked numerically in the tests).
public final class LSTMNetwork: @unchecked Sendable {
    public let shape: LSTMShape
    let layout: LSTMLayout
    /// All parameters, flat (see `tensors`).
    public var parameters: [Float]

    public var parameterCount: Int { layout.count }

    public init(shape: LSTMShape, parameters: [Float]) {
        self.shape = shape
        self.layout = LSTMLayout(shape)
        precondition(parameters.count == layout.count, "parameter count \(parameters.count) != \(layout.count)")
        self.parameters = parameters
    }

    /// Weights uniform in ±1/sqrt(hidden) from `seed`, biases 0 except forget-gate biases 1.
    public convenience init(shape: LSTMShape, seed: UInt64) {
        let layout = LSTMLayout(shape)
        var rng = SeededGenerator(seed: seed)
        let scale = 1 / Double(shape.hiddenSize).squareRoot()
        var p = rng.uniformWeights(layout.count, scale: scale)
        let h = shape.hiddenSize
        for l in layout.layers {
            for j in 0..<(4 * h) { p[l.b + j] = (j >= h && j < 2 * h) ? 1 : 0 }
        }
        for j in 0..<shape.outputSize { p[layout.by + j] = 0 }
        self.init(shape: shape, parameters: p)
    }

    /// Named tensors (name, shape, offset) in the flat parameter vector, for saving:
    /// `lstm.L.weight_x` [in, 4H], `lstm.L.weight_h` [H, 4H], `lstm.L.bias` [4H] (gates i, f, g, o),
    /// `output.weight` [H, classes], `output.bias` [classes]. Row-major: `x W`.
    public var tensors: [(name: String, shape: [Int], offset: Int)] {
        var t: [(String, [Int], Int)] = []
        let h = shape.hiddenSize
        for (l, layer) in layout.layers.enumerated() {
            t.append(("lstm.\(l).weight_x", [shape.layerInput(l), 4 * h], layer.wx))
            t.append(("lstm.\(l).weight_h", [h, 4 * h], layer.wh))
            t.append(("lstm.\(l).bias", [4 * h], layer.b))
        }
        t.append(("output.weight", [h, shape.outputSize], layout.wy))
        t.append(("output.bias", [shape.outputSize], layout.by))
        return t
    }

    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// One forward pass over `batch` from `state` (updated to the state after the last step),
    /// and, when `gradient` is given, the backward pass: the gradient of the mean loss over
    /// positions with a target is added to `gradient`. `dropout` > 0 draws masks from `rng`.
    @discardableResult
    public func pass(_ batch: LSTMBatch, state: inout LSTMState, dropout: Float = 0, rng: inout SeededGenerator,
                     gradient: UnsafeMutablePointer<Float>? = nil, perPosition: Bool = false) -> LSTMPassResult {
        var (result, tape) = forward(batch, state: &state, dropout: dropout, rng: &rng, perPosition: perPosition)
        guard let gradient, result.count > 0 else { return result }
        var dLogits: [Float] = []
        swap(&dLogits, &tape.probabilities)
        backward(batch, tape: tape, dLogits: &dLogits, count: result.count, gradient: gradient)
        return result
    }
}
