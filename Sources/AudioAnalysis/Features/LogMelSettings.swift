/// How `LogMelAnalyzer` turns samples into log-mel frames. The defaults are those of Kong et al.
/// 2020 ("High-resolution piano transcription with pedals by regressing onset and offset times"):
/// 16 kHz audio, a 2048-sample Hann window (128 ms), a hop of 160 samples (10 ms, so 100 frames per
/// second, the rate of the frame metric), 229 mel bins from 30 Hz to 8 kHz.
public struct LogMelSettings: Sendable, Hashable, Codable {
    /// Sample rate of the input in Hz (default 16,000).
    public var sampleRate = 16_000
    /// FFT and window length in samples, a power of two (default 2048).
    public var fftSize = 2048
    /// Samples between frame centres (default 160).
    public var hop = 160
    /// Mel bins per frame (default 229).
    public var melBins = 229
    /// Lowest filter edge in Hz (default 30).
    public var minimumFrequency = 30.0
    /// Highest filter edge in Hz (default 8,000; at most half the sample rate).
    public var maximumFrequency = 8_000.0
    /// Smallest mel power before the logarithm (default 1e-10, i.e. -100 dB).
    public var powerFloor: Float = 1e-10

    /// The defaults above (Kong et al. 2020: 16 kHz, 2048-sample Hann window, hop 160, 229 mel bins, 30-8000 Hz).
    public init() {}

    /// Frames per second: `sampleRate / hop` (100 with the defaults).
    public var framesPerSecond: Double { Double(sampleRate) / Double(hop) }

    /// Frames for `samples` samples: `1 + samples / hop` (integer division), frame i centred on
    /// sample `i * hop`, as librosa's `center=True` (zero padding at both ends).
    public func frameCount(samples: Int) -> Int { 1 + samples / hop }

    /// - Throws: `AudioAnalysisError.settingOutOfRange` naming the first setting out of its range.
    public func validate() throws(AudioAnalysisError) {
        if !(1_000...384_000).contains(sampleRate) { throw .settingOutOfRange(name: "sample rate", value: Double(sampleRate), allowed: "1000...384000 Hz") }
        if !(16...65_536).contains(fftSize) || fftSize & (fftSize - 1) != 0 {
            throw .settingOutOfRange(name: "FFT size", value: Double(fftSize), allowed: "a power of two in 16...65536")
        }
        if !(1...fftSize).contains(hop) { throw .settingOutOfRange(name: "hop", value: Double(hop), allowed: "1...\(fftSize) samples") }
        if !(1...1024).contains(melBins) { throw .settingOutOfRange(name: "mel bins", value: Double(melBins), allowed: "1...1024") }
        let nyquist = Double(sampleRate) / 2
        if !(0 < maximumFrequency && maximumFrequency <= nyquist) {
            throw .settingOutOfRange(name: "maximum frequency", value: maximumFrequency, allowed: "0<...\(nyquist) Hz")
        }
        if !(0 <= minimumFrequency && minimumFrequency < maximumFrequency) {
            throw .settingOutOfRange(name: "minimum frequency", value: minimumFrequency, allowed: "0..<\(maximumFrequency) Hz")
        }
        if !(powerFloor > 0) { throw .settingOutOfRange(name: "power floor", value: Double(powerFloor), allowed: "> 0") }
    }
}
