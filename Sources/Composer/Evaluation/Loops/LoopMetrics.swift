import Foundation
import ModelKit
import Representations

/// The per-step measures of loop reconstruction: step accuracy, note F1, KL in bits, and the
/// smoothness test of an interpolation path.
public enum LoopMetrics {
    /// Steps equal in `decoded` and `truth` (same shapes), and steps in all.
    public static func matchingSteps(_ decoded: [[Int32]], _ truth: [[Int32]]) -> (same: Int, steps: Int) {
        var same = 0, steps = 0
        for (d, t) in zip(decoded, truth) {
            for (a, b) in zip(d, t) where a == b { same += 1 }
            steps += t.count
        }
        return (same, steps)
    }

    /// The notes of a loop as (step, what) pairs: melody note-ons (step, class ≥ 2), drum hits
    /// (step, drum class): a note counts as right when its step and pitch (or drum) match.
    public static func notes(of loop: [Int32], kind: LoopKind) -> Set<Int> {
        var set = Set<Int>()
        for (t, c) in loop.enumerated() {
            switch kind {
            case .melody: if c >= 2 { set.insert(t * 1024 + Int(c)) }
            case .drums: for d in DrumHits(rawValue: Int(c)).classes { set.insert(t * 1024 + d.rawValue) }
            }
        }
        return set
    }

    /// Notes right, predicted and true, summed over loops.
    public static func noteCounts(_ decoded: [[Int32]], _ truth: [[Int32]], kind: LoopKind) -> (right: Int, predicted: Int, actual: Int) {
        var right = 0, predicted = 0, actual = 0
        for (d, t) in zip(decoded, truth) {
            let p = notes(of: d, kind: kind), a = notes(of: t, kind: kind)
            right += p.intersection(a).count
            predicted += p.count
            actual += a.count
        }
        return (right, predicted, actual)
    }

    /// F1 of note counts: 2 right / (predicted + actual), 0 when there are none.
    public static func f1(right: Int, predicted: Int, actual: Int) -> Double {
        predicted + actual > 0 ? 2 * Double(right) / Double(predicted + actual) : 0
    }

    /// KL(N(μ, σ²) ‖ N(0, 1)) of each row of `mean` and `scale` (`rows x Z`), in bits.
    public static func klBits(mean: [Float], scale: [Float], latent Z: Int) -> [Double] {
        stride(from: 0, to: mean.count, by: Z).map { start in
            var kl = 0.0
            for k in start ..< start + Z {
                let m = Double(mean[k]), s = max(Double(scale[k]), 1e-12)
                kl += 0.5 * (m * m + s * s - 1) - log(s)
            }
            return kl / log(2.0)
        }
    }

    /// Whether a path of loops moves away from its first loop without turning back: with `d(k)`
    /// the steps where loop k differs from loop 0, and one step's worth `d(last) / (count - 1)`,
    /// no `d(k+1)` is below `d(k)` by more than that.
    public static func isSmooth(_ path: [[Int32]]) -> Bool {
        guard let first = path.first, path.count > 1 else { return true }
        let distances = path.map { loop in zip(loop, first).filter { $0 != $1 }.count }
        let worth = Double(distances.last!) / Double(path.count - 1)
        return zip(distances, distances.dropFirst()).allSatisfy { Double($1) >= Double($0) - worth }
    }
}
