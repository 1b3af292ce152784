import Foundation

/// Negative log-likelihood of sequences scored prediction by prediction, in nats (natural
/// logarithm): how many sequences and predictions, the summed `-ln P(actual)`, and how many
/// predictions had the actual outcome as their most likely one. It knows nothing of what is
/// predicted (a melody's step events, a groove's step sets, a tune's tokens): callers divide
/// `totalNats` by their own units when they need another figure (nats per note, say).
public struct NLLReport: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Sequences scored.
    public var sequences: Int
    /// Predictions made (one per scored element of the sequences).
    public var steps: Int
    /// Total negative log-likelihood in nats (`-Σ ln P(actual)`).
    public var totalNats: Double
    /// Predictions whose most likely outcome was the actual one. Only scorers that see each
    /// prediction's whole distribution count these (`add(distribution:actual:)`); it stays 0 for
    /// scorers that only know the probability of what happened (`add(logProbability:steps:)`).
    public var correct: Int

    /// A report of the given counts (all 0 by default).
    public init(sequences: Int = 0, steps: Int = 0, totalNats: Double = 0, correct: Int = 0) {
        self.sequences = sequences
        self.steps = steps
        self.totalNats = totalNats
        self.correct = correct
    }

    /// Mean negative log-likelihood, nats per prediction: `totalNats / steps` (0 for no steps).
    public var natsPerStep: Double { totalNats / Double(max(steps, 1)) }
    /// Fraction (0...1) of predictions whose most likely outcome was the actual one (0 for no steps).
    public var accuracy: Double { Double(correct) / Double(max(steps, 1)) }

    /// Adds one prediction: `distribution` (probabilities over the outcomes, summing to 1) and the
    /// index of the `actual` outcome. A probability of 0 costs `-ln(leastNormalMagnitude)` (708.4
    /// nats) rather than infinity. The most likely outcome is the first of the largest values.
    public mutating func add(distribution: [Double], actual: Int) {
        steps += 1
        totalNats -= log(max(distribution[actual], Double.leastNormalMagnitude))
        var arg = 0
        for i in distribution.indices where distribution[i] > distribution[arg] { arg = i }
        if arg == actual { correct += 1 }
    }

    /// Adds `steps` predictions known only by their summed natural-log probability
    /// `logProbability` (≤ 0); `correct` is unchanged.
    public mutating func add(logProbability: Double, steps: Int) {
        self.steps += steps
        totalNats -= logProbability
    }

    /// Adds every count of `other` (sequences, steps, nats, correct).
    public mutating func merge(_ other: NLLReport) {
        sequences += other.sequences
        steps += other.steps
        totalNats += other.totalNats
        correct += other.correct
    }

    /// The sum of two reports (`merge`).
    public static func + (a: NLLReport, b: NLLReport) -> NLLReport {
        var r = a
        r.merge(b)
        return r
    }

    public var description: String {
        String(format: "%d sequences, %d steps: %.4f nats/step, accuracy %.2f%%", sequences, steps, natsPerStep, accuracy * 100)
    }
}
