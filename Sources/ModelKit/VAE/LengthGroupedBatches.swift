/// Class sequences of several lengths cut into minibatches of one length each: every epoch
/// each length's sequences are shuffled (`seededShuffle`) and cut into minibatches of
/// `batchSize` (the last of a length shorter), then the minibatches are shuffled together.
public struct LengthGroupedBatches: MinibatchSource, Sendable {
    /// The training sequences.
    public var examples: [[Int32]]
    /// Sequences per minibatch, at least 1.
    public var batchSize: Int

    public init(_ examples: [[Int32]], batchSize: Int) {
        precondition(batchSize >= 1, "LengthGroupedBatches: batch size \(batchSize) < 1")
        self.examples = examples
        self.batchSize = batchSize
    }

    /// Steps in all the sequences.
    public var itemCount: Int { examples.reduce(0) { $0 + $1.count } }

    public func minibatches(rng: inout SeededGenerator) -> [[[Int32]]] {
        var byLength: [Int: [Int]] = [:]
        for (i, e) in examples.enumerated() { byLength[e.count, default: []].append(i) }
        var batches: [[[Int32]]] = []
        for length in byLength.keys.sorted() {
            var order = byLength[length]!
            order.seededShuffle(&rng)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                batches.append(order[start ..< min(start + batchSize, order.count)].map { examples[$0] })
            }
        }
        batches.seededShuffle(&rng)
        return batches
    }
}
