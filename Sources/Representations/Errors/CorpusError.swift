/// A corpus folder that cannot give training or test material.
public enum CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path is not a folder.
    case notAFolder(path: String)
    /// No file under the folder gave an item of the kind asked for (`kind`: "melody", "groove",
    /// "lead sheet", "chorale").
    case empty(path: String, kind: String)
    /// A split table (the Groove MIDI Dataset's `info.csv`) that does not follow its format.
    case malformedSplitTable(path: String, line: Int, reason: String)
    /// The corpus split asked for (`DataSplit.corpusSplit`) needs a split table the corpus does not have.
    case noSplitTable

    public var description: String {
        switch self {
        case .notAFolder(let p): return "\(p) is not a folder"
        case .empty(let p, let kind): return "no readable .mid/.midi \(kind) files under \(p)"
        case .malformedSplitTable(let p, let line, let reason): return "\(p): line \(line) \(reason)"
        case .noSplitTable: return "the corpus has no split table (info.csv) to split by"
        }
    }
}
