import ModelKit
import Music
/// Metrical positions on the 16th-note grid, the condition the melody model predicts under.
///
/// A step's class within the bar is one of: 0 downbeat (first step of the bar), 1 another beat
/// (`Meter.beatSteps`), 2 an eighth-note position (an even step that is not a beat), 3 a 16th-note
/// position (odd step); the condition adds 4 in compound meters (6/8, 9/8, 12/8), whose beats
/// divide in three eighths instead of two. So there are 8 conditions, shared by all meters of
/// each kind: a 4/4 reel and a 2/4 polka share the simple-meter statistics, jigs and slides the
/// compound ones.
package enum MetricPosition {
    /// Number of distinct conditions.
    package static let conditionCount = 8

    /// The class (0-3, see above) of the step `step` from the start of a bar.
    package static func strengthClass(step: Int, meter: Meter) -> Int {
        let s = ((step % meter.stepsPerBar) + meter.stepsPerBar) % meter.stepsPerBar
        if s == 0 { return 0 }
        if s % meter.beatSteps == 0 { return 1 }
        return s % 2 == 0 ? 2 : 3
    }

    /// The metrical weight of a step (Lerdahl & Jackendoff's metrical grid): how many of the
    /// meter's pulse levels fall on it, the levels being the 16th note, the eighth note, the beat,
    /// the half bar (when a bar holds an even number of beats of two or more per half), and the
    /// bar. In 4/4: 5 on the downbeat, 4 on beat 3, 3 on beats 2 and 4, 2 on other eighths, 1 on
    /// 16ths.
    package static func metricalWeight(step: Int, meter: Meter) -> Int {
        let s = ((step % meter.stepsPerBar) + meter.stepsPerBar) % meter.stepsPerBar
        var periods = [1, 2, meter.beatSteps]
        let beats = meter.stepsPerBar / meter.beatSteps
        if meter.stepsPerBar % meter.beatSteps == 0 && beats >= 4 && beats % 2 == 0 { periods.append(meter.stepsPerBar / 2) }
        periods.append(meter.stepsPerBar)
        return Set(periods).filter { s % $0 == 0 }.count
    }

    /// Whether a meter counts as compound (`Meter.isCompound`: 6/8, 9/8, 12/8, 6/16).
    package static func isCompound(_ meter: Meter) -> Bool { meter.isCompound }

    /// The condition (0 ..< `conditionCount`) of a step from the start of a bar.
    package static func condition(step: Int, meter: Meter) -> Int {
        strengthClass(step: step, meter: meter) + (isCompound(meter) ? 4 : 0)
    }

    /// The condition of each token of `tokens` and of the `end` token after them, the first token
    /// starting at bar position `start`.
    package static func conditions(of tokens: [MelodyToken], meter: Meter, start: Int) -> [Int] {
        var position = start
        var result: [Int] = []
        result.reserveCapacity(tokens.count + 1)
        for t in tokens {
            result.append(condition(step: position, meter: meter))
            position += t.steps
        }
        result.append(condition(step: position, meter: meter))
        return result
    }

    /// The share of the melody's bars that have a note starting on their downbeat, with the first
    /// note at bar position `start`: bars counted from the first bar line at or after the first
    /// note to the last bar that ends by the end of the melody (1 when there is no such bar).
    package static func downbeatOnsetRate(of melody: GridMelody, start: Int, meter: Meter) -> Double {
        guard let first = melody.notes.first else { return 1 }
        let bar = meter.stepsPerBar
        let shift = start - first.start
        var onsets = Set<Int>()
        for n in melody.notes where (n.start + shift) % bar == 0 { onsets.insert((n.start + shift) / bar) }
        let firstBar = (start + bar - 1) / bar
        let lastBar = (melody.endStep + shift) / bar - 1
        guard lastBar >= firstBar else { return 1 }
        return Double((firstBar...lastBar).filter { onsets.contains($0) }.count) / Double(lastBar - firstBar + 1)
    }

    /// The bar position (0 ..< `stepsPerBar`) of the melody's first note, for the metrical
    /// conditions of training tunes.
    ///
    /// The position the file gives (`first.start % stepsPerBar`, with bar lines from tick 0) is
    /// kept when at least 90% of the bars then start with a note (the Nottingham files pad
    /// pickups with a rest, so their bar lines are right). Otherwise the pickup was probably
    /// written at tick 0 (the O'Neill and Bach files): of all positions, the one giving the most
    /// notes on downbeats wins, ties broken by the summed `metricalWeight` of all onsets, then by
    /// that weight times each note's length (long notes on strong steps), then by the file's
    /// position, then by the smaller position.
    package static func startPosition(of melody: GridMelody, meter: Meter) -> Int {
        let bar = meter.stepsPerBar
        guard let first = melody.notes.first else { return 0 }
        let own = ((first.start % bar) + bar) % bar
        if downbeatOnsetRate(of: melody, start: own, meter: meter) >= 0.9 { return own }
        func score(_ o: Int) -> (Int, Int, Int) {
            var downbeats = 0, weight = 0, long = 0
            for n in melody.notes {
                let step = n.start - first.start + o
                if step % bar == 0 { downbeats += 1 }
                let w = metricalWeight(step: step, meter: meter)
                weight += w
                long += w * n.steps
            }
            return (downbeats, weight, long)
        }
        var best = own
        var bestScore = score(own)
        for o in 0..<bar {
            let s = score(o)
            if s > bestScore { best = o; bestScore = s }
        }
        return best
    }
}
