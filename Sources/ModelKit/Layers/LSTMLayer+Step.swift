extension LSTMLayer {
    /// One step of `batch` sequences at once, for decoding a step at a time (each step's input
    /// depends on the last step's output): `x` is `batch x inputSize`; `state` (`batch x H` h and
    /// c) is replaced by the state after the step, whose h is the step's output. The arithmetic
    /// of `forward` (`LSTMCell`), without a tape.
    public func step(_ x: [Float], batch B: Int, state: inout InitialState) {
        let I = inputSize, H = hiddenSize, G = 4 * H
        precondition(x.count == B * I && state.h.count == B * H && state.c.count == B * H, "LSTMLayer.step: shapes do not match")
        var gates = [Float](repeating: 0, count: B * G)
        for b in 0..<B { for j in 0..<G { gates[b * G + j] = bias[j] } }
        gates.withUnsafeMutableBufferPointer { gb in
            let g = gb.baseAddress!
            x.withUnsafeBufferPointer { xb in
                weightX.withUnsafeBufferPointer { w in sgemm(false, false, B, G, I, 1, xb.baseAddress!, I, w.baseAddress!, G, 1, g, G) }
            }
            state.h.withUnsafeBufferPointer { hb in
                weightH.withUnsafeBufferPointer { w in sgemm(false, false, B, G, H, 1, hb.baseAddress!, H, w.baseAddress!, G, 1, g, G) }
            }
            for b in 0..<B {
                for j in 0..<H {
                    let r = LSTMCell.forward(g + b * G, j, hidden: H, cPrev: state.c[b * H + j])
                    state.c[b * H + j] = r.c
                    state.h[b * H + j] = r.h
                }
            }
        }
    }
}
