/// A bidirectional LSTM encoder (Schuster & Paliwal 1997), as MusicVAE's encoder: one
/// `LSTMLayer` reads each sequence forward, another backward, and the encoding is the last
/// state of each, concatenated: `[h→(time-1), h←(0)]`.
///
/// Shapes (row-major, `Float`, batch first): input `x` is `batch x time x inputSize`; the
/// output is `batch x 2H` (the forward direction's H values, then the backward direction's).
public struct BidirectionalLSTM: Sendable {
    /// Reads steps 0, 1, ..., time-1.
    public var forwardLayer: LSTMLayer
    /// Reads steps time-1, ..., 1, 0.
    public var backwardLayer: LSTMLayer

    /// The gradients of both directions.
    public struct Gradient: Sendable {
        public var forwardLayer: LSTMLayer.Gradient
        public var backwardLayer: LSTMLayer.Gradient
    }

    /// What `forward` computed, kept for `backward`.
    public struct Tape: Sendable {
        public var forward: LSTMLayer.Tape
        public var backward: LSTMLayer.Tape
    }

    public init(forwardLayer: LSTMLayer, backwardLayer: LSTMLayer) {
        precondition(forwardLayer.inputSize == backwardLayer.inputSize && forwardLayer.hiddenSize == backwardLayer.hiddenSize,
                     "BidirectionalLSTM: the two directions differ in size")
        self.forwardLayer = forwardLayer
        self.backwardLayer = backwardLayer
    }

    /// Two directions of `hiddenSize` units each, weights from `seed` and `seed + 1`.
    public init(inputSize: Int, hiddenSize: Int, seed: UInt64) {
        self.init(forwardLayer: LSTMLayer(inputSize: inputSize, hiddenSize: hiddenSize, seed: seed),
                  backwardLayer: LSTMLayer(inputSize: inputSize, hiddenSize: hiddenSize, seed: seed &+ 1))
    }

    /// Units per direction (H); the output has 2H values per sequence.
    public var hiddenSize: Int { forwardLayer.hiddenSize }

    /// A gradient of zeros for both directions, to accumulate `backward` into.
    public func zeroGradient() -> Gradient {
        Gradient(forwardLayer: forwardLayer.zeroGradient(), backwardLayer: backwardLayer.zeroGradient())
    }

    /// Encodes `batch` sequences of `time` steps (`x`: `batch x time x inputSize`, time ≥ 1):
    /// returns `batch x 2H` and the tape for `backward`.
    public func forward(_ x: [Float], batch B: Int, time T: Int) -> (output: [Float], tape: Tape) {
        precondition(T >= 1, "BidirectionalLSTM: empty sequences")
        let f = forwardLayer.forward(x, batch: B, time: T)
        let b = backwardLayer.forward(x, batch: B, time: T, reversed: true)
        let H = hiddenSize
        var out = [Float](repeating: 0, count: B * 2 * H)
        for r in 0..<B {
            for j in 0..<H {
                out[r * 2 * H + j] = f.outputs[(r * T + T - 1) * H + j]
                out[r * 2 * H + H + j] = b.outputs[(r * T) * H + j]
            }
        }
        return (out, Tape(forward: f, backward: b))
    }

    /// The backward pass: from `outputGradient` (`batch x 2H`), adds both directions' parameter
    /// gradients to `gradient` and returns the input's gradient (`batch x time x inputSize`).
    public func backward(_ x: [Float], tape: Tape, outputGradient dOut: [Float], into gradient: inout Gradient) -> [Float] {
        let B = tape.forward.batch, T = tape.forward.time, H = hiddenSize
        precondition(dOut.count == B * 2 * H, "BidirectionalLSTM: output gradient has \(dOut.count) values, expected \(B) x \(2 * H)")
        var dF = [Float](repeating: 0, count: B * T * H)
        var dB = dF
        for r in 0..<B {
            for j in 0..<H {
                dF[(r * T + T - 1) * H + j] = dOut[r * 2 * H + j]
                dB[(r * T) * H + j] = dOut[r * 2 * H + H + j]
            }
        }
        var dX = forwardLayer.backward(x, tape: tape.forward, outputGradient: dF, into: &gradient.forwardLayer)
        let dXb = backwardLayer.backward(x, tape: tape.backward, outputGradient: dB, into: &gradient.backwardLayer)
        for k in dX.indices { dX[k] += dXb[k] }
        return dX
    }
}
