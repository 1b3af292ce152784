import FileIO
import CSndfile
import SMF
import Foundation

/// The sample format of a WAV file written by `WAVWriter`.
public enum WAVSampleFormat: Sendable, Hashable, CaseIterable {
    /// 16-bit signed integer PCM (`SF_FORMAT_PCM_16`), the default.
    case pcm16
    /// 32-bit IEEE float (`SF_FORMAT_FLOAT`), lossless for rendered audio.
    case float32

    var sndfileSubtype: Int32 {
        switch self {
        case .pcm16: return Int32(SF_FORMAT_PCM_16)
        case .float32: return Int32(SF_FORMAT_FLOAT)
        }
    }

    /// Bytes per sample in the file.
    public var bytesPerSample: Int { self == .pcm16 ? 2 : 4 }
}

/// Writes stereo WAV files (or FLAC, Ogg Vorbis, AIFF: `fileFormat`) with libsndfile, atomically:
/// whole `RenderedAudio` values, or audio streamed as it is made (`write(to:sampleRate:_:)`), so that
/// memory does not grow with the length.
///
/// The file is written atomically with `FileIO.AtomicFile` (temporary file in the destination's
/// directory, `fsync`, renamed over the destination, `fsync` of the folder): readers see either the
/// old file or the complete new one, and a failed or interrupted write leaves no output (a process
/// killed mid-write leaves only its `.NAME.PID.RANDOM.tmp` file). A symbolic link is followed; an
/// existing device or other non-regular file (e.g. `/dev/null`) is refused.
///
/// libsndfile is set up as `fluidsynth -F` sets it up (`SFC_SET_NORM_FLOAT` and
/// `SFC_SET_CLIPPING` on), so 16-bit samples are converted exactly as the CLI converts them:
/// `lrintf(x * 2^31) >> 16` with clipping at full scale, not `round(x * 32767)`.
public struct WAVWriter: Sendable {
    /// The sample format written (FLAC is always 16-bit, Ogg Vorbis always Vorbis).
    public var format: WAVSampleFormat
    /// The file format written: `.wav` unless given.
    public var fileFormat: AudioFileFormat

    /// The header libsndfile writes before the samples of a plain WAV file, in bytes (at most).
    static let headerBytes: Int64 = 80
    /// The most sample data a WAV file can hold: its RIFF sizes are 32-bit.
    public static let maximumDataBytes: Int64 = Int64(UInt32.max) - headerBytes

    /// - Parameters:
    ///   - format: `.pcm16` (default) or `.float32` (not for FLAC: `AudioFileFormat.holds(_:)`).
    ///   - fileFormat: the container and codec, `.wav` by default.
    public init(format: WAVSampleFormat = .pcm16, fileFormat: AudioFileFormat = .wav) {
        self.format = format
        self.fileFormat = fileFormat
    }

    /// Writes `audio` to `path` (replacing any existing file).
    /// The sample rate stored is `audio.sampleRate` rounded to the nearest integer Hz.
    /// - Throws: `SynthError.wavWriteFailed(path:reason:)` naming `path` if the directory does not
    ///   exist or is not writable, the sample rate is not representable, or writing fails.
    public func write(_ audio: RenderedAudio, to path: String) throws {
        try write(to: path, sampleRate: audio.sampleRate) { stream in
            try audio.samples.withUnsafeBufferPointer { try stream.append($0) }
        }
    }

    /// Streams a WAV file to `path`: `produce` gets a `WAVStream` and appends interleaved stereo
    /// samples to it; when `produce` returns the file is closed, flushed and renamed into place.
    /// If `produce` throws, nothing is left at `path` and its error is rethrown.
    /// - Returns: what `produce` returns.
    /// - Throws: `SynthError.wavWriteFailed(path:reason:)` as `write(_:to:)`, or what `produce` throws.
    public func write<T>(to path: String, sampleRate: Double, _ produce: (WAVStream) throws -> T) throws -> T {
        func failure(_ reason: String) -> SynthError { .wavWriteFailed(path: path, reason: reason) }
        guard sampleRate >= 1, sampleRate < Double(Int32.max) else {
            throw failure("sample rate \(sampleRate) Hz is not representable in a WAV header")
        }
        var info = SF_INFO()
        info.samplerate = Int32((sampleRate + 0.5).rounded(.down))
        info.channels = Int32(RenderedAudio.channelCount)
        info.format = fileFormat.sndfileFormat(format)
        guard fileFormat.holds(format), sf_format_check(&info) != 0 else {
            throw failure("libsndfile rejects this format (\(fileFormat.rawValue), \(format), sample rate \(info.samplerate) Hz)")
        }
        var result: T?
        do {
            try AtomicFile.write(to: path) { temporaryPath in
                guard let file = sf_open(temporaryPath, Int32(SFM_WRITE), &info) else {
                    throw failure(String(cString: sf_strerror(nil)))
                }
                sf_command(file, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
                sf_command(file, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
                let stream = WAVStream(file: file, path: path, shortSamples: fileFormat == .flac)
                do {
                    result = try produce(stream)
                    try stream.flush()
                } catch {
                    sf_close(file)
                    throw error
                }
                let closeResult = sf_close(file)
                guard closeResult == 0 else { throw failure("closing failed: \(String(cString: sf_error_number(closeResult)))") }
            }
        } catch let error as FileIOError {
            throw failure(error.reason)
        }
        return result!
    }
}

/// An open WAV file being written by `WAVWriter.write(to:sampleRate:_:)`. Samples are gathered in
/// a fixed buffer (4096 frames) and handed to libsndfile a buffer at a time.
public final class WAVStream {
    private let file: OpaquePointer
    private let path: String
    /// Whether samples are converted to 16-bit here (FLAC, whose libsndfile writer rounds floats
    /// otherwise), as libsndfile converts them for a 16-bit WAV: the same samples in both.
    private let shortSamples: Bool
    private var buffer: [Float]
    private var used = 0
    /// Frames written so far (buffered ones included).
    public private(set) var frameCount = 0

    static let bufferFrames = 4096

    init(file: OpaquePointer, path: String, shortSamples: Bool = false) {
        self.file = file
        self.path = path
        self.shortSamples = shortSamples
        self.buffer = [Float](repeating: 0, count: 2 * Self.bufferFrames)
    }

    /// Appends interleaved stereo samples (left, right, ...); `samples.count` must be even.
    /// - Throws: `SynthError.wavWriteFailed` naming the destination if libsndfile cannot write.
    public func append(_ samples: UnsafeBufferPointer<Float>) throws {
        precondition(samples.count % 2 == 0, "interleaved stereo needs an even sample count")
        var offset = 0
        while offset < samples.count {
            let n = min(buffer.count - used, samples.count - offset)
            buffer.withUnsafeMutableBufferPointer { b in
                _ = UnsafeMutableBufferPointer(rebasing: b[used..<(used + n)]).initialize(from: UnsafeBufferPointer(rebasing: samples[offset..<(offset + n)]))
            }
            used += n
            offset += n
            if used == buffer.count { try flush() }
        }
        frameCount += samples.count / 2
    }

    /// `x` as libsndfile writes a float into a 16-bit WAV with clipping on: `lrintf(x * 2^31) >> 16`,
    /// full scale at and beyond +-1.
    static func pcm16(_ x: Float) -> Int16 {
        let scaled = Double(x) * 2_147_483_648
        if scaled >= Double(Int32.max) { return Int16.max }
        if scaled <= Double(Int32.min) { return Int16.min }
        return Int16(truncatingIfNeeded: Int32(Float(scaled).rounded(.toNearestOrEven)) >> 16)
    }

    /// Hands the buffered samples to libsndfile.
    func flush() throws {
        guard used > 0 else { return }
        let frames = sf_count_t(used / 2)
        let written = shortSamples
            ? buffer[..<used].map(Self.pcm16).withUnsafeBufferPointer { sf_writef_short(file, $0.baseAddress, frames) }
            : buffer.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, frames) }
        used = 0
        guard written == frames else {
            throw SynthError.wavWriteFailed(path: path, reason: "wrote \(written) of \(frames) frames: \(String(cString: sf_strerror(file)))")
        }
    }
}
