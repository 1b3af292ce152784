import Music
import Representations

/// Measures of whether drums keep time: a time-keeper in each bar, kick on beat 1, hits per bar
/// by class, and fills (bars that depart from the groove around them) and where they fall.
package enum DrumGrooveMetrics {
    /// The classes that keep time: closed and open hi-hat, ride.
    package static let timeKeepers: [DrumClass] = [.closedHiHat, .openHiHat, .ride]

    /// Whether a bar keeps time: a hi-hat (closed or open) or the ride is struck on at least
    /// `minSteps` of its steps.
    package static func keepsTime(_ bar: ArraySlice<DrumHits>, minSteps: Int = 4) -> Bool {
        bar.filter { hits in timeKeepers.contains(where: hits.contains) }.count >= minSteps
    }

    /// The Jaccard distance of two bars' hits, each hit a (step, class) pair:
    /// `1 - |A ∩ B| / |A ∪ B|`; 0 when both are silent. Bars of unequal length are compared over
    /// the shorter one's steps.
    package static func jaccardDistance(_ a: ArraySlice<DrumHits>, _ b: ArraySlice<DrumHits>) -> Double {
        var both = 0, either = 0
        for (x, y) in zip(a, b) {
            both += (x.rawValue & y.rawValue).nonzeroBitCount
            either += (x.rawValue | y.rawValue).nonzeroBitCount
        }
        return either == 0 ? 0 : 1 - Double(both) / Double(either)
    }

    /// Which of the first `bars` bars of `groove` are fills. The bars are taken in groups of
    /// `group` (bars 0-3, 4-7, ...; the last group may be shorter); each group's groove bar is its
    /// medoid, the bar with the smallest summed Jaccard distance (`jaccardDistance`) to the
    /// group's other bars (the earliest on a tie); a bar whose distance from its group's groove
    /// bar is above `threshold` is a fill. A group of one bar has no fill.
    package static func fills(_ groove: DrumGroove, bars: Int, threshold: Double = 0.5, group: Int = 4) -> [Bool] {
        var result: [Bool] = []
        var start = 0
        while start < bars {
            let members = Array(start..<min(start + group, bars))
            var medoid = members[0], best = Double.infinity
            for m in members {
                let total = members.reduce(0.0) { $0 + jaccardDistance(groove.bar(m), groove.bar($1)) }
                if total < best { best = total; medoid = m }
            }
            for m in members { result.append(jaccardDistance(groove.bar(m), groove.bar(medoid)) > threshold) }
            start += group
        }
        return result
    }

    /// The measures of the first `bars` bars of each groove (bars past a groove's end count as
    /// silent).
    package struct Counts: Hashable, Sendable, Codable {
        package var grooves = 0
        package var bars = 0
        /// Bars keeping time (`keepsTime`), with a kick on their first step.
        package var keepingTime = 0
        package var kickOnOne = 0
        /// Onsets per class (`DrumClass` order).
        package var hits = [Int](repeating: 0, count: DrumClass.count)
        /// Fill bars (`fills`) by bar index modulo 8 (8 counts).
        package var fillsByPosition = [Int](repeating: 0, count: 8)
        package var fills: Int { fillsByPosition.reduce(0, +) }
        package init() {}

        /// Adds the first `bars` bars of `groove`.
        package mutating func add(_ groove: DrumGroove, bars: Int, threshold: Double = 0.5) {
            grooves += 1
            self.bars += bars
            let silent = ArraySlice([DrumHits](repeating: [], count: groove.meter.stepsPerBar))
            for b in 0..<bars {
                let bar = b < groove.bars ? groove.bar(b) : silent
                if keepsTime(bar) { keepingTime += 1 }
                if bar.first?.contains(.kick) == true { kickOnOne += 1 }
                for step in bar { for c in step.classes { hits[c.rawValue] += 1 } }
            }
            for (b, isFill) in DrumGrooveMetrics.fills(groove, bars: min(bars, groove.bars), threshold: threshold).enumerated() where isFill {
                fillsByPosition[b % 8] += 1
            }
        }
    }
}
