import Foundation

extension LSTMNetwork {
    /// What the forward pass keeps for the backward pass, per layer (`N = steps x batch` positions,
    /// `H` hidden units, `G = 4H` gates).
    struct Tape {
        /// N x G activated gates (i, f, g, o).
        var acts: [[Float]]
        /// N x H tanh of the cell.
        var tanhC: [[Float]]
        /// N x H previous h and c (zero rows after a reset).
        var hPrev: [[Float]]
        var cPrev: [[Float]]
        /// N x H, after dropout: the next layer's input.
        var outputs: [[Float]]
        /// N x H dropout masks (empty without dropout).
        var masks: [[Float]]
        /// N x V softmax probabilities.
        var probabilities: [Float]
    }

    /// The forward pass over `batch` from `state` (updated to the state after the last step):
    /// the loss counts and what the backward pass needs. `dropout` > 0 draws masks from `rng`.
    func forward(_ batch: LSTMBatch, state: inout LSTMState, dropout: Float, rng: inout SeededGenerator,
                 perPosition: Bool) -> (result: LSTMPassResult, tape: Tape) {
        let T = batch.steps, B = batch.batch, H = shape.hiddenSize, G = 4 * H, V = shape.outputSize
        let N = T * B
        precondition(batch.targets.count == N && state.batch == B)
        let L = shape.layers
        let keep = 1 - dropout
        // Tape.
        var acts = [[Float]](repeating: [], count: L)      // N x G activated gates
        var tanhC = [[Float]](repeating: [], count: L)     // N x H
        var hPrev = [[Float]](repeating: [], count: L)     // N x H (zero rows after a reset)
        var cPrev = [[Float]](repeating: [], count: L)     // N x H
        var outputs = [[Float]](repeating: [], count: L)   // N x H, after dropout: the next layer's input
        var masks = [[Float]](repeating: [], count: L)     // N x H dropout masks (training only)

        var result = LSTMPassResult()
        var logits: [Float] = []
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
                                let r = LSTMCell.forward(row, j, hidden: H, cPrev: cpr[p * H + j])
                                cc[p * H + j] = r.c; t2[p * H + j] = r.tanhC; hh[p * H + j] = r.h
                            }
                        }
                    }
                    for b in 0..<B {
                        let p = (T - 1) * B + b
                        for j in 0..<H { state.h[l][b * H + j] = hh[p * H + j]; state.c[l][b * H + j] = cc[p * H + j] }
                    }
                }}}}}}
                if dropout > 0 {
                    let m = Dropout.mask(count: N * H, keep: keep, rng: &rng)
                    for k in 0..<(N * H) { h[k] *= m[k] }
                    masks[l] = m
                }
                acts[l] = gates; tanhC[l] = tc; hPrev[l] = hp; cPrev[l] = cp; outputs[l] = h
            }
            // Softmax layer.
            logits = [Float](repeating: 0, count: N * V)
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
        }
        return (result, Tape(acts: acts, tanhC: tanhC, hPrev: hPrev, cPrev: cPrev, outputs: outputs, masks: masks,
                             probabilities: logits))
    }
}
