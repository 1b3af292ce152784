import ModelKit

/// A corpus read from a folder, whose items can be split into training and held-out parts by a
/// `DataSplit`. Every corpus loader (melody, drums, lead sheets, chorales) has this shape.
public protocol SplittableCorpus: Sendable {
    /// What one item is (an encoded tune, a groove, a lead sheet, a chorale).
    associatedtype Item
    /// Every item, in path order.
    var items: [Item] { get }
    /// Whether each item (same order as `items`) is in the training part of the corpus's own
    /// split table; nil when the corpus has none.
    var corpusTrainingFlags: [Bool]? { get }
}

extension SplittableCorpus {
    public var corpusTrainingFlags: [Bool]? { nil }

    /// The items for training and the items held out, each in corpus order.
    /// - Throws: `CorpusError.noSplitTable` for `.corpusSplit` on a corpus without a split table.
    public func split(_ split: DataSplit) throws(CorpusError) -> (training: [Item], heldOut: [Item]) {
        switch split {
        case .heldOut(let fraction, let seed):
            return heldOutSplit(items, heldOutFraction: fraction, seed: seed)
        case .all:
            return ([], items)
        case .corpusSplit:
            guard let flags = corpusTrainingFlags else { throw CorpusError.noSplitTable }
            let all = items
            return (all.indices.filter { flags[$0] }.map { all[$0] }, all.indices.filter { !flags[$0] }.map { all[$0] })
        }
    }
}
