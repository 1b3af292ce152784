/// An evaluation that cannot run on the data given.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The split left nothing to score (`kind`: "groove", "tune", "lead sheet", "chorale").
    case nothingHeldOut(kind: String)
    /// The split left no training piece to measure (`FormEvaluation.Options.part` `.training`).
    case nothingInTraining(kind: String)

    public var description: String {
        switch self {
        case .nothingHeldOut(let kind): return "no held-out \(kind)s to score"
        case .nothingInTraining(let kind): return "no training \(kind)s to measure"
        }
    }
}
