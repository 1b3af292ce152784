import ModelKit
import Music
import Representations
import Foundation

/// Measures of drum grooves: hits per bar by class, syncopation, and how a continuation keeps the
/// groove of its primer bar.
package enum DrumMetrics {
    /// Mean onsets per bar of each class (9 values, `DrumClass` order) over the whole bars of
    /// `grooves`.
    package static func hitsPerBar(_ grooves: [DrumGroove]) -> [Double] {
        var counts = [Double](repeating: 0, count: DrumClass.count)
        var bars = 0
        for g in grooves {
            bars += g.bars
            for s in g.steps.prefix(g.bars * g.meter.stepsPerBar) { for c in s.classes { counts[c.rawValue] += 1 } }
        }
        return counts.map { $0 / Double(max(bars, 1)) }
    }

    /// Longuet-Higgins & Lee (1984) syncopation of one bar's onsets, the bar read as a loop: for
    /// each onset, when a step of higher metrical weight (`MetricPosition.metricalWeight`: 5 on the
    /// downbeat ... 1 on 16ths in 4/4) passes in silence before the next onset, the onset scores
    /// the largest such weight minus its own; the bar's syncopation is the sum. `onsets[p]` tells
    /// whether step `p` of the bar is struck.
    package static func syncopation(onsets: [Bool], meter: Meter) -> Int {
        let n = onsets.count
        let struck = onsets.indices.filter { onsets[$0] }
        guard !struck.isEmpty else { return 0 }
        var total = 0
        for (k, i) in struck.enumerated() {
            let next = k + 1 < struck.count ? struck[k + 1] : struck[0] + n
            let own = MetricPosition.metricalWeight(step: i, meter: meter)
            var strongest = 0
            var p = i + 1
            while p < next {
                strongest = max(strongest, MetricPosition.metricalWeight(step: p % n, meter: meter))
                p += 1
            }
            if strongest > own { total += strongest - own }
        }
        return total
    }

    /// Mean LHL syncopation per bar of the kick and snare onsets together (the groove's backbone;
    /// hi-hats and cymbals keep time and are left out).
    package static func syncopation(_ grooves: [DrumGroove]) -> Double {
        var total = 0, bars = 0
        for g in grooves {
            for b in 0..<g.bars {
                let onsets = g.bar(b).map { $0.contains(.kick) || $0.contains(.snare) }
                total += syncopation(onsets: onsets, meter: g.meter)
                bars += 1
            }
        }
        return Double(total) / Double(max(bars, 1))
    }

    /// Per-class onset agreement of a bar with the primer bar: for each class struck in either
    /// bar, the share of the bar's steps where that class's onset matches (struck in both or in
    /// neither), averaged over those classes (classes silent in both are left out: they agree
    /// trivially). 1 when both bars are silent. `overlap` is the stricter Dice measure: per class
    /// `2 |P ∩ B| / (|P| + |B|)` of the steps it is struck on in the primer (P) and the bar (B),
    /// averaged over the same classes (silent steps do not count as agreeing).
    package static func onsetAgreement(primer: ArraySlice<DrumHits>, bar: ArraySlice<DrumHits>) -> (agreement: Double, overlap: Double) {
        let p = Array(primer), b = Array(bar)
        let n = min(p.count, b.count)
        var agreement = 0.0, overlap = 0.0, classes = 0
        for c in DrumClass.allCases {
            var inP = 0, inB = 0, both = 0
            for i in 0..<n {
                let x = p[i].contains(c), y = b[i].contains(c)
                if x { inP += 1 }
                if y { inB += 1 }
                if x && y { both += 1 }
            }
            guard inP + inB > 0 else { continue }
            agreement += Double(n - (inP - both) - (inB - both)) / Double(n)
            overlap += 2 * Double(both) / Double(inP + inB)
            classes += 1
        }
        return classes == 0 ? (1, 1) : (agreement / Double(classes), overlap / Double(classes))
    }

    /// How continuations keep their primer's groove.
    package struct Continuation: Hashable, Sendable, Codable {
        /// Bars compared (each continuation bar against its primer bar).
        package var bars = 0
        /// Mean `onsetAgreement(...).agreement` over those bars.
        package var agreement = 0.0
        /// Mean `onsetAgreement(...).overlap` (Dice) over those bars.
        package var overlap = 0.0
        /// Share of those bars whose step sets equal the primer bar's exactly.
        package var verbatimShare = 0.0
        package init() {}
    }

    /// Compares every bar after the first of each groove with its first bar (the primer).
    package static func continuation(_ grooves: [DrumGroove]) -> Continuation {
        var r = Continuation()
        var agreement = 0.0, overlap = 0.0, verbatim = 0
        for g in grooves where g.bars >= 2 {
            let primer = g.bar(0)
            for b in 1..<g.bars {
                let bar = g.bar(b)
                let a = onsetAgreement(primer: primer, bar: bar)
                agreement += a.agreement
                overlap += a.overlap
                if Array(bar) == Array(primer) { verbatim += 1 }
                r.bars += 1
            }
        }
        r.agreement = agreement / Double(max(r.bars, 1))
        r.overlap = overlap / Double(max(r.bars, 1))
        r.verbatimShare = Double(verbatim) / Double(max(r.bars, 1))
        return r
    }

    /// The primer test's excerpts of held-out grooves: from each groove, every `every`-th bar
    /// (0, every, 2 every, ...) with at least `minHits` hits, followed by `following` bars, as a
    /// groove of `1 + following` bars (at most `perGroove` excerpts per groove), in order.
    package static func excerpts(_ grooves: [DrumGroove], following: Int = 4, every: Int = 8, minHits: Int = 4,
                                perGroove: Int = 8) -> [DrumGroove] {
        var result: [DrumGroove] = []
        for g in grooves {
            var taken = 0
            var b = 0
            while b + following < g.bars && taken < perGroove {
                if g.bar(b).reduce(0, { $0 + $1.count }) >= minHits {
                    var e = g.bars(b..<(b + following + 1))
                    e.name = "\(g.name) bar \(b + 1)"
                    result.append(e)
                    taken += 1
                }
                b += every
            }
        }
        return result
    }
}
