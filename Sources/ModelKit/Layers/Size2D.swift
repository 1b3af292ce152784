/// A height and a width, in cells (rows and columns of a feature map, e.g. time frames and
/// frequency bins of a spectrogram): kernel sizes, strides and paddings of `Conv2D` and pooling.
public struct Size2D: Hashable, Sendable, Codable {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// The same size both ways.
    public init(_ both: Int) { self.init(height: both, width: both) }

    /// The output extent of a window of `kernel` moved by `stride` over `input` padded by
    /// `padding` cells on each side: `(input + 2 padding - kernel) / stride + 1` both ways
    /// (0 when the window does not fit).
    static func output(input: Size2D, kernel: Size2D, stride: Size2D, padding: Size2D) -> Size2D {
        func one(_ n: Int, _ k: Int, _ s: Int, _ p: Int) -> Int { n + 2 * p < k ? 0 : (n + 2 * p - k) / s + 1 }
        return Size2D(height: one(input.height, kernel.height, stride.height, padding.height),
                      width: one(input.width, kernel.width, stride.width, padding.width))
    }
}
