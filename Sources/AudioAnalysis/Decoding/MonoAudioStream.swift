/// An audio file as mono samples at one sample rate, streamed in blocks: decoded by libsndfile
/// (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF... any channel count, any rate), mixed to mono (the
/// mean of the channels), resampled by libsamplerate when the file's rate differs. Memory stays
/// bounded by the block size whatever the length of the file (an hour of audio included).
///
/// The stream delivers exactly `round(F * sampleRate / fileRate)` samples in all (halves rounded
/// up), where F is the number of frames decoded: libsamplerate's output is trimmed or padded with
/// zeros at the very end to that count, so that sample i is at time i / sampleRate.
///
/// ```swift
/// let stream = try MonoAudioStream(path: "take.flac")      // 16 kHz mono
/// while let block = try stream.nextBlock() { analyse(block) }
/// ```
public final class MonoAudioStream {
    /// The rate of the transcription model's input: 16,000 Hz (as Onsets and Frames and Kong et al. 2020).
    public static let modelSampleRate = 16_000
    /// Allowed output rates, Hz.
    public static let sampleRateRange = 1_000...384_000

    /// The file's header: its own rate, channels, frames and container.
    public let info: AudioFileInfo
    /// The rate of the samples delivered, Hz.
    public let sampleRate: Int
    /// Samples per block delivered (the last block may be shorter).
    public let blockSize: Int
    /// Samples delivered so far.
    public private(set) var samplesDelivered = 0

    private let reader: SoundFileReader
    private let resampler: StreamResampler?
    private var mono: [Float]
    private var pending: [Float] = []
    private var finished = false

    /// Opens `path`.
    /// - Parameters:
    ///   - sampleRate: output rate in Hz (default 16,000; `sampleRateRange`).
    ///   - quality: libsamplerate's converter (default `.sincMedium`); unused when the rates match.
    ///   - blockSize: samples per block delivered (default 16,384; 1...1,048,576).
    /// - Throws: `AudioAnalysisError`: `.cannotOpen` (libsndfile's reason), `.unsupported`,
    ///   `.resamplingFailed`, `.settingOutOfRange`.
    public init(path: String, sampleRate: Int = MonoAudioStream.modelSampleRate, quality: ResamplerQuality = .sincMedium,
                blockSize: Int = 16_384) throws(AudioAnalysisError) {
        guard Self.sampleRateRange.contains(sampleRate) else {
            throw .settingOutOfRange(name: "sample rate", value: Double(sampleRate), allowed: "1000...384000 Hz")
        }
        guard (1...1_048_576).contains(blockSize) else {
            throw .settingOutOfRange(name: "block size", value: Double(blockSize), allowed: "1...1048576 samples")
        }
        let reader = try SoundFileReader(path: path, blockFrames: blockSize)
        self.reader = reader
        self.info = reader.info
        self.sampleRate = sampleRate
        self.blockSize = blockSize
        self.mono = [Float](repeating: 0, count: blockSize)
        resampler = reader.info.sampleRate == sampleRate ? nil
            : try StreamResampler(ratio: Double(sampleRate) / Double(reader.info.sampleRate), quality: quality, path: path)
    }

    /// The number of samples `frames` decoded frames make at the output rate: round(frames * rate / fileRate).
    public func sampleCount(forFrames frames: Int) -> Int {
        (2 * frames * sampleRate + info.sampleRate) / (2 * info.sampleRate)
    }

    /// The samples the whole stream delivers, from the header's frame count (exact for WAV, FLAC
    /// and OGG; libsndfile may estimate an MP3's length).
    public var expectedSampleCount: Int { sampleCount(forFrames: info.frameCount) }

    /// The next block of `blockSize` samples (fewer at the end), or nil when the file is done.
    /// - Throws: `AudioAnalysisError.readFailed` (with the frame reached) or `.resamplingFailed`.
    public func nextBlock() throws(AudioAnalysisError) -> [Float]? {
        while true {
            let cap = sampleCount(forFrames: reader.framesRead)
            if finished && pending.count < cap - samplesDelivered {
                pending.append(contentsOf: repeatElement(0, count: cap - samplesDelivered - pending.count))
            }
            let available = min(pending.count, cap - samplesDelivered)
            if available >= blockSize || (finished && available > 0) {
                let n = min(available, blockSize)
                let block = Array(pending[0..<n])
                pending.removeFirst(n)
                samplesDelivered += n
                return block
            }
            if finished { pending = []; return nil }
            let n = try reader.read(into: &mono)
            if n == 0 { finished = true }
            if let resampler {
                try resampler.process(mono, count: n, endOfInput: finished, into: &pending)
            } else {
                pending.append(contentsOf: mono[0..<n])
            }
        }
    }

    /// Every remaining sample in one array (for short files and tests; memory grows with the file).
    public func readAll() throws(AudioAnalysisError) -> [Float] {
        var all: [Float] = []
        all.reserveCapacity(max(0, expectedSampleCount - samplesDelivered))
        while let block = try nextBlock() { all.append(contentsOf: block) }
        return all
    }
}
