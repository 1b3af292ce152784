import Foundation

/// One LSTM layer over dense input sequences, with forward and backward passes through time (the
/// cell of `LSTMNetwork`, `LSTMCell`): the building block of `BidirectionalLSTM`.
///
/// Shapes (row-major, `Float`, batch first): input `x` is `batch x time x inputSize`; the
/// outputs (h at every step) are `batch x time x hiddenSize`. Parameters as `LSTMNetwork`'s:
/// `weightX` is `inputSize x 4H`, `weightH` is `H x 4H`, `bias` is `4H`, gates i, f, g, o.
/// Every sequence starts from a zero state, or from a given `LSTMLayer.InitialState` (a VAE
/// decoder's state set from its latent code). With `reversed`, the layer reads each sequence from
/// its last step to its first (the output at step t then summarizes steps t ..< time).
public struct LSTMLayer: Sendable {
    /// Features per input step.
    public let inputSize: Int
    /// Units (H).
    public let hiddenSize: Int
    /// `inputSize x 4H`, row-major.
    public var weightX: [Float]
    /// `H x 4H`, row-major.
    public var weightH: [Float]
    /// `4H`.
    public var bias: [Float]

    /// The gradient of a loss with respect to an `LSTMLayer`'s parameters (same shapes).
    public struct Gradient: Sendable {
        public var weightX: [Float]
        public var weightH: [Float]
        public var bias: [Float]
    }

    /// The state before a sequence's first step: `batch x H` values of h and of c, row-major.
    public struct InitialState: Sendable {
        public var h: [Float]
        public var c: [Float]
        public init(h: [Float], c: [Float]) {
            precondition(h.count == c.count, "LSTMLayer.InitialState: h and c differ in size")
            self.h = h
            self.c = c
        }
    }

    /// What `forward` computed, kept for `backward`.
    public struct Tape: Sendable {
        /// Sequences.
        public let batch: Int
        /// Steps per sequence.
        public let time: Int
        /// Whether the sequences were read last step first.
        public let reversed: Bool
        /// h at every step: `batch x time x hiddenSize`.
        public internal(set) var outputs: [Float]
        /// `batch x time x 4H` activated gates.
        var gates: [Float]
        /// `batch x time x H`: tanh of the cell, and h and c before each step (0 before the first).
        var tanhC: [Float]
        var hPrev: [Float]
        var cPrev: [Float]
    }

    /// A layer with the given parameters.
    /// - Precondition: the counts match `inputSize` and `hiddenSize`.
    public init(inputSize: Int, hiddenSize: Int, weightX: [Float], weightH: [Float], bias: [Float]) {
        let g = 4 * hiddenSize
        precondition(weightX.count == inputSize * g && weightH.count == hiddenSize * g && bias.count == g, "LSTMLayer: parameter counts do not match")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.weightX = weightX
        self.weightH = weightH
        self.bias = bias
    }

    /// Weights uniform in ±1/√H from `seed`, biases 0 except the forget gate's 1 (as `LSTMNetwork`).
    public init(inputSize: Int, hiddenSize: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let scale = 1 / Double(hiddenSize).squareRoot()
        let g = 4 * hiddenSize
        func uniform(_ n: Int) -> [Float] { rng.uniformWeights(n, scale: scale) }
        let wx = uniform(inputSize * g), wh = uniform(hiddenSize * g)
        let b = (0..<g).map { j -> Float in (j >= hiddenSize && j < 2 * hiddenSize) ? 1 : 0 }
        self.init(inputSize: inputSize, hiddenSize: hiddenSize, weightX: wx, weightH: wh, bias: b)
    }

    /// A zero gradient of this layer's shapes.
    public func zeroGradient() -> Gradient {
        Gradient(weightX: [Float](repeating: 0, count: weightX.count), weightH: [Float](repeating: 0, count: weightH.count),
                 bias: [Float](repeating: 0, count: bias.count))
    }

    /// Runs the layer over `batch` sequences of `time` steps, `x` being `batch x time x inputSize`,
    /// from `initial` (`batch x H` values of h and of c before the first step read), or from zeros.
    public func forward(_ x: [Float], batch B: Int, time T: Int, reversed: Bool = false, initial: InitialState? = nil) -> Tape {
        precondition(x.count == B * T * inputSize, "LSTMLayer: input has \(x.count) values, expected \(B) x \(T) x \(inputSize)")
        precondition(initial.map { $0.h.count == B * hiddenSize && $0.c.count == B * hiddenSize } ?? true, "LSTMLayer: initial state is not \(B) x \(hiddenSize)")
        let I = inputSize, H = hiddenSize, G = 4 * H, N = B * T
        var gates = [Float](repeating: 0, count: N * G)
        var hAll = [Float](repeating: 0, count: N * H)
        var cAll = hAll, tanhC = hAll, hPrev = hAll, cPrev = hAll
        for p in 0..<N { for j in 0..<G { gates[p * G + j] = bias[j] } }
        gates.withUnsafeMutableBufferPointer { gb in
        hAll.withUnsafeMutableBufferPointer { hb in
        cAll.withUnsafeMutableBufferPointer { cb in
        tanhC.withUnsafeMutableBufferPointer { tb in
        hPrev.withUnsafeMutableBufferPointer { hpb in
        cPrev.withUnsafeMutableBufferPointer { cpb in
        x.withUnsafeBufferPointer { xb in
        weightX.withUnsafeBufferPointer { wxb in
        weightH.withUnsafeBufferPointer { whb in
            let g = gb.baseAddress!, h = hb.baseAddress!, c = cb.baseAddress!, tc = tb.baseAddress!
            let hp = hpb.baseAddress!, cp = cpb.baseAddress!
            sgemm(false, false, N, G, I, 1, xb.baseAddress!, I, wxb.baseAddress!, G, 1, g, G)
            for s in 0..<T {
                let t = reversed ? T - 1 - s : s
                if s > 0 || initial != nil {
                    let previous = reversed ? t + 1 : t - 1
                    for b in 0..<B {
                        for j in 0..<H {
                            if s == 0, let initial {
                                hp[(b * T + t) * H + j] = initial.h[b * H + j]
                                cp[(b * T + t) * H + j] = initial.c[b * H + j]
                            } else {
                                hp[(b * T + t) * H + j] = h[(b * T + previous) * H + j]
                                cp[(b * T + t) * H + j] = c[(b * T + previous) * H + j]
                            }
                        }
                    }
                    // Rows b of step t are T rows apart.
                    sgemm(false, false, B, G, H, 1, hp + t * H, T * H, whb.baseAddress!, G, 1, g + t * G, T * G)
                }
                for b in 0..<B {
                    let p = b * T + t
                    for j in 0..<H {
                        let r = LSTMCell.forward(g + p * G, j, hidden: H, cPrev: cp[p * H + j])
                        c[p * H + j] = r.c; tc[p * H + j] = r.tanhC; h[p * H + j] = r.h
                    }
                }
            }
        }}}}}}}}}
        return Tape(batch: B, time: T, reversed: reversed, outputs: hAll, gates: gates, tanhC: tanhC, hPrev: hPrev, cPrev: cPrev)
    }

    /// The backward pass through time of `forward(x, ...)`: from `outputGradient` (`dH`,
    /// `batch x time x hiddenSize`, the loss's gradient with respect to h at every step), adds the
    /// parameter gradients to `gradient` and returns the input's gradient (`batch x time x inputSize`).
    public func backward(_ x: [Float], tape: Tape, outputGradient dH: [Float], into gradient: inout Gradient) -> [Float] {
        backwardThroughState(x, tape: tape, outputGradient: dH, into: &gradient).input
    }

    /// `backward`, also returning the gradients reaching the initial state (`batch x H` each for
    /// h and c): for a layer run from an `InitialState`.
    public func backwardThroughState(_ x: [Float], tape: Tape, outputGradient dH: [Float], into gradient: inout Gradient)
        -> (input: [Float], initial: InitialState) {
        let B = tape.batch, T = tape.time, I = inputSize, H = hiddenSize, G = 4 * H, N = B * T
        precondition(x.count == N * I && dH.count == N * H, "LSTMLayer: backward shapes do not match")
        var dG = [Float](repeating: 0, count: N * G)
        var dhNext = [Float](repeating: 0, count: B * H)
        var dcNext = [Float](repeating: 0, count: B * H)
        var dX = [Float](repeating: 0, count: N * I)
        dG.withUnsafeMutableBufferPointer { dgb in
        dhNext.withUnsafeMutableBufferPointer { dhb in
        dcNext.withUnsafeMutableBufferPointer { dcb in
        tape.gates.withUnsafeBufferPointer { ab in
        weightH.withUnsafeBufferPointer { whb in
            let dg = dgb.baseAddress!, dhn = dhb.baseAddress!, dcn = dcb.baseAddress!, a = ab.baseAddress!
            for s in stride(from: T - 1, through: 0, by: -1) {
                let t = tape.reversed ? T - 1 - s : s
                for b in 0..<B {
                    let p = b * T + t
                    for j in 0..<H {
                        dcn[b * H + j] = LSTMCell.backward(a + p * G, dg + p * G, j, hidden: H, tanhC: tape.tanhC[p * H + j],
                                                           cPrev: tape.cPrev[p * H + j], dh: dH[p * H + j] + dhn[b * H + j],
                                                           dcNext: dcn[b * H + j])
                    }
                }
                sgemm(false, true, B, H, G, 1, dg + t * G, T * G, whb.baseAddress!, G, 0, dhn, H)
            }
        }}}}}
        dG.withUnsafeBufferPointer { dgb in
            let dg = dgb.baseAddress!
            tape.hPrev.withUnsafeBufferPointer { hb in
                gradient.weightH.withUnsafeMutableBufferPointer { gw in
                    sgemm(true, false, H, G, N, 1, hb.baseAddress!, H, dg, G, 1, gw.baseAddress!, G)
                }
            }
            x.withUnsafeBufferPointer { xb in
                gradient.weightX.withUnsafeMutableBufferPointer { gw in
                    sgemm(true, false, I, G, N, 1, xb.baseAddress!, I, dg, G, 1, gw.baseAddress!, G)
                }
            }
            weightX.withUnsafeBufferPointer { wb in
                dX.withUnsafeMutableBufferPointer { dx in
                    sgemm(false, true, N, I, G, 1, dg, G, wb.baseAddress!, G, 0, dx.baseAddress!, I)
                }
            }
            for p in 0..<N { for j in 0..<G { gradient.bias[j] += dg[p * G + j] } }
        }
        return (dX, InitialState(h: dhNext, c: dcNext))
    }
}
