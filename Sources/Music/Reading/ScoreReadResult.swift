import SMF

/// What `Score.read(bytes:options:)` returns: the score and what the SMF reader had to repair.
public struct ScoreReadResult: Sendable, Hashable {
    public var score: Score
    /// The file's format (after lenient repair; format 2 sequences are placed one after another).
    public var format: Format
    /// The number of `MTrk` chunks read (one part each).
    public var trackCount: Int
    /// Warnings in the order found, at most `ReadOptions.maxWarnings`. Always empty in strict mode.
    public var warnings: [SMFWarning]
    /// The number of warnings of each kind, including any beyond `maxWarnings`.
    public var warningCounts: [SMFWarning.Kind: Int]
    /// How the SMF was stored (plain or RIFF `RMID`).
    public var container: ReadResult.Container
    /// The byte offset of `MThd` in the data.
    public var headerOffset: Int

    /// The total number of warnings (all kinds, including any not kept in `warnings`).
    public var warningCount: Int { warningCounts.values.reduce(0, +) }
}
