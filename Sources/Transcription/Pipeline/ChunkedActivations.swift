/// Runs an acoustic model over a stream of log-mel frames in chunks, so that memory stays bounded
/// whatever the length of the audio, and returns exactly one frame of activations per frame of
/// input.
///
/// The model labels the inner frames of what it is given: `count` frames in, `count - 2 *
/// contextFrames` out, each output frame seeing `contextFrames` frames on either side. So each
/// chunk overlaps the one before by `2 * contextFrames` frames, and the stream is padded with
/// `contextFrames` frames of `padValue` (the log-mel value of silence) before the first frame and
/// after the last. A model whose output depends only on that context (a convolutional one) gives
/// the same activations chunked as in one piece.
package final class ChunkedActivations {
    /// The model: `count x melBins` log-mel values in, activations of the inner frames out.
    package typealias Model = (_ frames: [Float], _ count: Int) -> PianoActivations

    /// Frames of context the model needs on either side.
    package let contextFrames: Int
    /// Values per log-mel frame.
    package let melBins: Int
    /// Frames labelled per call of the model (the last call may label fewer).
    package let chunkFrames: Int
    /// The value of the padding frames (default -100: `10 log10(1e-10)`, silence in `LogMelSettings`).
    package let padValue: Float
    /// Input frames appended so far.
    package private(set) var framesAppended = 0
    /// Activation frames returned so far; equals `framesAppended` after `finish()`.
    package private(set) var framesLabelled = 0
    /// The most log-mel frames held at once: at most `chunkFrames + 2 * contextFrames - 1` plus the
    /// larger of the last block appended and `contextFrames` (the end padding).
    package private(set) var peakBufferedFrames = 0

    private let model: Model
    /// Log-mel frames not yet labelled, with their left context (flat).
    private var buffer: [Float]
    private var finished = false

    /// - Parameters:
    ///   - chunkFrames: frames labelled per model call, 1...1,000,000 (default 1000: 10 s at 100 frames/s).
    /// - Throws: `TranscriberError.settingOutOfRange` for a chunk, context or width out of range.
    package init(contextFrames: Int, melBins: Int, chunkFrames: Int = 1000, padValue: Float = -100,
                 model: @escaping Model) throws(TranscriberError) {
        guard (0...10_000).contains(contextFrames) else {
            throw .settingOutOfRange(name: "context frames", value: Double(contextFrames), allowed: "0...10000")
        }
        guard melBins > 0 else { throw .settingOutOfRange(name: "mel bins", value: Double(melBins), allowed: "> 0") }
        guard (1...1_000_000).contains(chunkFrames) else {
            throw .settingOutOfRange(name: "chunk frames", value: Double(chunkFrames), allowed: "1...1000000")
        }
        self.contextFrames = contextFrames
        self.melBins = melBins
        self.chunkFrames = chunkFrames
        self.padValue = padValue
        self.model = model
        buffer = [Float](repeating: padValue, count: contextFrames * melBins)
    }

    /// Appends log-mel frames (flat, `melBins` values each); returns the activations of every
    /// chunk now complete, in order.
    /// - Throws: `TranscriberError.activationShape` when the model returns the wrong number of frames.
    package func append(_ frames: [Float]) throws(TranscriberError) -> [PianoActivations] {
        precondition(!finished && frames.count % melBins == 0, "ChunkedActivations.append: whole frames, before finish()")
        buffer.append(contentsOf: frames)
        framesAppended += frames.count / melBins
        peakBufferedFrames = max(peakBufferedFrames, buffer.count / melBins)
        var out: [PianoActivations] = []
        let window = chunkFrames + 2 * contextFrames
        while buffer.count / melBins >= window {
            out.append(try run(frames: window))
            buffer.removeFirst(chunkFrames * melBins)
        }
        return out
    }

    /// Pads the end and labels the frames left; afterwards `framesLabelled == framesAppended`.
    package func finish() throws(TranscriberError) -> [PianoActivations] {
        precondition(!finished, "ChunkedActivations.finish() twice")
        finished = true
        buffer.append(contentsOf: repeatElement(padValue, count: contextFrames * melBins))
        peakBufferedFrames = max(peakBufferedFrames, buffer.count / melBins)
        var out: [PianoActivations] = []
        let window = chunkFrames + 2 * contextFrames
        while buffer.count / melBins > 2 * contextFrames {
            let n = min(window, buffer.count / melBins)
            out.append(try run(frames: n))
            buffer.removeFirst((n - 2 * contextFrames) * melBins)
        }
        buffer = []
        return out
    }

    private func run(frames n: Int) throws(TranscriberError) -> PianoActivations {
        let input = n * melBins == buffer.count ? buffer : Array(buffer[0 ..< n * melBins])
        let activations = model(input, n)
        let expected = n - 2 * contextFrames
        guard activations.frameCount == expected else { throw .activationShape(expected: expected, got: activations.frameCount) }
        framesLabelled += expected
        return activations
    }
}
