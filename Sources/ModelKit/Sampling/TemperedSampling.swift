import Foundation

/// Draws an index from `probabilities` (summing to about 1) with a temperature and a nucleus:
/// weights `p^(1/temperature)` (computed in log space, so tiny probabilities survive low
/// temperatures), cut to the `topP` nucleus (`keepNucleus`), then one draw from `rng`; a
/// temperature of 0 is greedy: the likeliest allowed index (the first of equals) alone. Indices
/// where `allowed` is false are never drawn; if every allowed index has probability 0 they are
/// drawn uniformly. Returns -1 only when nothing is allowed.
package func drawTempered(_ probabilities: [Double], temperature: Double, topP: Double, rng: inout SeededGenerator,
                  allowed: [Bool]? = nil) -> Int {
    TemperedNucleus(probabilities, temperature: temperature, topP: topP, allowed: allowed).draw(rng: &rng)
}

/// What `drawTempered` draws from, computed once: the indices of the tempered weights kept by the
/// nucleus, ascending, with their weights and their sum. A sampler whose distribution and allowed
/// set repeat (an n-gram model in a context it has met before) keeps these and draws again from
/// them: `draw(rng:)` gives exactly the index `drawTempered` gives for the same generator state,
/// with one random number and no logarithm or exponential.
package struct TemperedNucleus: Sendable {
    /// The kept indices, ascending.
    package private(set) var indices: [Int32] = []
    /// Their weights (> 0), `exp(log(p) / temperature - max)`.
    package private(set) var weights: [Double] = []
    /// The sum of `weights`, added in index order (as `drawTempered` always did, zeros included).
    package private(set) var total = 0.0

    /// The nucleus of `probabilities`; see `drawTempered`.
    ///
    /// A logarithm or exponential is computed only where the value differs from the previous
    /// entry's: n-gram distributions give every token unseen in the context the same probability,
    /// bit for bit, and equal inputs give equal results, so the weights are those of one call per
    /// entry.
    package init(_ probabilities: [Double], temperature: Double, topP: Double, allowed: [Bool]? = nil) {
        let n = probabilities.count
        if temperature == 0, let best = Self.likeliest(probabilities, allowed: allowed) {
            (indices, weights, total) = ([Int32(best)], [1], 1)
            return
        }
        // Logits where allowed and p > 0 (else -infinity), then exp(logit - max) or 0.
        var w = [Double](repeating: -.infinity, count: n)
        var top = -Double.infinity
        let all = [Bool](repeating: true, count: allowed == nil ? n : 0)
        probabilities.withUnsafeBufferPointer { p in
            w.withUnsafeMutableBufferPointer { w in
                (allowed ?? all).withUnsafeBufferPointer { ok in
                    var lastBits = UInt64.max  // a NaN: never a p > 0
                    var lastLogit = 0.0
                    for i in 0..<n where ok[i] && p[i] > 0 {
                        if p[i].bitPattern != lastBits {
                            lastBits = p[i].bitPattern
                            lastLogit = log(p[i]) / temperature
                        }
                        w[i] = lastLogit
                        top = max(top, lastLogit)
                    }
                    if top == -.infinity {
                        for i in 0..<n { w[i] = ok[i] ? 1 : 0 }
                    } else {
                        lastBits = UInt64.max
                        var lastWeight = 0.0
                        for i in 0..<n {
                            if w[i] == -.infinity {
                                w[i] = 0
                            } else {
                                if w[i].bitPattern != lastBits {
                                    lastBits = w[i].bitPattern
                                    lastWeight = exp(w[i] - top)
                                }
                                w[i] = lastWeight
                            }
                        }
                    }
                }
            }
        }
        w.withUnsafeBufferPointer { w in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { keep in
                if topP < 1 { markNucleus(w, topP: topP, keep: keep) } else { keep.initialize(repeating: true) }
                var count = 0
                for i in 0..<n where keep[i] && w[i] > 0 { count += 1 }
                indices.reserveCapacity(count)
                weights.reserveCapacity(count)
                for i in 0..<n where keep[i] && w[i] > 0 {
                    indices.append(Int32(i))
                    weights.append(w[i])
                    total += w[i]
                }
            }
        }
    }

    /// The index of the largest probability above 0 where allowed (the first of equals), nil when none.
    package static func likeliest(_ probabilities: [Double], allowed: [Bool]?) -> Int? {
        var best: Int?
        for i in probabilities.indices where allowed?[i] ?? true && probabilities[i] > 0 {
            if best == nil || probabilities[i] > probabilities[best!] { best = i }
        }
        return best
    }

    /// One draw: `u = rng.nextUnitDouble() * total`, then the first kept index at which the running
    /// sum of weights passes `u` (the last kept index if rounding never gets there); -1 when
    /// nothing is kept. Uses exactly one number from `rng`.
    package func draw(rng: inout SeededGenerator) -> Int {
        var u = rng.nextUnitDouble() * total
        var chosen = -1
        for j in indices.indices {
            chosen = Int(indices[j])
            u -= weights[j]
            if u < 0 { break }
        }
        return chosen
    }
}
