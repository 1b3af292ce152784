import Foundation

extension LSTMNetwork {
    /// The backward pass after `forward`: adds to `gradient` the gradient of the mean loss over the
    /// `count` positions with a target. `dLogits` holds the forward pass's probabilities
    /// (`tape.probabilities`, moved out) and is overwritten with the gradient of the logits.
    func backward(_ batch: LSTMBatch, tape: Tape, dLogits: inout [Float], count: Int,
                  gradient dParams: UnsafeMutablePointer<Float>) {
        let T = batch.steps, B = batch.batch, H = shape.hiddenSize, G = 4 * H, V = shape.outputSize
        let N = T * B
        let L = shape.layers
        let acts = tape.acts, tanhC = tape.tanhC, hPrev = tape.hPrev, cPrev = tape.cPrev
        let outputs = tape.outputs, masks = tape.masks
        parameters.withUnsafeBufferPointer { pp in
            let P = pp.baseAddress!
            // Backward.
            let scale = 1 / Float(count)
            dLogits.withUnsafeMutableBufferPointer { lb in
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
            dLogits.withUnsafeBufferPointer { lb in
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
                                dcn[b * H + j] = LSTMCell.backward(row, drow, j, hidden: H, tanhC: tc[p * H + j], cPrev: cp[p * H + j],
                                                                   dh: dO[p * H + j] + dhn[b * H + j], dcNext: dcn[b * H + j])
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
    }
}
