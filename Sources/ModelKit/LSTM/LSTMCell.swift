import Foundation

/// The arithmetic of one LSTM unit at one step, shared by the layers built on it (`LSTMLayer`,
/// `BidirectionalLSTM`); the same formulas, in the same order, as `LSTMNetwork`.
///
/// A gate row holds `4H` values, gates i, f, g, o at offsets 0, H, 2H, 3H:
/// `c = σ(f) c(t-1) + σ(i) tanh(g)`, `h = σ(o) tanh(c)`.
enum LSTMCell {
    /// Activates unit `j` of a pre-activation gate row in place (σ, σ, tanh, σ) and returns the
    /// new cell value, its tanh and the output h.
    @inline(__always)
    static func forward(_ row: UnsafeMutablePointer<Float>, _ j: Int, hidden H: Int, cPrev: Float) -> (c: Float, tanhC: Float, h: Float) {
        let i = LSTMNetwork.sigmoid(row[j])
        let f = LSTMNetwork.sigmoid(row[H + j])
        let gg = tanhf(row[2 * H + j])
        let o = LSTMNetwork.sigmoid(row[3 * H + j])
        row[j] = i; row[H + j] = f; row[2 * H + j] = gg; row[3 * H + j] = o
        let cv = f * cPrev + i * gg
        let tv = tanhf(cv)
        return (cv, tv, o * tv)
    }

    /// The backward step of unit `j`: from the activated gate row, tanh(c), c(t-1), the gradient
    /// `dh` reaching h and `dcNext` reaching c from the next step, writes the pre-activation
    /// gate gradients into `drow` and returns the gradient reaching c(t-1).
    @inline(__always)
    static func backward(_ row: UnsafePointer<Float>, _ drow: UnsafeMutablePointer<Float>, _ j: Int, hidden H: Int,
                         tanhC tv: Float, cPrev: Float, dh: Float, dcNext: Float) -> Float {
        let i = row[j], f = row[H + j], g = row[2 * H + j], o = row[3 * H + j]
        let dc = dh * o * (1 - tv * tv) + dcNext
        drow[3 * H + j] = dh * tv * o * (1 - o)
        drow[j] = dc * g * i * (1 - i)
        drow[2 * H + j] = dc * i * (1 - g * g)
        drow[H + j] = dc * cPrev * f * (1 - f)
        return dc * f
    }
}
