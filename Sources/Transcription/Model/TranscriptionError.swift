/// What the Transcription module cannot do with its inputs.
package enum TranscriptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A training-set folder whose index or feature files are missing or do not agree.
    case badTrainingSet(path: String, reason: String)
    /// No training pieces (all held out, none found, or none rendered).
    case noTrainingPieces(corpus: String)

    package var description: String {
        switch self {
        case let .badTrainingSet(path, reason): return "\(path): \(reason)"
        case let .noTrainingPieces(corpus): return "\(corpus): no training pieces"
        }
    }
}
