/// A transcription evaluation that cannot run.
public enum TranscriptionEvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `.mid`/`.midi` file in the reference folder.
    case noReferences(folder: String)
    /// The folder of estimates or audio (`folder`) holds `files`, but none is named as a reference
    /// of `references` (`take.wav` or `take.mid` pairs with `take.mid`): nothing could be scored.
    case nothingPaired(folder: String, files: [String], references: String)
    /// Audio was given to transcribe, but no transcription model file was found (`file`, in the
    /// places `searched`).
    case noTranscriptionModel(file: String, searched: [String])

    public var description: String {
        switch self {
        case .noReferences(let folder): return "\(folder): no .mid or .midi files"
        case let .nothingPaired(folder, files, references):
            let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", ..." : "")
            return "\(folder): none of its \(files.count) file(s) (\(shown)) is named as a reference in \(references) (NAME.wav or NAME.mid pairs with NAME.mid)"
        case let .noTranscriptionModel(file, searched):
            return "no transcription model yet: \(file) not found (searched \(searched.joined(separator: ", ")))"
        }
    }
}
