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
}

/// Writes `RenderedAudio` as a stereo WAV file with libsndfile, atomically.
///
/// The file is written atomically with `FileIO.AtomicFile` (temporary file in the destination's
/// directory, flushed, renamed over the destination): readers see either the old file or the
/// complete new one, and a failed write leaves nothing behind. A symbolic link is followed; an
/// existing device or other non-regular file (e.g. `/dev/null`) is refused.
///
/// libsndfile is set up as `fluidsynth -F` sets it up (`SFC_SET_NORM_FLOAT` and
/// `SFC_SET_CLIPPING` on), so 16-bit samples are converted exactly as the CLI converts them:
/// `lrintf(x * 2^31) >> 16` with clipping at full scale, not `round(x * 32767)`.
public struct WAVWriter: Sendable {
    /// The sample format written.
    public var format: WAVSampleFormat

    /// - Parameter format: `.pcm16` (default) or `.float32`.
    public init(format: WAVSampleFormat = .pcm16) {
        self.format = format
    }

    /// Writes `audio` to `path` (replacing any existing file).
    /// The sample rate stored is `audio.sampleRate` rounded to the nearest integer Hz.
    /// - Throws: `SynthError.wavWriteFailed(path:reason:)` naming `path` if the directory does not
    ///   exist or is not writable, the sample rate is not representable, or writing fails.
    public func write(_ audio: RenderedAudio, to path: String) throws {
        func failure(_ reason: String) -> SynthError { .wavWriteFailed(path: path, reason: reason) }
        guard audio.sampleRate >= 1, audio.sampleRate < Double(Int32.max) else {
            throw failure("sample rate \(audio.sampleRate) Hz is not representable in a WAV header")
        }
        var info = SF_INFO()
        info.samplerate = Int32((audio.sampleRate + 0.5).rounded(.down))
        info.channels = Int32(RenderedAudio.channelCount)
        info.format = Int32(SF_FORMAT_WAV) | format.sndfileSubtype
        guard sf_format_check(&info) != 0 else {
            throw failure("libsndfile rejects this format (sample rate \(info.samplerate) Hz)")
        }
        do {
            try AtomicFile.write(to: path) { temporaryPath in
                guard let file = sf_open(temporaryPath, Int32(SFM_WRITE), &info) else {
                    throw failure(String(cString: sf_strerror(nil)))
                }
                sf_command(file, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
                sf_command(file, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))
                let frames = sf_count_t(audio.frameCount)
                let written = audio.samples.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, frames) }
                let writeError = written == frames ? nil : String(cString: sf_strerror(file))
                let closeResult = sf_close(file)
                if let writeError { throw failure("wrote \(written) of \(frames) frames: \(writeError)") }
                guard closeResult == 0 else { throw failure("closing failed: \(String(cString: sf_error_number(closeResult)))") }
            }
        } catch let error as FileIOError {
            throw failure(error.reason)
        }
    }
}
