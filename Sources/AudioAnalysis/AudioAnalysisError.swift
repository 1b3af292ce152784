/// Why audio could not be read or analysed, with the facts (the file, the frame reached, the
/// library's own message).
public enum AudioAnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libsndfile could not open the file (missing, unreadable, or not a format it reads); `reason`
    /// is libsndfile's message.
    case cannotOpen(path: String, reason: String)
    /// The file opened but has no channels or no sample rate.
    case unsupported(path: String, reason: String)
    /// Decoding failed part way: `frame` is the first frame (at the file's own rate) not read.
    case readFailed(path: String, frame: Int, reason: String)
    /// libsamplerate refused the conversion (`reason` is `src_strerror`'s text).
    case resamplingFailed(path: String, reason: String)
    /// A setting outside its range (`name`, the value given, the range allowed as text).
    case settingOutOfRange(name: String, value: Double, allowed: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open audio: \(reason)"
        case let .unsupported(path, reason): return "\(path): unsupported audio: \(reason)"
        case let .readFailed(path, frame, reason): return "\(path): audio decoding failed at frame \(frame): \(reason)"
        case let .resamplingFailed(path, reason): return "\(path): resampling failed: \(reason)"
        case let .settingOutOfRange(name, value, allowed): return "\(name) must be \(allowed), got \(value)"
        }
    }
}
