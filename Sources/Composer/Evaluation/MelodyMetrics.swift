import ModelKit
import Music
import Representations
import Foundation

/// The objective metrics of MGEval (Yang & Lerch 2018, "On the evaluation of generative models
/// in music", Neural Computing and Applications) for monophonic melodies on the 16th-note grid,
/// and their set-to-set comparison.
///
/// Per melody: pitch count (distinct pitches), pitch-class histogram (12, normalized), pitch-class
/// transition matrix (12 x 12 over consecutive notes, normalized), pitch range (semitones),
/// average pitch interval (mean |interval| between consecutive notes), note count, average
/// inter-onset interval (16th-note steps), note-length histogram and note-length transition
/// matrix. Note lengths are classed as in MGEval by the nearest of its standard values that the
/// 16th-note grid can express: 16th, dotted 16th (1.5 steps is not on the grid, so: 16th, 8th,
/// dotted 8th, quarter, dotted quarter, half, dotted half, whole = 1, 2, 3, 4, 6, 8, 12, 16 steps;
/// longer notes are wholes).
///
/// Set comparison, as MGEval: for each metric, the intra-set distances of the reference set
/// (Euclidean distance between every pair of its melodies' feature vectors) and the inter-set
/// distances (every reference melody to every generated one); each distance sample is smoothed
/// by a Gaussian kernel density estimate (Scott's bandwidth) on one grid shared by both (1,000
/// points over both samples' range, widened by 3 bandwidths); then the overlapped area
/// `OA = ∫ min(p, q)` and `KL(p || q) = ∫ p ln(p / q)` of the intra-set density `p` and the
/// inter-set density `q`.
package enum MelodyMetrics {
    package static let names = ["pitch count", "pitch-class histogram", "pitch-class transitions", "pitch range",
                               "average pitch interval", "note count", "average inter-onset interval",
                               "note-length histogram", "note-length transitions"]
    /// Which metrics are about pitch (the rest are rhythm).
    package static let isPitch = [true, true, true, true, true, false, false, false, false]
    static let lengthClasses = [1, 2, 3, 4, 6, 8, 12, 16]

    static func lengthClass(_ steps: Int) -> Int {
        var best = 0
        for (i, c) in lengthClasses.enumerated() where abs(c - steps) < abs(lengthClasses[best] - steps) { best = i }
        return best
    }

    /// The nine feature vectors of a melody (scalars as one-element vectors).
    package static func features(of melody: GridMelody) -> [[Double]] {
        let notes = melody.notes
        let pitches = notes.map(\.pitch)
        var pcHistogram = [Double](repeating: 0, count: 12)
        for p in pitches { pcHistogram[p % 12] += 1 }
        var pcTransitions = [Double](repeating: 0, count: 144)
        var lengthHistogram = [Double](repeating: 0, count: lengthClasses.count)
        var lengthTransitions = [Double](repeating: 0, count: lengthClasses.count * lengthClasses.count)
        var intervals = 0.0
        for (i, n) in notes.enumerated() {
            lengthHistogram[lengthClass(n.steps)] += 1
            if i > 0 {
                let prev = notes[i - 1]
                pcTransitions[(prev.pitch % 12) * 12 + n.pitch % 12] += 1
                lengthTransitions[lengthClass(prev.steps) * lengthClasses.count + lengthClass(n.steps)] += 1
                intervals += Double(abs(n.pitch - prev.pitch))
            }
        }
        func normalized(_ v: [Double]) -> [Double] {
            let s = v.reduce(0, +)
            return s > 0 ? v.map { $0 / s } : v
        }
        let ioi = notes.count > 1 ? Double(notes.last!.start - notes.first!.start) / Double(notes.count - 1) : 0
        return [
            [Double(Set(pitches).count)],
            normalized(pcHistogram),
            normalized(pcTransitions),
            [Double((pitches.max() ?? 0) - (pitches.min() ?? 0))],
            [notes.count > 1 ? intervals / Double(notes.count - 1) : 0],
            [Double(notes.count)],
            [ioi],
            normalized(lengthHistogram),
            normalized(lengthTransitions),
        ]
    }

    /// The comparison of one metric.
    package struct Comparison: Hashable, Sendable, Codable {
        package var metric: String
        package var isPitch: Bool
        /// Mean of the metric (its first component for vectors... the mean of scalars) in the
        /// reference and generated sets; nil for vector metrics.
        package var referenceMean: Double?
        package var generatedMean: Double?
        /// Overlapped area of the intra-set (reference) and inter-set distance densities.
        package var overlap: Double
        /// KL divergence, intra-set (reference) from inter-set, in nats.
        package var kl: Double
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { let d = a[i] - b[i]; s += d * d }
        return s.squareRoot()
    }

    /// Compares generated melodies with reference melodies on every metric.
    package static func compare(reference: [GridMelody], generated: [GridMelody]) -> [Comparison] {
        let ref = reference.map(features(of:))
        let gen = generated.map(features(of:))
        return names.indices.map { m in
            var intra: [Double] = []
            for i in ref.indices { for j in (i + 1)..<ref.count { intra.append(distance(ref[i][m], ref[j][m])) } }
            var inter: [Double] = []
            for r in ref { for g in gen { inter.append(distance(r[m], g[m])) } }
            let (oa, kl) = overlapAndKL(intra, inter)
            let scalar = ref.first?[m].count == 1
            func mean(_ s: [[[Double]]]) -> Double? { scalar && !s.isEmpty ? s.reduce(0) { $0 + $1[m][0] } / Double(s.count) : nil }
            return Comparison(metric: names[m], isPitch: isPitch[m], referenceMean: mean(ref), generatedMean: mean(gen), overlap: oa, kl: kl)
        }
    }

    /// Gaussian KDE (Scott's rule) of both samples on one shared grid; overlapped area and KL.
    package static func overlapAndKL(_ a: [Double], _ b: [Double], points: Int = 1000) -> (overlap: Double, kl: Double) {
        guard !a.isEmpty, !b.isEmpty else { return (0, .infinity) }
        func bandwidth(_ x: [Double]) -> Double {
            let mean = x.reduce(0, +) / Double(x.count)
            let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(x.count - 1, 1))).squareRoot()
            return max(sd * pow(Double(x.count), -0.2), 1e-6)
        }
        let ha = bandwidth(a), hb = bandwidth(b)
        let lo = min(a.min()!, b.min()!) - 3 * max(ha, hb)
        let hi = max(a.max()!, b.max()!) + 3 * max(ha, hb)
        let dx = (hi - lo) / Double(points - 1)
        func density(_ x: [Double], _ h: Double) -> [Double] {
            // Binned: sort samples into fine bins first, then convolve (exact enough, fast).
            var counts = [Double](repeating: 0, count: points)
            for v in x { counts[min(points - 1, max(0, Int(((v - lo) / dx).rounded())))] += 1 }
            let reach = Int((4 * h / dx).rounded(.up))
            var kernel = [Double](repeating: 0, count: 2 * reach + 1)
            for k in -reach...reach { let z = Double(k) * dx / h; kernel[k + reach] = exp(-0.5 * z * z) }
            var d = [Double](repeating: 0, count: points)
            for i in 0..<points where counts[i] > 0 {
                for k in max(-reach, -i)...min(reach, points - 1 - i) { d[i + k] += counts[i] * kernel[k + reach] }
            }
            let area = d.reduce(0, +) * dx
            return area > 0 ? d.map { $0 / area } : d
        }
        let p = density(a, ha), q = density(b, hb)
        var oa = 0.0, kl = 0.0
        for i in 0..<points {
            oa += min(p[i], q[i]) * dx
            if p[i] > 1e-12 { kl += p[i] * log(p[i] / max(q[i], 1e-12)) * dx }
        }
        return (oa, kl)
    }
}
