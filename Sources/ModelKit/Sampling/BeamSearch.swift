import Foundation

/// Sampled beam search over any step model (as Magenta's `beam_search` with `branch_factor`):
/// at each step every hypothesis is extended by `branchFactor` tokens drawn from its sampling
/// weights (a token drawn twice is kept once), and the `beamSize` extensions with the highest
/// log-likelihood survive. `beamSize = branchFactor = 1` is plain ancestral sampling.
///
/// The model is a step function over a batch of hypotheses; the sampling weights (temperature,
/// top-p, forbidden tokens) are the caller's, while the score is the untempered log-probability.
public struct BeamSearch<State>: Sendable {
    /// A partial sequence, its model state and its log-likelihood.
    public struct Hypothesis {
        /// The tokens so far (including any primer).
        public var tokens: [Int]
        /// The model state after reading `tokens` (e.g. an `LSTMState` of batch 1).
        public var state: State
        /// Sum of the natural-log probabilities of the tokens chosen by the search, in nats.
        public var logProbability: Double

        public init(tokens: [Int], state: State, logProbability: Double = 0) {
            self.tokens = tokens
            self.state = state
            self.logProbability = logProbability
        }
    }

    /// One step of the model for a batch of hypotheses.
    public struct Step {
        /// Next-token probabilities, one row per hypothesis (in the order given).
        public var probabilities: [[Float]]
        /// The state of each hypothesis after the step, whichever token follows it.
        public var states: [State]

        public init(probabilities: [[Float]], states: [State]) {
            self.probabilities = probabilities
            self.states = states
        }
    }

    /// The parameter range of `beamSize` and `branchFactor`.
    public static var allowedRange: ClosedRange<Int> { 1...64 }

    /// Hypotheses kept after each step.
    public let beamSize: Int
    /// Tokens drawn per hypothesis and step.
    public let branchFactor: Int

    /// - Throws: `ParameterError` when `beamSize` or `branchFactor` is outside 1...64.
    public init(beamSize: Int, branchFactor: Int) throws(ParameterError) {
        try ParameterError.check("beam size", beamSize, in: Self.allowedRange)
        try ParameterError.check("branch factor", branchFactor, in: Self.allowedRange)
        self.beamSize = beamSize
        self.branchFactor = branchFactor
    }

    /// Runs `steps` steps from `start` and returns the surviving hypotheses, most likely first.
    ///
    /// - Parameters:
    ///   - start: the hypotheses to extend (usually one: the primer and the state after it).
    ///   - steps: tokens to add to each hypothesis.
    ///   - advance: the model: for the hypotheses and the step index `t` (counted from 0 at the
    ///     first step), each one's next-token probabilities and state after the step.
    ///   - weights: the sampling weights of a hypothesis's next token from its probabilities (≥ 0,
    ///     unnormalized; 0 = never drawn; at least one positive), e.g. tempered and cut to a
    ///     nucleus; called with the hypothesis and `t`.
    ///   - rng: one uniform draw per drawn token, hypotheses in order.
    /// A chosen token's score is `ln max(p, 1e-30)` of its untempered probability; ties in total
    /// log-likelihood keep the candidate drawn first.
    public func run(from start: [Hypothesis], steps: Int, rng: inout SeededGenerator,
                    advance: ([Hypothesis], Int) -> Step,
                    weights: (Hypothesis, [Float], Int) -> [Double]) -> [Hypothesis] {
        var beams = start
        for t in 0..<steps {
            let step = advance(beams, t)
            var candidates: [(parent: Int, token: Int, logProbability: Double)] = []
            for (b, beam) in beams.enumerated() {
                let row = step.probabilities[b]
                let w = weights(beam, row, t)
                let sum = w.reduce(0, +)
                var drawn = Set<Int>()
                for _ in 0..<branchFactor {
                    var u = rng.nextUnitDouble() * sum
                    var chosen = w.lastIndex { $0 > 0 }!
                    for i in w.indices where w[i] > 0 {
                        u -= w[i]
                        if u < 0 { chosen = i; break }
                    }
                    if drawn.insert(chosen).inserted {
                        candidates.append((b, chosen, beam.logProbability + log(Double(max(row[chosen], 1e-30)))))
                    }
                }
            }
            let kept = candidates.enumerated()
                .sorted { ($0.element.logProbability, -$0.offset) > ($1.element.logProbability, -$1.offset) }
                .prefix(beamSize)
            beams = kept.map { c in
                Hypothesis(tokens: beams[c.element.parent].tokens + [c.element.token], state: step.states[c.element.parent],
                           logProbability: c.element.logProbability)
            }
        }
        return beams
    }
}

extension BeamSearch.Hypothesis: Sendable where State: Sendable {}
extension BeamSearch.Step: Sendable where State: Sendable {}
