import ModelKit
import Representations
import Foundation
import Music

// Scorers of tunes in the per-step event encoding (`StepEventEncoding`): every model is asked for
// a distribution over the 39 step events at each 16th-note step of each tune (steps
// `0 ..< tune.steps`, given the tune's earlier events, its mode, meter and start position), so
// models with different internal encodings are compared on the same events in the same unit
// (`NLLReport.natsPerStep`, nats per 16th-note step), as Magenta reports its Melody RNN.

extension NLLReport {
    /// Adds one tune's per-step distributions (`distributions[t]` over `StepEvent.classCount`
    /// events, summing to 1) against its `events`, as one sequence.
    mutating func add(events: [StepEvent], distributions: [[Double]]) {
        sequences += 1
        for (t, e) in events.enumerated() { add(distribution: distributions[t], actual: e.id) }
    }

    /// The note-ons (`StepEvent.noteOn`) among the step events of `tunes`: the unit of
    /// nats per note (`totalNats / noteOns`, the steps between onsets charged to the notes).
    static func noteOns(of tunes: [EncodedTune]) -> Int {
        tunes.reduce(0) { n, tune in
            n + StepEventEncoding.events(of: tune).reduce(0) { if case .noteOn = $1 { return $0 + 1 } else { return $0 } }
        }
    }
}

/// Baseline: all 39 step events equally likely, `ln 39` = 3.664 nats per step.
package struct UniformStepModel: SequenceScorer, Sendable {
    package init() {}
    package func score(_ tunes: [EncodedTune]) -> NLLReport {
        var r = NLLReport()
        let uniform = [Double](repeating: 1 / Double(StepEvent.classCount), count: StepEvent.classCount)
        for tune in tunes {
            let events = StepEventEncoding.events(of: tune)
            r.add(events: events, distributions: Array(repeating: uniform, count: events.count))
        }
        return r
    }
}

/// Baseline: per-mode step-event frequencies with add-one smoothing,
/// `P(e) = (c(e) + 1) / (N + 39)`.
package struct UnigramStepModel: SequenceScorer, Sendable {
    var probabilities: [Key.Mode: [Double]] = [:]

    package init(training tunes: [EncodedTune]) {
        for mode in Key.Mode.allCases {
            var counts = [Double](repeating: 1, count: StepEvent.classCount)
            for tune in tunes where tune.key.mode == mode {
                for e in StepEventEncoding.events(of: tune) { counts[e.id] += 1 }
            }
            let total = counts.reduce(0, +)
            probabilities[mode] = counts.map { $0 / total }
        }
    }

    package func score(_ tunes: [EncodedTune]) -> NLLReport {
        var r = NLLReport()
        for tune in tunes {
            let events = StepEventEncoding.events(of: tune)
            r.add(events: events, distributions: Array(repeating: probabilities[tune.key.mode]!, count: events.count))
        }
        return r
    }
}

/// The Markov (token) model read as a per-step event model.
///
/// The token model predicts whole notes and rests (pitch and length at once, under the metrical
/// position where they start). At step `t`, inside the token `c` that started at step `t0`
/// (`k = t - t0` steps ago) and was drawn from the distribution `D` (the model's next-token
/// distribution at `t0`):
/// - `q = P(c lasts more than k steps | it lasts at least k)`, from `D` restricted to `c`'s kind
///   (the same note pitch with any length, or a rest of any length);
/// - with probability `1 - q`, `c` ends at `t` and the next token is drawn from `D'`, the model's
///   distribution after the history plus `c` with length `k`, at the metrical position of `t`,
///   without `end` (renormalized: there is a step `t`, so the melody goes on);
/// - the step event is then: a note-on of pitch `o` with `(1 - q) P'(note o, any length)`; a
///   note-off with `(1 - q) P'(rest)` after a note; a no-event with `q`, plus `(1 - q) P'(rest)`
///   after a rest (a rest followed by a rest is silence going on).
/// These 39 probabilities sum to 1 at every step, so this is a proper step model, and for a note
/// the product over its steps telescopes to the token model's probability of that note, exactly.
/// At step 0 the first token's distribution (after `begin`) is used with `q = 0`. The history is
/// the tune's own tokens (rest runs split at `MelodyToken.maxSteps`, as the encoding does).
package struct MarkovStepModel: SequenceScorer, Sendable {
    package let model: MarkovMelodyModel
    package init(_ model: MarkovMelodyModel) { self.model = model }

    /// Per-step event distributions of one tune.
    package func distributions(for tune: EncodedTune) -> [[Double]] {
        let bar = tune.meter.stepsPerBar
        let keep = model.order - 1
        var context: [MelodyToken] = [.begin]
        func ctx(_ c: [MelodyToken]) -> [MelodyToken] { Array(c.suffix(keep)) }
        var result: [[Double]] = []
        let maxSteps = MelodyToken.maxSteps
        let offsets = MelodyToken.offsetRange
        /// Step-event distribution when the next token is drawn from `next`, scaled by `weight`,
        /// added into `into`.
        func addBoundary(_ next: [Double], weight: Double, afterNote: Bool, into d: inout [Double]) {
            var restMass = 0.0
            for s in 1...maxSteps { restMass += next[MelodyToken.rest(steps: s).id] }
            var noteMass = [Double](repeating: 0, count: offsets.count)
            var total = restMass
            for o in offsets {
                var m = 0.0
                let base = MelodyToken.note(offset: o, steps: 1).id
                for s in 0..<maxSteps { m += next[base + s] }
                noteMass[o - offsets.lowerBound] = m
                total += m
            }
            guard total > 0 else { return }
            let w = weight / total
            if afterNote { d[StepEvent.noteOff.id] += w * restMass } else { d[StepEvent.noEvent.id] += w * restMass }
            for o in offsets { d[StepEvent.noteOn(offset: o).id] += w * noteMass[o - offsets.lowerBound] }
        }
        var current: (token: MelodyToken, start: Int, dist: [Double])?
        var t = 0
        var tokenIndex = 0
        let tokens = tune.tokens
        let total = tune.steps
        while t < total {
            var d = [Double](repeating: 0, count: StepEvent.classCount)
            let position = (tune.startPosition + t) % bar
            if let cur = current {
                let k = t - cur.start
                // Kind-restricted length distribution of the current token.
                var atLeast = 0.0, more = 0.0
                for s in 1...maxSteps {
                    let id: Int
                    switch cur.token {
                    case .note(let o, _): id = MelodyToken.note(offset: o, steps: s).id
                    default: id = MelodyToken.rest(steps: s).id
                    }
                    if s >= k { atLeast += cur.dist[id] }
                    if s > k { more += cur.dist[id] }
                }
                let q = atLeast > 0 ? more / atLeast : 0
                let hypothetical: [MelodyToken]
                switch cur.token {
                case .note(let o, _): hypothetical = context + [.note(offset: o, steps: k)]
                default: hypothetical = context + [.rest(steps: k)]
                }
                let next = model.distribution(after: ctx(hypothetical), mode: tune.key.mode, step: position, meter: tune.meter)
                d[StepEvent.noEvent.id] += q
                addBoundary(next, weight: 1 - q, afterNote: cur.token.isNote, into: &d)
                if k == cur.token.steps {
                    // The actual boundary: the next token starts here.
                    context.append(cur.token)
                    current = tokenIndex < tokens.count ? (tokens[tokenIndex], t, next) : nil
                    tokenIndex += 1
                }
            } else {
                let next = model.distribution(after: ctx(context), mode: tune.key.mode, step: position, meter: tune.meter)
                addBoundary(next, weight: 1, afterNote: false, into: &d)
                current = (tokens[tokenIndex], t, next)
                tokenIndex += 1
            }
            result.append(d)
            t += 1
        }
        return result
    }

    package func score(_ tunes: [EncodedTune]) -> NLLReport {
        var r = NLLReport()
        for tune in tunes {
            r.add(events: StepEventEncoding.events(of: tune), distributions: distributions(for: tune))
        }
        return r
    }
}
