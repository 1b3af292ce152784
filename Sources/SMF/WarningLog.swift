/// The warnings of one read: the first `maxWarnings` in order, and a count of every kind.
final class WarningLog {
    let maxWarnings: Int
    var warnings: [SMFWarning] = []
    var counts: [SMFWarning.Kind: Int] = [:]
    init(maxWarnings: Int) { self.maxWarnings = maxWarnings }
}
