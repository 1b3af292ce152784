import CSndfile
import Foundation

/// Reads WAV (and other libsndfile-readable) files back into `RenderedAudio`, e.g. to compare a
/// render with `fluidsynth -F` output or with a file written by `WAVWriter`.
public enum WAVReader {
    /// What a sound file holds, from its header.
    public struct Info: Sendable, Hashable {
        // Memberwise initialiser is internal: values come from `WAVReader.info(path:)`.
        /// Frames (samples per channel).
        public var frameCount: Int
        /// Sample rate in Hz.
        public var sampleRate: Int
        /// Channels per frame.
        public var channelCount: Int
        /// The sample format, when it is one `WAVWriter` writes; nil for others (24-bit, ...).
        public var sampleFormat: WAVSampleFormat?
        /// libsndfile's `SF_INFO.format` word (major type | subtype | endianness).
        package var sndfileFormat: Int32
    }

    /// Reads the header of the sound file at `path`.
    /// - Throws: `SynthError.wavReadFailed(path:reason:)`.
    public static func info(path: String) throws -> Info {
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            throw SynthError.wavReadFailed(path: path, reason: String(cString: sf_strerror(nil)))
        }
        sf_close(file)
        return Self.info(from: info)
    }

    /// Reads the sound file at `path` as float samples in -1...1 (libsndfile's normalised
    /// conversion: 16-bit values are divided by 32768). Mono files are duplicated to both channels.
    /// - Throws: `SynthError.wavReadFailed(path:reason:)` if the file cannot be opened or read, or
    ///   has more than two channels.
    public static func read(path: String) throws -> RenderedAudio {
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            throw SynthError.wavReadFailed(path: path, reason: String(cString: sf_strerror(nil)))
        }
        defer { sf_close(file) }
        let channels = Int(info.channels)
        guard channels == 1 || channels == 2 else {
            throw SynthError.wavReadFailed(path: path, reason: "\(channels) channels; only mono and stereo are supported")
        }
        let frames = Int(info.frames)
        var raw = [Float](repeating: 0, count: frames * channels)
        let read = raw.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, sf_count_t(frames)) }
        guard read == sf_count_t(frames) else {
            throw SynthError.wavReadFailed(path: path, reason: "read \(read) of \(frames) frames: \(String(cString: sf_strerror(file)))")
        }
        if channels == 1 {
            var stereo = [Float](repeating: 0, count: 2 * frames)
            for i in 0..<frames { stereo[2 * i] = raw[i]; stereo[2 * i + 1] = raw[i] }
            raw = stereo
        }
        return RenderedAudio(samples: raw, sampleRate: Double(info.samplerate))
    }

    static func info(from info: SF_INFO) -> Info {
        let subtype = info.format & Int32(SF_FORMAT_SUBMASK)
        let format: WAVSampleFormat? = WAVSampleFormat.allCases.first { $0.sndfileSubtype == subtype }
        return Info(frameCount: Int(info.frames), sampleRate: Int(info.samplerate),
                    channelCount: Int(info.channels), sampleFormat: format, sndfileFormat: info.format)
    }
}
