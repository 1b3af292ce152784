import ModelKit
import Music
/// The inputs of the drum RNN at each step: sparse binary features, as in Magenta's Drums RNN
/// (`drum_kit` configuration: the previous step as a multi-hot of the 9 drums, lookback 1 and 2
/// bars, position in the bar), plus a 4-bar lookback.
///
/// To predict the step set at step `t` (bar position `p = t mod stepsPerBar`) the network gets:
/// - the drums struck at step `t - 1` (9 features, one per class), or a start flag at `t = 0` (1);
/// - the bar position `p` (16);
/// - the drums struck 1, 2 and 4 bars before step `t`, or a "none" flag before the start (3 x 10):
///   grooves repeat bar by bar (on the corpus's training grooves the step one bar back equals the
///   next one at most steps);
/// - whether step `t - 1` repeats the step 1, 2, 4 bars before it (3).
/// 59 features.
package enum DrumRNNFeatures {
    static let classes = DrumClass.count                // 9
    static let previousBase = 0                         // 9 + start
    static let positionBase = previousBase + classes + 1 // 16
    static let positions = DrumGrid.maxStepsPerBar
    /// Lookback distances in bars.
    package static let lookbackBars = [1, 2, 4]
    static let lookbackBase = positionBase + positions  // 3 x 10
    static let repeatBase = lookbackBase + lookbackBars.count * (classes + 1)
    /// Number of input features.
    package static let inputSize = repeatBase + lookbackBars.count

    /// A description recorded in model files.
    package static let summary = "previous step's drums (9, multi-hot) or start (1), bar position < 16 (16), drums 1, 2, 4 bars back (3 x (9 multi-hot + none)), previous step repeats 1, 2, 4 bars back (3)"

    /// The active features for predicting `steps[t]` from `steps[..<t]` (only those are read),
    /// in a meter of `stepsPerBar` steps, step 0 on a downbeat.
    package static func features(history steps: [Int], t: Int, stepsPerBar bar: Int) -> [Int32] {
        var f: [Int32] = []
        f.reserveCapacity(12)
        func bits(_ id: Int, base: Int) {
            var x = id, k = 0
            while x != 0 {
                if x & 1 != 0 { f.append(Int32(base + k)) }
                x >>= 1; k += 1
            }
        }
        if t > 0 { bits(steps[t - 1], base: previousBase) } else { f.append(Int32(previousBase + classes)) }
        f.append(Int32(positionBase + (t % bar) % positions))
        for (i, k) in lookbackBars.enumerated() {
            let back = t - k * bar
            let base = lookbackBase + i * (classes + 1)
            if back >= 0 { bits(steps[back], base: base) } else { f.append(Int32(base + classes)) }
        }
        for (i, k) in lookbackBars.enumerated() where t - 1 - k * bar >= 0 && steps[t - 1] == steps[t - 1 - k * bar] {
            f.append(Int32(repeatBase + i))
        }
        return f
    }

    /// Features and targets (the step-set ids) of every step of a groove.
    package static func sequence(of groove: DrumGroove) -> LSTMSequence {
        let ids = groove.ids
        return LSTMSequence(features: ids.indices.map { features(history: ids, t: $0, stepsPerBar: groove.meter.stepsPerBar) },
                            targets: ids.map { Int32($0) })
    }
}
