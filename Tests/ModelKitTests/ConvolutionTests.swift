import Foundation
import Testing
@testable import ModelKit

@Suite("Convolution and pooling")
struct ConvolutionTests {
    @Test("Conv2D: a 2x2 kernel of ones sums windows; padding adds zeros; sizes")
    func convValues() {
        let x: [Float] = [1, 2, 3,
                          4, 5, 6,
                          7, 8, 9]
        let ones = Conv2D(inChannels: 1, outChannels: 1, kernel: Size2D(2), weight: [1, 1, 1, 1], bias: [0.5])
        #expect(ones.outputSize(for: Size2D(3)) == Size2D(2))
        #expect(ones.forward(x, batch: 1, input: Size2D(3)) == [12.5, 16.5, 24.5, 28.5])
        let padded = Conv2D(inChannels: 1, outChannels: 1, kernel: Size2D(2), stride: Size2D(2), padding: Size2D(1),
                            weight: [1, 1, 1, 1], bias: [0])
        #expect(padded.outputSize(for: Size2D(3)) == Size2D(2))
        #expect(padded.forward(x, batch: 1, input: Size2D(3)) == [1, 5, 11, 28])
        // A rectangular kernel along the width only (frequency), two output channels.
        let wide = Conv2D(inChannels: 1, outChannels: 2, kernel: Size2D(height: 1, width: 3), weight: [1, 0, -1, 0, 1, 0], bias: [0, 0])
        #expect(wide.forward(x, batch: 1, input: Size2D(3)) == [-2, -2, -2, 2, 5, 8])
    }

    /// The direct definition of `Conv2D.forward`, one output cell at a time.
    private func directConvolution(_ conv: Conv2D, _ x: [Float], batch: Int, input: Size2D) -> [Float] {
        let out = conv.outputSize(for: input)
        var y: [Float] = []
        for b in 0..<batch {
            for o in 0..<conv.outChannels {
                for oh in 0..<out.height {
                    for ow in 0..<out.width {
                        var sum = Double(conv.bias[o])
                        for c in 0..<conv.inChannels {
                            for ki in 0..<conv.kernel.height {
                                for kj in 0..<conv.kernel.width {
                                    let ih = oh * conv.stride.height - conv.padding.height + ki, iw = ow * conv.stride.width - conv.padding.width + kj
                                    guard ih >= 0 && ih < input.height && iw >= 0 && iw < input.width else { continue }
                                    let w = conv.weight[((o * conv.inChannels + c) * conv.kernel.height + ki) * conv.kernel.width + kj]
                                    sum += Double(w) * Double(x[((b * conv.inChannels + c) * input.height + ih) * input.width + iw])
                                }
                            }
                        }
                        y.append(Float(sum))
                    }
                }
            }
        }
        return y
    }

    /// `forward` works through blocks of output rows whose im2col columns fit
    /// `forwardBlockFloats`; inputs far larger than one block, with strides and paddings that make
    /// windows overhang on either side, give the direct definition's values (to float rounding).
    @Test("Conv2D over many blocks of output rows equals the direct definition", arguments: [
        (Size2D(3), Size2D(1), Size2D(height: 0, width: 1), Size2D(height: 216, width: 229), 1),   // Piano Scribe's first convolution
        (Size2D(height: 3, width: 5), Size2D(height: 1, width: 2), Size2D(2), Size2D(height: 301, width: 97), 2),
        (Size2D(height: 2, width: 4), Size2D(height: 3, width: 3), Size2D(height: 1, width: 3), Size2D(height: 1000, width: 200), 1),
        // padding wider than the kernel: whole output rows and columns fall in the padding
        (Size2D(1), Size2D(3), Size2D(3), Size2D(height: 1500, width: 400), 2),
    ])
    func convInBlocksEqualsTheDefinition(kernel: Size2D, stride: Size2D, padding: Size2D, input: Size2D, B: Int) throws {
        let C = 12, O = 5
        let conv = Conv2D(inChannels: C, outChannels: O, kernel: kernel, stride: stride, padding: padding, seed: 71)
        let out = conv.outputSize(for: input)
        // More than one block of rows, so the blocks' seams are crossed.
        try #require(C * kernel.height * kernel.width * out.width * out.height > 2 * Conv2D.forwardBlockFloats)
        let x = randomValues(B * C * input.height * input.width, seed: 72)
        let fast = conv.forward(x, batch: B, input: input), slow = directConvolution(conv, x, batch: B, input: input)
        #expect(fast.count == B * O * out.height * out.width && fast.count == slow.count)
        let worst = zip(fast, slow).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test("Conv2D gradients match central differences (stride 2, padding 1, two channels in and out)")
    func convGradients() {
        let B = 2, C = 2, O = 3, input = Size2D(height: 5, width: 6)
        let conv = Conv2D(inChannels: C, outChannels: O, kernel: Size2D(height: 3, width: 2), stride: Size2D(2), padding: Size2D(1), seed: 61)
        let out = conv.outputSize(for: input)
        #expect(out == Size2D(height: 3, width: 4))
        let x = randomValues(B * C * input.height * input.width, seed: 62)
        let r = randomValues(B * O * out.height * out.width, seed: 63)
        var g = conv.zeroGradient()
        let dX = conv.backward(x, outputGradient: r, batch: B, input: input, into: &g)
        #expect(worstGradientError(x, analytic: dX) { x in project(conv.forward(x, batch: B, input: input), r) } < 1e-3)
        #expect(worstGradientError(conv.weight, analytic: g.weight) { w in
            let c = Conv2D(inChannels: C, outChannels: O, kernel: conv.kernel, stride: conv.stride, padding: conv.padding, weight: w, bias: conv.bias)
            return project(c.forward(x, batch: B, input: input), r)
        } < 1e-3)
        #expect(worstGradientError(conv.bias, analytic: g.bias) { b in
            let c = Conv2D(inChannels: C, outChannels: O, kernel: conv.kernel, stride: conv.stride, padding: conv.padding, weight: conv.weight, bias: b)
            return project(c.forward(x, batch: B, input: input), r)
        } < 1e-3)
    }

    @Test("max and average pooling: values, and gradients matching central differences")
    func pooling() {
        let x: [Float] = [1, 5, 2, 0,
                          3, 4, 8, 1,
                          0, 0, 1, 1,
                          9, 2, 1, 7]
        let maxPool = MaxPool2D(kernel: Size2D(2))
        let (y, arg) = maxPool.forward(x, batch: 1, channels: 1, input: Size2D(4))
        #expect(y == [5, 8, 9, 7])
        #expect(arg == [1, 6, 12, 15])
        #expect(maxPool.backward(outputGradient: [1, 2, 3, 4], argmax: arg, inputCount: 16) == [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4])
        let avg = AveragePool2D(kernel: Size2D(height: 1, width: 2))
        #expect(avg.forward(x, batch: 1, channels: 1, input: Size2D(4)) == [3, 1, 3.5, 4.5, 0, 1, 5.5, 4])
        #expect(avg.backward(outputGradient: [2, 0, 0, 0, 0, 0, 0, 4], batch: 1, channels: 1, input: Size2D(4))
                == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2])

        let B = 2, C = 3, input = Size2D(height: 4, width: 6)
        // Distinct values at least 0.01 apart, so ±eps never changes a window's maximum.
        var rng = SeededGenerator(seed: 71)
        var values = (0..<(B * C * input.height * input.width)).map { Float($0) * 0.01 }
        values.seededShuffle(&rng)
        let r = randomValues(B * C * 2 * 3, seed: 72)
        let pool = MaxPool2D(kernel: Size2D(2))
        let (_, argmax) = pool.forward(values, batch: B, channels: C, input: input)
        let dX = pool.backward(outputGradient: r, argmax: argmax, inputCount: values.count)
        #expect(worstGradientError(values, analytic: dX, eps: 1e-3) { v in project(pool.forward(v, batch: B, channels: C, input: input).output, r) } < 1e-2)
        let overlapping = AveragePool2D(kernel: Size2D(2), stride: Size2D(height: 2, width: 1))
        let out = overlapping.outputSize(for: input)
        #expect(out == Size2D(height: 2, width: 5))
        let r2 = randomValues(B * C * out.height * out.width, seed: 73)
        let dA = overlapping.backward(outputGradient: r2, batch: B, channels: C, input: input)
        #expect(worstGradientError(values, analytic: dA) { v in project(overlapping.forward(v, batch: B, channels: C, input: input), r2) } < 1e-3)
    }
}

