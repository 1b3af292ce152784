import Foundation

extension LSTMNetwork {
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
                            let r = LSTMCell.forward(row, j, hidden: H, cPrev: state.c[l][b * H + j])
                            state.c[l][b * H + j] = r.c
                            state.h[l][b * H + j] = r.h
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
