/// Max pooling over windows of a feature map, each channel apart (no padding: windows that
/// would overhang are not taken). E.g. a `1 x 2` kernel with a `1 x 2` stride halves the
/// frequency axis of a spectrogram's feature map and keeps its time frames.
///
/// Layout NCHW as `Conv2D`: input `batch x channels x height x width`, output
/// `batch x channels x outHeight x outWidth`, `out = (in - kernel) / stride + 1` each way.
public struct MaxPool2D: Sendable, Hashable {
    public let kernel: Size2D
    /// Defaults to the kernel (non-overlapping windows).
    public let stride: Size2D

    public init(kernel: Size2D, stride: Size2D? = nil) {
        let s = stride ?? kernel
        precondition(kernel.height >= 1 && kernel.width >= 1 && s.height >= 1 && s.width >= 1, "MaxPool2D: bad kernel or stride")
        self.kernel = kernel
        self.stride = s
    }

    /// The output's height and width for an input of `input` cells.
    public func outputSize(for input: Size2D) -> Size2D { Size2D.output(input: input, kernel: kernel, stride: stride, padding: Size2D(0)) }

    /// The window maxima of `batch x channels` maps of `input` cells, and for each output value
    /// the flat index in `x` of the input it came from (the first maximum on ties), for `backward`.
    public func forward(_ x: [Float], batch: Int, channels: Int, input: Size2D) -> (output: [Float], argmax: [Int32]) {
        precondition(x.count == batch * channels * input.height * input.width, "MaxPool2D: input shape does not match")
        let output = outputSize(for: input)
        var y = [Float](repeating: 0, count: batch * channels * output.height * output.width)
        var arg = [Int32](repeating: 0, count: y.count)
        var k = 0
        for m in 0..<(batch * channels) {
            let base = m * input.height * input.width
            for oh in 0..<output.height {
                for ow in 0..<output.width {
                    var best = -Float.infinity, at = -1
                    for ki in 0..<kernel.height {
                        for kj in 0..<kernel.width {
                            let i = base + (oh * stride.height + ki) * input.width + ow * stride.width + kj
                            if at < 0 || x[i] > best { best = x[i]; at = i }
                        }
                    }
                    y[k] = best; arg[k] = Int32(at); k += 1
                }
            }
        }
        return (y, arg)
    }

    /// The input's gradient (`inputCount` values) from the output's (`dY`): each output
    /// gradient goes to the input its maximum came from.
    public func backward(outputGradient dY: [Float], argmax: [Int32], inputCount: Int) -> [Float] {
        precondition(dY.count == argmax.count, "MaxPool2D: \(dY.count) gradients for \(argmax.count) outputs")
        var dX = [Float](repeating: 0, count: inputCount)
        for k in dY.indices { dX[Int(argmax[k])] += dY[k] }
        return dX
    }
}

/// Average pooling over windows of a feature map, each channel apart (no padding), in the layout
/// of `MaxPool2D`.
public struct AveragePool2D: Sendable, Hashable {
    public let kernel: Size2D
    /// Defaults to the kernel (non-overlapping windows).
    public let stride: Size2D

    public init(kernel: Size2D, stride: Size2D? = nil) {
        let s = stride ?? kernel
        precondition(kernel.height >= 1 && kernel.width >= 1 && s.height >= 1 && s.width >= 1, "AveragePool2D: bad kernel or stride")
        self.kernel = kernel
        self.stride = s
    }

    /// The output's height and width for an input of `input` cells.
    public func outputSize(for input: Size2D) -> Size2D { Size2D.output(input: input, kernel: kernel, stride: stride, padding: Size2D(0)) }

    /// The window means of `batch x channels` maps of `input` cells.
    public func forward(_ x: [Float], batch: Int, channels: Int, input: Size2D) -> [Float] {
        precondition(x.count == batch * channels * input.height * input.width, "AveragePool2D: input shape does not match")
        let output = outputSize(for: input)
        let scale = 1 / Float(kernel.height * kernel.width)
        var y = [Float](repeating: 0, count: batch * channels * output.height * output.width)
        var k = 0
        for m in 0..<(batch * channels) {
            let base = m * input.height * input.width
            for oh in 0..<output.height {
                for ow in 0..<output.width {
                    var sum: Float = 0
                    for ki in 0..<kernel.height {
                        for kj in 0..<kernel.width { sum += x[base + (oh * stride.height + ki) * input.width + ow * stride.width + kj] }
                    }
                    y[k] = sum * scale; k += 1
                }
            }
        }
        return y
    }

    /// The input's gradient (`batch x channels x height x width`) from the output's: each output
    /// gradient shared equally by its window.
    public func backward(outputGradient dY: [Float], batch: Int, channels: Int, input: Size2D) -> [Float] {
        let output = outputSize(for: input)
        precondition(dY.count == batch * channels * output.height * output.width, "AveragePool2D: output gradient shape does not match")
        let scale = 1 / Float(kernel.height * kernel.width)
        var dX = [Float](repeating: 0, count: batch * channels * input.height * input.width)
        var k = 0
        for m in 0..<(batch * channels) {
            let base = m * input.height * input.width
            for oh in 0..<output.height {
                for ow in 0..<output.width {
                    let d = dY[k] * scale; k += 1
                    for ki in 0..<kernel.height {
                        for kj in 0..<kernel.width { dX[base + (oh * stride.height + ki) * input.width + ow * stride.width + kj] += d }
                    }
                }
            }
        }
        return dX
    }
}
