import CFFTW
import Foundation

/// Log-mel frames of a stream of mono samples, computed with FFTW (single precision, real to
/// complex): each frame is the power spectrum `|FFT(window * samples)|^2` (unnormalised, as
/// librosa's `stft`) of `fftSize` samples under a periodic Hann window, centred on sample
/// `i * hop` (zeros before the start and after the end), through `MelFilterbank`, then
/// `10 * log10(max(mel power, powerFloor))` (decibels, as librosa's `power_to_db` with ref 1).
/// With the defaults: 229 values per frame, 100 frames per second of 16 kHz audio.
///
/// Feed samples in blocks of any size with `append(_:)`; each call returns the frames it completed,
/// `finish()` the rest. Memory: one window of samples, whatever the length of the audio.
/// Frames are returned flat, row-major: frame f's mel bin m is at `f * melBins + m`.
public final class LogMelAnalyzer {
    /// The window, hop, mel bins and floor in use.
    public let settings: LogMelSettings
    /// Frames returned so far.
    public private(set) var framesEmitted = 0
    /// Samples appended so far.
    public private(set) var samplesAppended = 0

    let filterbank: MelFilterbank
    private let window: [Float]
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let plan: fftwf_plan
    private var power: [Float]
    /// Samples from absolute index `bufferStart` on (negative indices are the leading zeros).
    private var buffer: [Float]
    private var bufferStart: Int

    /// - Throws: `AudioAnalysisError.settingOutOfRange` for settings out of range.
    public init(settings: LogMelSettings = LogMelSettings()) throws(AudioAnalysisError) {
        try settings.validate()
        self.settings = settings
        let n = settings.fftSize
        filterbank = MelFilterbank(sampleRate: settings.sampleRate, fftSize: n, melBins: settings.melBins,
                                   minimumFrequency: settings.minimumFrequency, maximumFrequency: settings.maximumFrequency)
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        input = fftwf_alloc_real(n)!
        output = fftwf_alloc_complex(n / 2 + 1)!
        plan = FFTWPlanner.plan(size: n, input: input, output: output)
        power = [Float](repeating: 0, count: n / 2 + 1)
        buffer = [Float](repeating: 0, count: n / 2)
        bufferStart = -n / 2
    }

    deinit {
        FFTWPlanner.destroy(plan)
        fftwf_free(input)
        fftwf_free(output)
    }

    /// Samples held for frames not yet complete (at most one window plus the last block appended).
    var bufferedSampleCount: Int { buffer.count }

    /// The centre frequency in Hz of each mel bin.
    public var melCentres: [Double] { filterbank.centres }

    /// Appends samples; returns the frames now complete (flat, `melBins` values each).
    public func append(_ samples: [Float]) -> [Float] {
        buffer.append(contentsOf: samples)
        samplesAppended += samples.count
        var frames: [Float] = []
        let half = settings.fftSize / 2
        while framesEmitted * settings.hop + half <= samplesAppended {
            analyseFrame(into: &frames)
        }
        dropConsumed()
        return frames
    }

    /// The frames left once no more samples come (zero padding after the end); afterwards
    /// `framesEmitted == settings.frameCount(samples: samplesAppended)`.
    public func finish() -> [Float] {
        var frames: [Float] = []
        let total = settings.frameCount(samples: samplesAppended)
        let needed = (total - 1) * settings.hop + settings.fftSize / 2 - bufferStart
        if buffer.count < needed { buffer.append(contentsOf: repeatElement(0, count: needed - buffer.count)) }
        while framesEmitted < total { analyseFrame(into: &frames) }
        dropConsumed()
        return frames
    }

    /// Reads `stream` to its end and hands each block's frames (flat) to `body`.
    /// - Throws: what the stream or `body` throws.
    public func analyse(_ stream: MonoAudioStream, _ body: ([Float]) throws -> Void) throws {
        while let block = try stream.nextBlock() {
            let frames = append(block)
            if !frames.isEmpty { try body(frames) }
        }
        let rest = finish()
        if !rest.isEmpty { try body(rest) }
    }

    private func analyseFrame(into frames: inout [Float]) {
        let n = settings.fftSize
        let start = framesEmitted * settings.hop - n / 2 - bufferStart
        buffer.withUnsafeBufferPointer { b in
            for i in 0..<n { input[i] = b[start + i] * window[i] }
        }
        fftwf_execute(plan)
        for k in 0..<power.count {
            let re = output[k].0, im = output[k].1
            power[k] = re * re + im * im
        }
        let floor = settings.powerFloor
        for filter in filterbank.filters {
            var sum: Float = 0
            for (j, w) in filter.weights.enumerated() { sum += w * power[filter.first + j] }
            frames.append(10 * log10f(max(sum, floor)))
        }
        framesEmitted += 1
    }

    private func dropConsumed() {
        let keepFrom = framesEmitted * settings.hop - settings.fftSize / 2 - bufferStart
        if keepFrom > 0 {
            buffer.removeFirst(min(keepFrom, buffer.count))
            bufferStart += keepFrom
        }
    }
}
