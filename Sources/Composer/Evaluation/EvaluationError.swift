/// An evaluation that cannot run on the data given.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The split left nothing to score (`kind`: "groove", "tune", "lead sheet", "chorale").
    case nothingHeldOut(kind: String)

    public var description: String {
        switch self {
        case .nothingHeldOut(let kind): return "no held-out \(kind)s to score"
        }
    }
}
