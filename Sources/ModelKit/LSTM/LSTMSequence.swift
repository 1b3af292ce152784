/// The inputs and targets of one sequence for an `LSTMNetwork`: at each step the active sparse
/// input features and the class to predict (e.g. a melody's step events, a groove's step sets).
public struct LSTMSequence: Sendable {
    public var features: [[Int32]]
    public var targets: [Int32]
    public init(features: [[Int32]], targets: [Int32]) {
        precondition(features.count == targets.count, "one feature list per target")
        self.features = features
        self.targets = targets
    }
}

extension LSTMSequence {
    /// Sequences laid out in `batch` rows (each tune to the row that is shortest so far, in the
    /// given order), cut into chunks of `steps`; the state is reset where a tune starts and
    /// carried across chunks, so each tune is read whole (gradients are truncated at chunk edges).
    static func batches(_ sequences: [LSTMSequence], batch: Int, steps: Int, shuffleSeed: UInt64? = nil) -> [LSTMBatch] {
        let B = max(1, min(batch, sequences.count))
        var rows = [[Int]](repeating: [], count: B)
        var lengths = [Int](repeating: 0, count: B)
        // Longest first, each to the shortest row (LPT scheduling): rows end within one short tune
        // of each other, so the last minibatches are not left with a few rows (noisy updates).
        let byLength = sequences.indices.sorted { (sequences[$0].targets.count, -$0) > (sequences[$1].targets.count, -$1) }
        for i in byLength {
            let r = lengths.indices.min { (lengths[$0], $0) < (lengths[$1], $1) }!
            rows[r].append(i)
            lengths[r] += sequences[i].targets.count
        }
        if let shuffleSeed {
            var rng = SeededGenerator(seed: shuffleSeed)
            for r in rows.indices { rows[r].seededShuffle(&rng) }
        }
        // Flat (sequence, position) per row.
        let flat: [[(Int32, Int32)]] = rows.map { row in
            row.flatMap { s in (0..<sequences[s].targets.count).map { (Int32(s), Int32($0)) } }
        }
        let longest = lengths.max() ?? 0
        var result: [LSTMBatch] = []
        var start = 0
        while start < longest {
            var b = LSTMBatch(steps: steps, batch: B)
            for t in 0..<steps {
                for r in 0..<B {
                    let i = start + t
                    if i < flat[r].count {
                        let (s, p) = flat[r][i]
                        let seq = sequences[Int(s)]
                        b.append(features: seq.features[Int(p)], target: seq.targets[Int(p)], reset: p == 0)
                    } else {
                        b.append(features: [], target: -1, reset: true)
                    }
                }
            }
            result.append(b)
            start += steps
        }
        return result
    }

    /// Scores sequences (no dropout): one step per target, in minibatches of 64 rows and 128 steps.
    package static func score(_ network: LSTMNetwork, _ sequences: [LSTMSequence]) -> NLLReport {
        var total = NLLReport(sequences: sequences.count)
        guard !sequences.isEmpty else { return total }
        let chunks = batches(sequences, batch: 64, steps: 128)
        var state = LSTMState(shape: network.shape, batch: chunks[0].batch)
        var rng = SeededGenerator(seed: 0)
        for c in chunks {
            let r = network.pass(c, state: &state, rng: &rng)
            total.totalNats += r.nats; total.steps += r.count; total.correct += r.correct
        }
        return total
    }
}
