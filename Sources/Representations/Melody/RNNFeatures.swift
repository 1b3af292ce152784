import ModelKit
import Music

/// The inputs of the melody RNN at each step: sparse binary features (as in Magenta's
/// `lookback_rnn`, plus the mode and metrical position).
///
/// To predict the event at step `t` (bar position `p = (start + t) mod stepsPerBar`) the network
/// is given:
/// - the previous event (`t - 1`), or a start symbol at `t = 0` (40 features);
/// - the mode: major or minor (2);
/// - the metrical condition of step `t` (`MetricPosition.condition`: downbeat, beat, eighth, 16th;
///   simple or compound meter) (8);
/// - the bar position `p` when below 32 (32);
/// - the events 1, 2, 4 and 8 bars before step `t` (lookback), or "none" before the start
///   (4 x 40): folk tunes repeat whole phrases, and on the shared corpus the event 8 bars back
///   equals the next one at 82% of the steps where it exists (4 bars: 74%, 1 bar: 62%, about the
///   no-event rate);
/// - whether the previous event repeats the one 1, 2, 4 and 8 bars before it (4).
/// 246 features, about 9 active per step.
package enum RNNFeatures {
    static let events = StepEvent.classCount            // 39
    static let prevBase = 0                             // 40: events + start
    static let modeBase = prevBase + events + 1         // 2
    static let metricBase = modeBase + 2                // 8
    static let positionBase = metricBase + MetricPosition.conditionCount  // 32
    static let positionCount = 32
    /// Lookback distances in bars.
    package static let lookbackBars = [1, 2, 4, 8]
    static let lookbackBase = positionBase + positionCount            // 4 x 40
    static let repeatBase = lookbackBase + lookbackBars.count * (events + 1)   // 4
    /// Number of input features.
    package static let inputSize = repeatBase + lookbackBars.count

    /// A description recorded in model files.
    package static let summary = "previous event (39 + start), mode (2), metrical condition (8), bar position < 32 (32), events 1, 2, 4, 8 bars back (4 x 40, 39 + none), previous event repeats 1, 2, 4, 8 bars back (4)"

    /// The active features for predicting `events[t]` from `events[..<t]` (only those are read).
    package static func features(history events: [Int], t: Int, minor: Bool, meter: Meter, start: Int) -> [Int32] {
        let bar = meter.stepsPerBar
        var f: [Int32] = []
        f.reserveCapacity(8)
        f.append(Int32(prevBase + (t > 0 ? events[t - 1] : RNNFeatures.events)))
        f.append(Int32(modeBase + (minor ? 1 : 0)))
        let step = start + t
        f.append(Int32(metricBase + MetricPosition.condition(step: step, meter: meter)))
        let position = step % bar
        if position < positionCount { f.append(Int32(positionBase + position)) }
        for (i, k) in lookbackBars.enumerated() {
            let back = t - k * bar
            f.append(Int32(lookbackBase + i * (RNNFeatures.events + 1) + (back >= 0 ? events[back] : RNNFeatures.events)))
        }
        for (i, k) in lookbackBars.enumerated() where t - 1 - k * bar >= 0 && events[t - 1] == events[t - 1 - k * bar] {
            f.append(Int32(repeatBase + i))
        }
        return f
    }

    /// Features and targets of every step of a tune.
    package static func sequence(of tune: EncodedTune) -> (features: [[Int32]], targets: [Int32]) {
        let events = StepEventEncoding.events(of: tune).map(\.id)
        let minor = tune.key.mode == .minor
        let list = events.indices.map { RNNFeatures.features(history: events, t: $0, minor: minor, meter: tune.meter, start: tune.startPosition) }
        return (list, events.map { Int32($0) })
    }
}

extension LSTMSequence {
    /// A tune's melody-RNN inputs and targets (`RNNFeatures.sequence(of:)`).
    package init(_ tune: EncodedTune) {
        let (features, targets) = RNNFeatures.sequence(of: tune)
        self.init(features: features, targets: targets)
    }
}
