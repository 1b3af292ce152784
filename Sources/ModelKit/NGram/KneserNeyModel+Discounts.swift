import Foundation

extension KneserNeyModel {
    /// The same counts with other discounts (`[D1, D2, D3+]` per context length, each checked to be
    /// in `0...1`, `0...2`, `0...3`); `smoothing` becomes `.perOrder(discounts)`.
    public func with(discounts: [[Double]]) throws -> KneserNeyModel {
        guard discounts.count == order, discounts.allSatisfy(KneserNeyModel.valid) else {
            throw ParameterError("per-order discounts", value: "\(discounts)", allowed: "\(order) triples in 0...1, 0...2, 0...3")
        }
        var copy = self
        copy.discounts = discounts
        copy.smoothing = .perOrder(discounts)
        return copy
    }

    /// Discounts that minimize the negative log-likelihood of `heldOut` (sequences of ids, each
    /// predicted from the begin symbol, normally ending with the end token; `conditions` as in
    /// `init`) under this model's counts: Chen & Goodman's parameters "optimized on held-out data"
    /// (1998, section 4.1; they used Powell's search). Here: cyclic coordinate descent, `passes`
    /// sweeps over the `3 * order` discounts, each a golden-section search in `0...1`, `0...2` or
    /// `0...3` (to width 1e-4), starting from the current discounts; a discount only changes when
    /// the held-out likelihood strictly improves. Deterministic.
    ///
    /// This matters for corpora whose tunes have their repeats written out: a phrase heard once
    /// becomes an n-gram counted 2 or 4 times, which skews the count-of-counts that the
    /// closed-form estimates rely on.
    public func optimizedDiscounts(heldOut: [[Int]], conditions: [[Int]]? = nil, passes: Int = 3) -> [[Double]] {
        // Per predicted token, the statistics of each level it reaches.
        struct Step { var level: Int; var count: Double; var total: Double; var n1: Double; var n2: Double; var n3: Double }
        var steps: [Step] = []
        var starts: [Int] = []
        for (s, sequence) in heldOut.enumerated() {
            var context = [beginID]
            for (i, token) in sequence.enumerated() where (0..<vocabularySize).contains(token) {
                let condition = conditions?[s][i] ?? 0
                starts.append(steps.count)
                for k in 0...contextLength(context) {
                    guard let entry = levels[k][key(context, length: k, condition: condition)] else { break }
                    var count = 0.0
                    if let j = Self.search(entry.tokens, Int32(token)) { count = Double(entry.counts[j]) }
                    steps.append(Step(level: k, count: count, total: entry.total, n1: entry.n1, n2: entry.n2, n3: entry.n3))
                }
                context.append(token)
                if context.count > order { context.removeFirst() }
            }
        }
        starts.append(steps.count)
        guard starts.count > 1 else { return discounts }
        let uniform = 1.0 / Double(vocabularySize)
        func nll(_ d: [[Double]]) -> Double {
            var total = 0.0
            for t in 0..<(starts.count - 1) {
                var p = uniform
                for i in starts[t]..<starts[t + 1] {
                    let s = steps[i]
                    let dk = d[s.level]
                    let own = s.count == 0 ? 0 : max(s.count - dk[min(Int(s.count), 3) - 1], 0)
                    p = (own + (dk[0] * s.n1 + dk[1] * s.n2 + dk[2] * s.n3) * p) / s.total
                }
                total -= log(p)
            }
            return total
        }
        var d = discounts
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<max(passes, 0) {
            for k in 0..<order {
                for c in 0..<3 {
                    var lo = 0.0, hi = Double(c + 1)
                    func f(_ x: Double) -> Double { var t = d; t[k][c] = x; return nll(t) }
                    var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
                    var f1 = f(x1), f2 = f(x2)
                    while hi - lo > 1e-4 {
                        if f1 <= f2 {
                            hi = x2; x2 = x1; f2 = f1
                            x1 = hi - ratio * (hi - lo); f1 = f(x1)
                        } else {
                            lo = x1; x1 = x2; f1 = f2
                            x2 = lo + ratio * (hi - lo); f2 = f(x2)
                        }
                    }
                    let best = (lo + hi) / 2
                    if f(best) < f(d[k][c]) { d[k][c] = best }
                }
            }
        }
        return d
    }

    static func search(_ a: [Int32], _ x: Int32) -> Int? {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x ? lo : nil
    }
}
