import COpenBLAS
import Foundation

/// C = alpha * op(A) * op(B) + beta * C, row-major, through OpenBLAS.
@inline(__always)
func sgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
           _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
           _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
        if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } } }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// BLAS threading (OpenBLAS's own thread pool).
public enum BLAS {
    /// Sets how many threads OpenBLAS uses for matrix products. With a fixed count, results are
    /// reproducible run to run.
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
    /// The number of threads OpenBLAS uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }
}

/// The shape of an LSTM network: `layers` stacked LSTM layers of `hiddenSize` units over sparse
/// binary inputs of `inputSize` features, then a softmax over `outputSize` classes.
public struct LSTMShape: Hashable, Sendable, Codable {
    public var inputSize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var outputSize: Int

    public init(inputSize: Int, hiddenSize: Int, layers: Int, outputSize: Int) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.outputSize = outputSize
    }

    /// Rows of layer `l`'s input weight matrix.
    func layerInput(_ l: Int) -> Int { l == 0 ? inputSize : hiddenSize }
}

/// Where each tensor lives in the flat parameter vector.
struct LSTMLayout: Sendable {
    struct Layer: Sendable { var wx: Int; var wh: Int; var b: Int }
    var layers: [Layer]
    var wy: Int
    var by: Int
    var count: Int

    init(_ s: LSTMShape) {
        var offset = 0
        var layers: [Layer] = []
        let g = 4 * s.hiddenSize
        for l in 0..<s.layers {
            let wx = offset; offset += s.layerInput(l) * g
            let wh = offset; offset += s.hiddenSize * g
            let b = offset; offset += g
            layers.append(Layer(wx: wx, wh: wh, b: b))
        }
        self.layers = layers
        wy = offset; offset += s.hiddenSize * s.outputSize
        by = offset; offset += s.outputSize
        count = offset
    }
}

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

/// The recurrent state of `batch` sequences: `h` and `c` of each layer, `batch x hidden` each.
public struct LSTMState: Sendable {
    public var h: [[Float]]
    public var c: [[Float]]
    public let batch: Int

    public init(shape: LSTMShape, batch: Int) {
        self.batch = batch
        h = Array(repeating: [Float](repeating: 0, count: batch * shape.hiddenSize), count: shape.layers)
        c = h
    }

    /// The state of row `b` only (for beam search).
    public func row(_ b: Int, hidden: Int) -> LSTMState {
        var s = LSTMState(layers: h.count, batch: 1, hidden: hidden)
        for l in h.indices {
            s.h[l] = Array(h[l][b * hidden ..< (b + 1) * hidden])
            s.c[l] = Array(c[l][b * hidden ..< (b + 1) * hidden])
        }
        return s
    }

    init(layers: Int, batch: Int, hidden: Int) {
        self.batch = batch
        h = Array(repeating: [Float](repeating: 0, count: batch * hidden), count: layers)
        c = h
    }

    /// Rows gathered from several states of batch 1 (or rows of one state).
    public static func stack(_ rows: [LSTMState], hidden: Int) -> LSTMState {
        var s = LSTMState(layers: rows.first?.h.count ?? 0, batch: rows.count, hidden: hidden)
        for l in s.h.indices {
            s.h[l] = rows.flatMap { $0.h[l] }
            s.c[l] = rows.flatMap { $0.c[l] }
        }
        return s
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
        var p = (0..<layout.count).map { _ in Float((rng.nextUnitDouble() * 2 - 1) * scale) }
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
        let T = batch.steps, B = batch.batch, H = shape.hiddenSize, G = 4 * H, V = shape.outputSize
        let N = T * B
        precondition(batch.targets.count == N && state.batch == B)
        let L = shape.layers
        let keep = 1 - dropout
        // Tape.
        var acts = [[Float]](repeating: [], count: L)      // N x G activated gates
        var cells = [[Float]](repeating: [], count: L)     // N x H
        var tanhC = [[Float]](repeating: [], count: L)     // N x H
        var hPrev = [[Float]](repeating: [], count: L)     // N x H (zero rows after a reset)
        var cPrev = [[Float]](repeating: [], count: L)     // N x H
        var outputs = [[Float]](repeating: [], count: L)   // N x H, after dropout: the next layer's input
        var masks = [[Float]](repeating: [], count: L)     // N x H dropout masks (training only)

        var result = LSTMPassResult()
        parameters.withUnsafeBufferPointer { pp in
            let P = pp.baseAddress!
            for l in 0..<L {
                let lay = layout.layers[l]
                var gates = [Float](repeating: 0, count: N * G)
                gates.withUnsafeMutableBufferPointer { gb in
                    let g = gb.baseAddress!
                    for p in 0..<N { for j in 0..<G { g[p * G + j] = P[lay.b + j] } }
                    if l == 0 {
                        batch.offsets.withUnsafeBufferPointer { off in
                            batch.indices.withUnsafeBufferPointer { idx in
                                for p in 0..<N {
                                    let row = g + p * G
                                    for k in Int(off[p])..<Int(off[p + 1]) {
                                        let w = P + lay.wx + Int(idx[k]) * G
                                        for j in 0..<G { row[j] += w[j] }
                                    }
                                }
                            }
                        }
                    } else {
                        outputs[l - 1].withUnsafeBufferPointer { x in
                            sgemm(false, false, N, G, H, 1, x.baseAddress!, H, P + lay.wx, G, 1, g, G)
                        }
                    }
                }
                var c = [Float](repeating: 0, count: N * H)
                var tc = [Float](repeating: 0, count: N * H)
                var hp = [Float](repeating: 0, count: N * H)
                var cp = [Float](repeating: 0, count: N * H)
                var h = [Float](repeating: 0, count: N * H)
                gates.withUnsafeMutableBufferPointer { gb in
                c.withUnsafeMutableBufferPointer { cb in
                tc.withUnsafeMutableBufferPointer { tcb in
                hp.withUnsafeMutableBufferPointer { hpb in
                cp.withUnsafeMutableBufferPointer { cpb in
                h.withUnsafeMutableBufferPointer { hb in
                    let g = gb.baseAddress!, cc = cb.baseAddress!, t2 = tcb.baseAddress!
                    let hpr = hpb.baseAddress!, cpr = cpb.baseAddress!, hh = hb.baseAddress!
                    for t in 0..<T {
                        let base = t * B
                        for b in 0..<B {
                            let p = base + b
                            if batch.resets[p] { continue }   // zero previous state
                            if t == 0 {
                                for j in 0..<H { hpr[p * H + j] = state.h[l][b * H + j]; cpr[p * H + j] = state.c[l][b * H + j] }
                            } else {
                                for j in 0..<H { hpr[p * H + j] = hh[(p - B) * H + j]; cpr[p * H + j] = cc[(p - B) * H + j] }
                            }
                        }
                        sgemm(false, false, B, G, H, 1, hpr + base * H, H, P + lay.wh, G, 1, g + base * G, G)
                        for p in base..<(base + B) {
                            let row = g + p * G
                            for j in 0..<H {
                                let i = LSTMNetwork.sigmoid(row[j])
                                let f = LSTMNetwork.sigmoid(row[H + j])
                                let gg = tanhf(row[2 * H + j])
                                let o = LSTMNetwork.sigmoid(row[3 * H + j])
                                row[j] = i; row[H + j] = f; row[2 * H + j] = gg; row[3 * H + j] = o
                                let cv = f * cpr[p * H + j] + i * gg
                                cc[p * H + j] = cv
                                let tv = tanhf(cv)
                                t2[p * H + j] = tv
                                hh[p * H + j] = o * tv
                            }
                        }
                    }
                    for b in 0..<B {
                        let p = (T - 1) * B + b
                        for j in 0..<H { state.h[l][b * H + j] = hh[p * H + j]; state.c[l][b * H + j] = cc[p * H + j] }
                    }
                }}}}}}
                if dropout > 0 {
                    var m = [Float](repeating: 0, count: N * H)
                    for k in 0..<(N * H) {
                        if Float(rng.nextUnitDouble()) < keep { m[k] = 1 / keep }
                    }
                    for k in 0..<(N * H) { h[k] *= m[k] }
                    masks[l] = m
                }
                acts[l] = gates; cells[l] = c; tanhC[l] = tc; hPrev[l] = hp; cPrev[l] = cp; outputs[l] = h
            }
            // Softmax layer.
            var logits = [Float](repeating: 0, count: N * V)
            logits.withUnsafeMutableBufferPointer { lb in
                let lg = lb.baseAddress!
                for p in 0..<N { for v in 0..<V { lg[p * V + v] = P[layout.by + v] } }
                outputs[L - 1].withUnsafeBufferPointer { x in
                    sgemm(false, false, N, V, H, 1, x.baseAddress!, H, P + layout.wy, V, 1, lg, V)
                }
                if perPosition { result.perPosition = [Float](repeating: 0, count: N) }
                for p in 0..<N {
                    let row = lg + p * V
                    var top: Float = -.infinity
                    var arg = 0
                    for v in 0..<V where row[v] > top { top = row[v]; arg = v }
                    let target = Int(batch.targets[p])
                    let targetLogit = target >= 0 ? row[target] - top : 0
                    var sum: Float = 0
                    for v in 0..<V { row[v] = expf(row[v] - top); sum += row[v] }
                    let inv = 1 / sum
                    for v in 0..<V { row[v] *= inv }    // probabilities
                    if target >= 0 {
                        let lp = Double(targetLogit) - Double(logf(sum))
                        result.nats -= lp
                        result.count += 1
                        if arg == target { result.correct += 1 }
                        if perPosition { result.perPosition[p] = Float(-lp) }
                    }
                }
            }
            guard let dParams = gradient, result.count > 0 else { return }
            // Backward.
            let scale = 1 / Float(result.count)
            logits.withUnsafeMutableBufferPointer { lb in
                let d = lb.baseAddress!
                for p in 0..<N {
                    let target = Int(batch.targets[p])
                    if target < 0 {
                        for v in 0..<V { d[p * V + v] = 0 }
                    } else {
                        for v in 0..<V { d[p * V + v] *= scale }
                        d[p * V + target] -= scale
                    }
                }
                outputs[L - 1].withUnsafeBufferPointer { x in
                    sgemm(true, false, H, V, N, 1, x.baseAddress!, H, d, V, 1, dParams + layout.wy, V)
                }
                for p in 0..<N { for v in 0..<V { dParams[layout.by + v] += d[p * V + v] } }
            }
            var dOut = [Float](repeating: 0, count: N * H)
            logits.withUnsafeBufferPointer { lb in
                dOut.withUnsafeMutableBufferPointer { db in
                    sgemm(false, true, N, H, V, 1, lb.baseAddress!, V, P + layout.wy, V, 0, db.baseAddress!, H)
                }
            }
            for l in stride(from: L - 1, through: 0, by: -1) {
                let lay = layout.layers[l]
                if !masks[l].isEmpty { for k in 0..<(N * H) { dOut[k] *= masks[l][k] } }
                var dG = [Float](repeating: 0, count: N * G)
                var dhNext = [Float](repeating: 0, count: B * H)
                var dcNext = [Float](repeating: 0, count: B * H)
                dG.withUnsafeMutableBufferPointer { dgb in
                acts[l].withUnsafeBufferPointer { ab in
                tanhC[l].withUnsafeBufferPointer { tcb in
                cPrev[l].withUnsafeBufferPointer { cpb in
                dOut.withUnsafeBufferPointer { dob in
                dhNext.withUnsafeMutableBufferPointer { dhb in
                dcNext.withUnsafeMutableBufferPointer { dcb in
                    let dg = dgb.baseAddress!, a = ab.baseAddress!, tc = tcb.baseAddress!, cp = cpb.baseAddress!
                    let dO = dob.baseAddress!, dhn = dhb.baseAddress!, dcn = dcb.baseAddress!
                    for t in stride(from: T - 1, through: 0, by: -1) {
                        let base = t * B
                        for b in 0..<B {
                            let p = base + b
                            let row = a + p * G, drow = dg + p * G
                            for j in 0..<H {
                                let i = row[j], f = row[H + j], g = row[2 * H + j], o = row[3 * H + j]
                                let tv = tc[p * H + j]
                                let dh = dO[p * H + j] + dhn[b * H + j]
                                let dc = dh * o * (1 - tv * tv) + dcn[b * H + j]
                                drow[3 * H + j] = dh * tv * o * (1 - o)
                                drow[j] = dc * g * i * (1 - i)
                                drow[2 * H + j] = dc * i * (1 - g * g)
                                drow[H + j] = dc * cp[p * H + j] * f * (1 - f)
                                dcn[b * H + j] = dc * f
                            }
                        }
                        sgemm(false, true, B, H, G, 1, dg + base * G, G, P + lay.wh, G, 0, dhn, H)
                        for b in 0..<B where batch.resets[base + b] {
                            for j in 0..<H { dhn[b * H + j] = 0; dcn[b * H + j] = 0 }
                        }
                    }
                }}}}}}}
                dG.withUnsafeBufferPointer { dgb in
                    let dg = dgb.baseAddress!
                    hPrev[l].withUnsafeBufferPointer { hb in
                        sgemm(true, false, H, G, N, 1, hb.baseAddress!, H, dg, G, 1, dParams + lay.wh, G)
                    }
                    for p in 0..<N { for j in 0..<G { dParams[lay.b + j] += dg[p * G + j] } }
                    if l == 0 {
                        batch.offsets.withUnsafeBufferPointer { off in
                            batch.indices.withUnsafeBufferPointer { idx in
                                for p in 0..<N {
                                    let row = dg + p * G
                                    for k in Int(off[p])..<Int(off[p + 1]) {
                                        let w = dParams + lay.wx + Int(idx[k]) * G
                                        for j in 0..<G { w[j] += row[j] }
                                    }
                                }
                            }
                        }
                    } else {
                        outputs[l - 1].withUnsafeBufferPointer { x in
                            sgemm(true, false, H, G, N, 1, x.baseAddress!, H, dg, G, 1, dParams + lay.wx, G)
                        }
                        dOut.withUnsafeMutableBufferPointer { db in
                            sgemm(false, true, N, H, G, 1, dg, G, P + lay.wx, G, 0, db.baseAddress!, H)
                        }
                    }
                }
            }
        }
        return result
    }

    /// Next-class probabilities for one step of `state.batch` sequences: `features[b]` are row
    /// `b`'s active input features. Advances `state`. Returns `batch x outputSize` probabilities.
    public func step(features: [[Int32]], state: inout LSTMState) -> [Float] {
        let B = features.count
        let H = shape.hiddenSize, G = 4 * H, V = shape.outputSize
        precondition(state.batch == B)
        var probs = [Float](repeating: 0, count: B * V)
        parameters.withUnsafeBufferPointer { pp in
            let P = pp.baseAddress!
            var x: [Float] = []
            for l in 0..<shape.layers {
                let lay = layout.layers[l]
                var g = [Float](repeating: 0, count: B * G)
                g.withUnsafeMutableBufferPointer { gb in
                    let gg = gb.baseAddress!
                    for b in 0..<B {
                        let row = gg + b * G
                        for j in 0..<G { row[j] = P[lay.b + j] }
                        if l == 0 {
                            for k in features[b] {
                                let w = P + lay.wx + Int(k) * G
                                for j in 0..<G { row[j] += w[j] }
                            }
                        }
                    }
                    if l > 0 { x.withUnsafeBufferPointer { sgemm(false, false, B, G, H, 1, $0.baseAddress!, H, P + lay.wx, G, 1, gg, G) } }
                    state.h[l].withUnsafeBufferPointer { sgemm(false, false, B, G, H, 1, $0.baseAddress!, H, P + lay.wh, G, 1, gg, G) }
                    for b in 0..<B {
                        let row = gg + b * G
                        for j in 0..<H {
                            let i = LSTMNetwork.sigmoid(row[j]), f = LSTMNetwork.sigmoid(row[H + j])
                            let c2 = tanhf(row[2 * H + j]), o = LSTMNetwork.sigmoid(row[3 * H + j])
                            let cv = f * state.c[l][b * H + j] + i * c2
                            state.c[l][b * H + j] = cv
                            state.h[l][b * H + j] = o * tanhf(cv)
                        }
                    }
                }
                x = state.h[l]
            }
            probs.withUnsafeMutableBufferPointer { pb in
                let pr = pb.baseAddress!
                for b in 0..<B { for v in 0..<V { pr[b * V + v] = P[layout.by + v] } }
                x.withUnsafeBufferPointer { sgemm(false, false, B, V, H, 1, $0.baseAddress!, H, P + layout.wy, V, 1, pr, V) }
                for b in 0..<B {
                    let row = pr + b * V
                    var top: Float = -.infinity
                    for v in 0..<V { top = max(top, row[v]) }
                    var sum: Float = 0
                    for v in 0..<V { row[v] = expf(row[v] - top); sum += row[v] }
                    for v in 0..<V { row[v] /= sum }
                }
            }
        }
        return probs
    }
}
