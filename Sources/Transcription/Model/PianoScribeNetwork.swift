import Foundation
import ModelKit

/// The Piano Scribe acoustic model's weights and its forward pass (`PianoScribeShape` draws it):
/// chunks of log-mel frames in, onset / frame / offset / velocity logits per frame and key out
/// (and a sustain-pedal logit per frame when the shape has a pedal head).
///
/// All weights live in one flat vector (`parameters`, in `shape.layout` order) so the generic
/// `Trainer` can update them; each pass slices it into ModelKit's `Conv2D` and `Dense` layers.
/// Inputs are normalised first: `(dB - inputMean) * inputScale`.
package struct PianoScribeNetwork: Sendable {
    package let shape: PianoScribeShape
    package var parameters: [Float]
    /// Subtracted from every log-mel value (dB) before the first layer.
    package var inputMean: Float
    /// Multiplies every log-mel value after `inputMean` is subtracted.
    package var inputScale: Float

    /// A network with the given weights.
    /// - Precondition: `parameters.count == shape.parameterCount`.
    package init(shape: PianoScribeShape, parameters: [Float], inputMean: Float, inputScale: Float) {
        precondition(parameters.count == shape.parameterCount, "PianoScribeNetwork: \(parameters.count) parameters, expected \(shape.parameterCount)")
        self.shape = shape
        self.parameters = parameters
        self.inputMean = inputMean
        self.inputScale = inputScale
    }

    /// A new network: He-initialised convolutions, Glorot-initialised dense layers (from `seed`),
    /// zero biases except the onset and offset heads', which start at -4 (σ = 0.018, about the share
    /// of frames and keys where a note starts or ends), and the pedal head's, at -2.
    package init(shape: PianoScribeShape, seed: UInt64, inputMean: Float = -40, inputScale: Float = 1.0 / 20) {
        let c1 = shape.channels1, c2 = shape.channels2, h = shape.hidden, k = PianoScribeShape.keys, w = shape.windowSize
        var p: [Float] = []
        func conv(_ i: Int, _ o: Int, _ s: UInt64) { let l = Conv2D(inChannels: i, outChannels: o, kernel: Size2D(3), seed: s); p += l.weight + l.bias }
        func dense(_ i: Int, _ o: Int, _ s: UInt64, bias: Float = 0) {
            let l = Dense(inputSize: i, outputSize: o, seed: s)
            p += l.weight + [Float](repeating: bias, count: o)
        }
        conv(1, c1, seed &+ 1); conv(c1, c1, seed &+ 2); conv(c1, c2, seed &+ 3)
        dense(shape.flatSize, h, seed &+ 4)
        dense(w, k, seed &+ 5, bias: -4); dense(w, k, seed &+ 6, bias: -4); dense(h, k, seed &+ 7)
        dense(h + 2 * k, k, seed &+ 8, bias: -2)
        if shape.pedal { dense(h, 1, seed &+ 9, bias: -2) }
        self.init(shape: shape, parameters: p, inputMean: inputMean, inputScale: inputScale)
    }

    /// The layers, sliced from `parameters`.
    struct Layers {
        var conv1, conv2, conv3: Conv2D
        var dense, onset, offset, velocity, frame: Dense
        var pedal: Dense?
    }

    static let pool = MaxPool2D(kernel: Size2D(height: 1, width: 2))
    package static let convPadding = Size2D(height: 0, width: 1)

    var layers: Layers {
        var at = 0
        func take(_ n: Int) -> [Float] { defer { at += n }; return Array(parameters[at..<(at + n)]) }
        func conv(_ i: Int, _ o: Int) -> Conv2D {
            Conv2D(inChannels: i, outChannels: o, kernel: Size2D(3), padding: Self.convPadding, weight: take(o * i * 9), bias: take(o))
        }
        func dense(_ i: Int, _ o: Int) -> Dense { Dense(inputSize: i, outputSize: o, weight: take(i * o), bias: take(o)) }
        let c1 = shape.channels1, c2 = shape.channels2, h = shape.hidden, k = PianoScribeShape.keys
        return Layers(conv1: conv(1, c1), conv2: conv(c1, c1), conv3: conv(c1, c2), dense: dense(shape.flatSize, h),
                      onset: dense(shape.windowSize, k), offset: dense(shape.windowSize, k), velocity: dense(h, k), frame: dense(h + 2 * k, k),
                      pedal: shape.pedal ? dense(h, 1) : nil)
    }

    /// Everything the forward pass computed, kept for the backward pass.
    struct Forward {
        var batch, inputFrames, outputFrames: Int
        var x0, a1, r1, a2, r2, p2: [Float]
        var p2Arg: [Int32]
        var a3, r3, p3: [Float]
        var p3Arg: [Int32]
        var flat, hiddenPre: [Float]
        /// The hidden units (after ReLU) of the output frames, and the windows of hidden units the
        /// onset and offset heads read (both all of the hidden units when the head context is 0).
        var centre, window: [Float]
        var frameInput: [Float]
        /// Logits, `(batch * outputFrames) x 88`.
        var onset, offset, velocity, frame: [Float]
        /// Pedal logits, `batch * outputFrames` (nil without a pedal head).
        var pedal: [Float]?
    }

    /// The forward pass over `batch` chunks of `inputFrames` frames each (`x`: `batch x
    /// inputFrames x melBins` log-mel dB); logits for the `inputFrames - 2 contextFrames` inner
    /// frames of each chunk.
    func forward(_ x: [Float], batch: Int, inputFrames: Int) -> Forward {
        let s = shape, L = layers, bins = s.melBins
        precondition(x.count == batch * inputFrames * bins && inputFrames > 2 * s.contextFrames, "PianoScribeNetwork: input shape")
        let mean = inputMean, scale = inputScale
        let x0 = x.map { ($0 - mean) * scale }
        let a1 = L.conv1.forward(x0, batch: batch, input: Size2D(height: inputFrames, width: bins))
        let r1 = Self.relu(a1)
        let a2 = L.conv2.forward(r1, batch: batch, input: Size2D(height: inputFrames - 2, width: bins))
        let r2 = Self.relu(a2)
        let (p2, p2Arg) = Self.pool.forward(r2, batch: batch, channels: s.channels1, input: Size2D(height: inputFrames - 4, width: bins))
        let a3 = L.conv3.forward(p2, batch: batch, input: Size2D(height: inputFrames - 4, width: s.pooledBins1))
        let r3 = Self.relu(a3)
        let T = inputFrames - 6
        let (p3, p3Arg) = Self.pool.forward(r3, batch: batch, channels: s.channels2, input: Size2D(height: T, width: s.pooledBins1))
        let flat = Self.framesFirst(p3, batch: batch, channels: s.channels2, frames: T, width: s.pooledBins2)
        let hiddenPre = L.dense.forward(flat, batch: batch * T)
        let hidden = Self.relu(hiddenPre)
        let out = T - 2 * s.headContext, rows = batch * out
        let centre = Self.windows(hidden, batch: batch, frames: T, hiddenSize: s.hidden, context: s.headContext, width: 0)
        let window = Self.windows(hidden, batch: batch, frames: T, hiddenSize: s.hidden, context: s.headContext, width: s.headContext)
        let onset = L.onset.forward(window, batch: rows)
        let offset = L.offset.forward(window, batch: rows)
        let velocity = L.velocity.forward(centre, batch: rows)
        let frameInput = Self.frameHeadInput(hidden: centre, onset: onset, offset: offset, rows: rows, hiddenSize: s.hidden)
        let frame = L.frame.forward(frameInput, batch: rows)
        let pedal = L.pedal?.forward(centre, batch: rows)
        return Forward(batch: batch, inputFrames: inputFrames, outputFrames: out, x0: x0, a1: a1, r1: r1, a2: a2, r2: r2, p2: p2, p2Arg: p2Arg,
                       a3: a3, r3: r3, p3: p3, p3Arg: p3Arg, flat: flat, hiddenPre: hiddenPre, centre: centre, window: window,
                       frameInput: frameInput, onset: onset, offset: offset, velocity: velocity, frame: frame, pedal: pedal)
    }

    /// The activations of one chunk (`frames`: `count x melBins`), for its inner frames.
    package func activations(frames: [Float], count: Int) -> PianoActivations {
        let f = forward(frames, batch: 1, inputFrames: count)
        return PianoActivations(frameCount: f.outputFrames, onset: Self.sigmoid(f.onset), frame: Self.sigmoid(f.frame),
                                offset: Self.sigmoid(f.offset), velocity: Self.sigmoid(f.velocity), pedal: f.pedal.map(Self.sigmoid))
    }

    static func relu(_ x: [Float]) -> [Float] { x.map { $0 > 0 ? $0 : 0 } }
    static func sigmoid(_ x: [Float]) -> [Float] { x.map { 1 / (1 + expf(-$0)) } }

    /// `batch x channels x frames x width` (NCHW) to `(batch * frames) x (channels * width)`.
    static func framesFirst(_ x: [Float], batch: Int, channels: Int, frames: Int, width: Int) -> [Float] {
        regroup(x, batch: batch, channels: channels, frames: frames, width: width, toFramesFirst: true)
    }

    /// The inverse of `framesFirst`.
    static func channelsFirst(_ y: [Float], batch: Int, channels: Int, frames: Int, width: Int) -> [Float] {
        regroup(y, batch: batch, channels: channels, frames: frames, width: width, toFramesFirst: false)
    }

    /// Moves each run of `width` values between the NCHW and the frames-first layouts.
    private static func regroup(_ x: [Float], batch: Int, channels: Int, frames: Int, width: Int, toFramesFirst: Bool) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        let row = channels * width
        x.withUnsafeBufferPointer { src in
            y.withUnsafeMutableBufferPointer { dst in
                for b in 0..<batch { for c in 0..<channels { for t in 0..<frames {
                    let nchw = ((b * channels + c) * frames + t) * width, rows = (b * frames + t) * row + c * width
                    let (from, to) = toFramesFirst ? (nchw, rows) : (rows, nchw)
                    for w in 0..<width { dst[to + w] = src[from + w] }
                }}}
            }
        }
        return y
    }

    /// Per output frame t of each chunk (`frames - 2 context` of them), the `hiddenSize` units of
    /// hidden frames `t + context - width ... t + context + width`, side by side: `(batch * (frames -
    /// 2 context)) x ((2 width + 1) hiddenSize)` from `hidden`'s `(batch * frames) x hiddenSize`
    /// (`hidden` itself when `context` and `width` are 0).
    static func windows(_ hidden: [Float], batch: Int, frames: Int, hiddenSize h: Int, context: Int, width: Int) -> [Float] {
        if context == 0 && width == 0 { return hidden }
        let out = frames - 2 * context, row = (2 * width + 1) * h
        var y = [Float](repeating: 0, count: batch * out * row)
        hidden.withUnsafeBufferPointer { src in
            y.withUnsafeMutableBufferPointer { dst in
                for b in 0..<batch { for t in 0..<out {
                    let from = (b * frames + t + context - width) * h, to = (b * out + t) * row
                    for i in 0..<row { dst[to + i] = src[from + i] }
                }}
            }
        }
        return y
    }

    /// The gradient of `windows`: each window's gradient added back onto the hidden frames it
    /// copied (`into`: `(batch * frames) x hiddenSize`).
    static func windowsBackward(_ d: [Float], into dh: inout [Float], batch: Int, frames: Int, hiddenSize h: Int, context: Int, width: Int) {
        let out = frames - 2 * context, row = (2 * width + 1) * h
        d.withUnsafeBufferPointer { src in
            dh.withUnsafeMutableBufferPointer { dst in
                for b in 0..<batch { for t in 0..<out {
                    let to = (b * frames + t + context - width) * h, from = (b * out + t) * row
                    for i in 0..<row { dst[to + i] += src[from + i] }
                }}
            }
        }
    }

    /// Rows of `hidden`, then the onset and offset probabilities (88 each).
    static func frameHeadInput(hidden: [Float], onset: [Float], offset: [Float], rows: Int, hiddenSize: Int) -> [Float] {
        let k = PianoScribeShape.keys, width = hiddenSize + 2 * k
        var y = [Float](repeating: 0, count: rows * width)
        for r in 0..<rows {
            for j in 0..<hiddenSize { y[r * width + j] = hidden[r * hiddenSize + j] }
            for j in 0..<k {
                y[r * width + hiddenSize + j] = 1 / (1 + expf(-onset[r * k + j]))
                y[r * width + hiddenSize + k + j] = 1 / (1 + expf(-offset[r * k + j]))
            }
        }
        return y
    }
}
