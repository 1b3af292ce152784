/// A 2-D convolution (cross-correlation, as in every deep-learning library) with stride and zero
/// padding, computed as im2col then OpenBLAS sgemm, per batch item and block of output rows.
///
/// Layout NCHW (row-major, `Float`): input `x` is `batch x inChannels x height x width`, output
/// `batch x outChannels x outHeight x outWidth` with `out = (in + 2 padding - kernel) / stride + 1`
/// each way (`outputSize(for:)`). `weight` is `outChannels x inChannels x kernel.height x
/// kernel.width`, `bias` is `outChannels`.
public struct Conv2D: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    /// Window size in cells.
    public let kernel: Size2D
    /// Step of the window in cells (≥ 1).
    public let stride: Size2D
    /// Zero cells added on each side (top and bottom, left and right).
    public let padding: Size2D
    /// `outChannels x inChannels x kernel.height x kernel.width`.
    public var weight: [Float]
    /// `outChannels`.
    public var bias: [Float]

    /// The gradient of a loss with respect to a `Conv2D`'s parameters (same shapes).
    public struct Gradient: Sendable {
        public var weight: [Float]
        public var bias: [Float]
    }

    /// A layer with the given parameters.
    /// - Precondition: counts match the sizes; strides ≥ 1, paddings ≥ 0.
    public init(inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = Size2D(1), padding: Size2D = Size2D(0),
                weight: [Float], bias: [Float]) {
        precondition(stride.height >= 1 && stride.width >= 1 && padding.height >= 0 && padding.width >= 0, "Conv2D: bad stride or padding")
        precondition(weight.count == outChannels * inChannels * kernel.height * kernel.width && bias.count == outChannels,
                     "Conv2D: parameter counts do not match")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.weight = weight
        self.bias = bias
    }

    /// Weights uniform in ±√(6 / fan-in) (He et al. 2015, for ReLU networks) from `seed`, biases 0.
    public init(inChannels: Int, outChannels: Int, kernel: Size2D, stride: Size2D = Size2D(1), padding: Size2D = Size2D(0), seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let fanIn = inChannels * kernel.height * kernel.width
        let scale = (6 / Double(fanIn)).squareRoot()
        let w = rng.uniformWeights(outChannels * fanIn, scale: scale)
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding,
                  weight: w, bias: [Float](repeating: 0, count: outChannels))
    }

    /// A gradient of zeros shaped like `weight` and `bias`, to accumulate `backward` into.
    public func zeroGradient() -> Gradient {
        Gradient(weight: [Float](repeating: 0, count: weight.count), bias: [Float](repeating: 0, count: bias.count))
    }

    /// The output's height and width for an input of `input` cells.
    public func outputSize(for input: Size2D) -> Size2D {
        Size2D.output(input: input, kernel: kernel, stride: stride, padding: padding)
    }

    /// Rows of the im2col matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { inChannels * kernel.height * kernel.width }

    /// The adjoint of `im2col`: adds each column entry back to the input cell it came from.
    func col2im(_ cols: UnsafePointer<Float>, input: Size2D, output: Size2D, into dx: UnsafeMutablePointer<Float>) {
        let outCells = output.height * output.width
        var row = 0
        for c in 0..<inChannels {
            for ki in 0..<kernel.height {
                for kj in 0..<kernel.width {
                    let src = cols + row * outCells
                    for oh in 0..<output.height {
                        let ih = oh * stride.height - padding.height + ki
                        guard ih >= 0 && ih < input.height else { continue }
                        for ow in 0..<output.width {
                            let iw = ow * stride.width - padding.width + kj
                            if iw >= 0 && iw < input.width { dx[(c * input.height + ih) * input.width + iw] += src[oh * output.width + ow] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Floats of the im2col buffer `forward` fills at a time (1 MiB): the output rows are
    /// processed in blocks whose columns fit it (at least one row, so a single row wider than
    /// this makes the buffer that row), not the whole matrix (21 MB for a 200-frame chunk of
    /// Piano Scribe's second convolution).
    static let forwardBlockFloats = 1 << 18

    /// The im2col columns of output rows `rows` of one item (`x`: `inChannels x height x width`):
    /// `patchSize x (rows.count * output.width)`, zeros where the window overhangs the padding
    /// (all rows: the whole im2col matrix, as the backward pass uses it).
    /// Each (channel, kernel cell) copies its valid stretch of every row and zeroes the rest.
    func im2col(_ x: UnsafePointer<Float>, input: Size2D, output: Size2D, rows: Range<Int>, into cols: UnsafeMutablePointer<Float>) {
        let cells = rows.count * output.width
        var row = 0
        for c in 0..<inChannels {
            for ki in 0..<kernel.height {
                for kj in 0..<kernel.width {
                    let dst = cols + row * cells
                    // Output columns whose input column lies inside: 0 <= ow * stride - padding + kj < width.
                    let offset = kj - padding.width
                    let first = offset >= 0 ? 0 : (-offset + stride.width - 1) / stride.width
                    let last = input.width - 1 - offset < 0 ? -1 : (input.width - 1 - offset) / stride.width
                    let end = min(output.width, last + 1), start = min(first, end)
                    for oh in rows {
                        let out = dst + (oh - rows.lowerBound) * output.width
                        let ih = oh * stride.height - padding.height + ki
                        guard ih >= 0 && ih < input.height else {
                            out.update(repeating: 0, count: output.width)
                            continue
                        }
                        let line = x + (c * input.height + ih) * input.width   // input row ih of channel c
                        if start > 0 { out.update(repeating: 0, count: start) }
                        if stride.width == 1 {
                            if end > start { (out + start).update(from: line + start + offset, count: end - start) }
                        } else {
                            for ow in start..<end { out[ow] = line[ow * stride.width + offset] }
                        }
                        if end < output.width { (out + end).update(repeating: 0, count: output.width - end) }
                    }
                    row += 1
                }
            }
        }
    }

    /// The convolution of `batch` items of `input` cells (`x`: `batch x inChannels x height x
    /// width`): `batch x outChannels x outHeight x outWidth`. Computed in blocks of output rows
    /// (`forwardBlockFloats`): im2col of the block, then one sgemm into those rows' columns.
    public func forward(_ x: [Float], batch: Int, input: Size2D) -> [Float] {
        let inCells = input.height * input.width
        precondition(x.count == batch * inChannels * inCells, "Conv2D: input has \(x.count) values, expected \(batch) x \(inChannels) x \(input.height) x \(input.width)")
        let output = outputSize(for: input), outCells = output.height * output.width, K = patchSize
        var y = [Float](repeating: 0, count: batch * outChannels * outCells)
        guard outCells > 0 else { return y }
        let blockRows = max(1, min(output.height, Self.forwardBlockFloats / max(1, K * output.width)))
        var cols = [Float](repeating: 0, count: K * blockRows * output.width)
        for b in 0..<batch {
            for o in 0..<outChannels { for k in 0..<outCells { y[(b * outChannels + o) * outCells + k] = bias[o] } }
        }
        x.withUnsafeBufferPointer { xb in
        y.withUnsafeMutableBufferPointer { yb in
        cols.withUnsafeMutableBufferPointer { cb in
        weight.withUnsafeBufferPointer { wb in
            for b in 0..<batch {
                for top in Swift.stride(from: 0, to: output.height, by: blockRows) {
                    let rows = top..<min(output.height, top + blockRows), cells = rows.count * output.width
                    im2col(xb.baseAddress! + b * inChannels * inCells, input: input, output: output, rows: rows, into: cb.baseAddress!)
                    sgemm(false, false, outChannels, cells, K, 1, wb.baseAddress!, K, cb.baseAddress!, cells, 1,
                          yb.baseAddress! + b * outChannels * outCells + top * output.width, outCells)
                }
            }
        }}}}
        return y
    }

    /// The backward pass of `forward(x, batch:input:)`: from `outputGradient` (`dY`, the output's
    /// shape), adds the parameter gradients to `gradient` and returns the input's gradient (the
    /// input's shape).
    public func backward(_ x: [Float], outputGradient dY: [Float], batch: Int, input: Size2D, into gradient: inout Gradient) -> [Float] {
        let inCells = input.height * input.width
        let output = outputSize(for: input), outCells = output.height * output.width, K = patchSize
        precondition(x.count == batch * inChannels * inCells && dY.count == batch * outChannels * outCells, "Conv2D: backward shapes do not match")
        var dX = [Float](repeating: 0, count: x.count)
        guard outCells > 0 else { return dX }
        var cols = [Float](repeating: 0, count: K * outCells)
        var dCols = cols
        for b in 0..<batch {
            for o in 0..<outChannels { for k in 0..<outCells { gradient.bias[o] += dY[(b * outChannels + o) * outCells + k] } }
        }
        x.withUnsafeBufferPointer { xb in
        dY.withUnsafeBufferPointer { db in
        dX.withUnsafeMutableBufferPointer { dxb in
        cols.withUnsafeMutableBufferPointer { cb in
        dCols.withUnsafeMutableBufferPointer { dcb in
        weight.withUnsafeBufferPointer { wb in
        gradient.weight.withUnsafeMutableBufferPointer { gw in
            for b in 0..<batch {
                let dy = db.baseAddress! + b * outChannels * outCells
                im2col(xb.baseAddress! + b * inChannels * inCells, input: input, output: output, rows: 0..<output.height, into: cb.baseAddress!)
                sgemm(false, true, outChannels, K, outCells, 1, dy, outCells, cb.baseAddress!, outCells, 1, gw.baseAddress!, K)
                sgemm(true, false, K, outCells, outChannels, 1, wb.baseAddress!, K, dy, outCells, 0, dcb.baseAddress!, outCells)
                col2im(dcb.baseAddress!, input: input, output: output, into: dxb.baseAddress! + b * inChannels * inCells)
            }
        }}}}}}}
        return dX
    }
}
