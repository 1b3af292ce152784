import Foundation

/// An elementwise nonlinearity, applied to every value of an array of any shape.
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    /// `max(0, x)`; its derivative is taken as 0 at 0.
    case relu
    /// `1 / (1 + e^-x)`, in (0, 1).
    case sigmoid
    /// `tanh x`, in (-1, 1).
    case tanh
    /// `ln(1 + e^x)`, computed as `max(x, 0) + ln(1 + e^-|x|)` so it neither overflows nor
    /// underflows; its derivative is `sigmoid(x)`.
    case softplus

    /// The activation of one value.
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .relu: return x > 0 ? x : 0
        case .sigmoid: return 1 / (1 + expf(-x))
        case .tanh: return tanhf(x)
        case .softplus: return max(x, 0) + log1pf(expf(-abs(x)))
        }
    }

    /// The activation of every value of `x` (same count, same layout).
    public func forward(_ x: [Float]) -> [Float] { x.map { self($0) } }

    /// The gradient with respect to the input, from the input `x`, the output `y = forward(x)`
    /// and the gradient `dY` with respect to the output (all of one count).
    public func backward(input x: [Float], output y: [Float], outputGradient dY: [Float]) -> [Float] {
        precondition(x.count == y.count && y.count == dY.count, "Activation: backward counts differ")
        var dX = [Float](repeating: 0, count: x.count)
        for k in x.indices {
            let d: Float
            switch self {
            case .relu: d = x[k] > 0 ? 1 : 0
            case .sigmoid: d = y[k] * (1 - y[k])
            case .tanh: d = 1 - y[k] * y[k]
            case .softplus: d = 1 / (1 + expf(-x[k]))
            }
            dX[k] = dY[k] * d
        }
        return dX
    }
}
