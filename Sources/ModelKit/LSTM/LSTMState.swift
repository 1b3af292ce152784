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
