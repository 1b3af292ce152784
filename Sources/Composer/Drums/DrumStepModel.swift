import ModelKit
import Music
import Representations
import Foundation

/// Negative log-likelihood of grooves' step sets: every step of every groove predicted from the
/// steps before it (and its bar position), as a distribution over the 512 step sets.
public struct DrumNLLReport: Hashable, Sendable, Codable {
    /// Grooves scored.
    public var grooves = 0
    /// Steps predicted (16th notes).
    public var steps = 0
    /// Total negative log-likelihood in nats.
    public var totalNats = 0.0
    /// Steps whose most likely step set was the actual one.
    public var correct = 0

    /// An empty report (all counts 0).
    public init() {}

    /// Mean negative log-likelihood, nats per 16th-note step (0 for no steps).
    public var natsPerStep: Double { totalNats / Double(max(steps, 1)) }
    /// Fraction (0...1) of steps whose most likely step set was the actual one (0 for no steps).
    public var accuracy: Double { Double(correct) / Double(max(steps, 1)) }

    /// Adds one step: the predicted distribution and the actual step set.
    mutating func add(_ distribution: [Double], actual: Int) {
        steps += 1
        totalNats -= log(max(distribution[actual], Double.leastNormalMagnitude))
        var arg = 0
        for i in distribution.indices where distribution[i] > distribution[arg] { arg = i }
        if arg == actual { correct += 1 }
    }
}

/// Predicts the next step of a groove step by step (for sampling). Each call's `history` is the
/// previous call's plus one step (the first call may pass a whole primer).
public protocol DrumStepPredictor {
    /// P(step set of step `history.count` | history), 512 values summing to 1.
    mutating func next(_ history: [Int]) -> [Double]
}

/// A model of drum grooves over the 512 step sets (`DrumHits`) with the learned performance
/// statistics that give generated hits their velocities and timing.
public protocol DrumStepModel: AnyObject, Sendable {
    /// A short description for reports ("markov order 4", "rnn 2x128").
    var label: String { get }
    /// Velocities and offsets learned from the training grooves.
    var performance: DrumPerformance { get }
    /// A fresh predictor for a groove in `meter` starting on a downbeat.
    func predictor(meter: Meter) -> any DrumStepPredictor
    /// Scores every step of every groove.
    func score(_ grooves: [DrumGroove]) -> DrumNLLReport
}

extension DrumStepModel {
    /// Scores grooves step by step through `predictor` (models may do it faster).
    func scoreByPrediction(_ grooves: [DrumGroove]) -> DrumNLLReport {
        var r = DrumNLLReport()
        for g in grooves {
            r.grooves += 1
            var p = predictor(meter: g.meter)
            let ids = g.ids
            for t in ids.indices { r.add(p.next(Array(ids[..<t])), actual: ids[t]) }
        }
        return r
    }
}

/// Baseline: step-set frequencies over the training grooves with add-one smoothing,
/// `P(s) = (c(s) + 1) / (N + 512)`, the same at every step.
public struct DrumUnigramModel: Sendable {
    /// P(step set), 512 values indexed by `DrumHits.rawValue`, summing to 1.
    public let probabilities: [Double]
    /// Counts the step sets of every step of `training` (each count starting at 1).
    public init(training: [DrumGroove]) {
        var counts = [Double](repeating: 1, count: DrumHits.vocabularySize)
        for g in training { for s in g.steps { counts[s.rawValue] += 1 } }
        let total = counts.reduce(0, +)
        probabilities = counts.map { $0 / total }
    }

    /// Scores every step of `grooves` under `probabilities`.
    public func score(_ grooves: [DrumGroove]) -> DrumNLLReport {
        var r = DrumNLLReport()
        for g in grooves {
            r.grooves += 1
            for s in g.steps { r.add(probabilities, actual: s.rawValue) }
        }
        return r
    }

    /// The uniform baseline: every step set `1/512`, `ln 512` = 6.238 nats per step.
    public static func uniformScore(_ grooves: [DrumGroove]) -> DrumNLLReport {
        let uniform = [Double](repeating: 1 / Double(DrumHits.vocabularySize), count: DrumHits.vocabularySize)
        var r = DrumNLLReport()
        for g in grooves {
            r.grooves += 1
            for s in g.steps { r.add(uniform, actual: s.rawValue) }
        }
        return r
    }
}
