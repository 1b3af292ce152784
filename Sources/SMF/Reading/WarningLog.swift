/// The warnings of one read: the first `maxWarnings` in order, and a count of every kind.
@usableFromInline
final class WarningLog {
    @usableFromInline let maxWarnings: Int
    @usableFromInline var warnings: [SMFWarning] = []
    @usableFromInline var counts: [SMFWarning.Kind: Int] = [:]
    @usableFromInline init(maxWarnings: Int) { self.maxWarnings = maxWarnings }
}
