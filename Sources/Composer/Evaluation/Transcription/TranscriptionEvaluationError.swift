/// A transcription evaluation that cannot run.
public enum TranscriptionEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `.mid`/`.midi` file in the reference folder.
    case noReferences(folder: String)
    /// Audio was given to transcribe, but no transcription model file was found (`file`, in the
    /// places `searched`).
    case noTranscriptionModel(file: String, searched: [String])

    public var description: String {
        switch self {
        case .noReferences(let folder): return "\(folder): no .mid or .midi files"
        case let .noTranscriptionModel(file, searched):
            return "no transcription model yet: \(file) not found (searched \(searched.joined(separator: ", ")))"
        }
    }
}
