import ModelKit
import Music
import Representations
import Foundation

/// Predicts the next step of a groove step by step (for sampling). Each call's `history` is the
/// previous call's plus one step (the first call may pass a whole primer).
public protocol DrumStepPredictor {
    /// P(step set of step `history.count` | history), 512 values summing to 1.
    mutating func next(_ history: [Int]) -> [Double]
}

/// A model of drum grooves over the 512 step sets (`DrumHits`) with the learned performance
/// statistics that give generated hits their velocities and timing.
///
/// As a `SequenceScorer`, `score(_:)` predicts every 16th-note step of every groove from the
/// steps before it (and its bar position), as a distribution over the 512 step sets.
public protocol DrumStepModel: AnyObject, Sendable, SequenceScorer where Scored == DrumGroove {
    /// A short description for reports ("markov order 4", "rnn 2x128").
    var label: String { get }
    /// Velocities and offsets learned from the training grooves.
    var performance: DrumPerformance { get }
    /// A fresh predictor for a groove in `meter` starting on a downbeat.
    func predictor(meter: Meter) -> any DrumStepPredictor
    /// What the model was trained on, nil if its file does not say.
    var trainingData: DrumTrainingSummary? { get }
    /// The sampling temperature `compose drums` uses unless told otherwise, chosen by the primer
    /// test of `DrumEvaluation` (docs/drums.md): the temperature at which the model's
    /// continuations come closest to the drummers' own next bars.
    var defaultTemperature: Double { get }
}

/// What a drum model (Markov or RNN) was trained on, as its file records it: the part of its
/// training record that evaluations need.
public struct DrumTrainingSummary: Hashable, Sendable {
    /// The corpus folder's name.
    public var corpus: String
    /// Which grooves of it: `DrumCorpus.trainSplitName` or `DrumCorpus.allFilesName`.
    public var split: String
    /// Steps of the training grooves per step set (512 counts), nil if not recorded.
    public var stepSetCounts: [Int]?

    public init(corpus: String, split: String, stepSetCounts: [Int]?) {
        self.corpus = corpus
        self.split = split
        self.stepSetCounts = stepSetCounts
    }
}

extension DrumStepModel {
    /// Scores grooves step by step through `predictor` (models may do it faster).
    func scoreByPrediction(_ grooves: [DrumGroove]) -> NLLReport {
        var r = NLLReport()
        for g in grooves {
            r.sequences += 1
            var p = predictor(meter: g.meter)
            let ids = g.ids
            for t in ids.indices { r.add(distribution: p.next(Array(ids[..<t])), actual: ids[t]) }
        }
        return r
    }
}
