/// Why a transcription could not be made, with the facts. Audio that cannot be read throws
/// `AudioAnalysisError` (naming the file) instead.
package enum TranscriberError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A decoding or pipeline setting outside its range (`name`, the value given, the range allowed as text).
    case settingOutOfRange(name: String, value: Double, allowed: String)
    /// The model's activations do not have the shape the pipeline asked for (`expected` frames, `got`).
    case activationShape(expected: Int, got: Int)

    package var description: String {
        switch self {
        case let .settingOutOfRange(name, value, allowed): return "\(name) must be \(allowed), got \(value)"
        case let .activationShape(expected, got):
            return "the transcription model returned \(got) frames of activations where \(expected) were expected"
        }
    }
}
