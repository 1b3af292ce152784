/// Nucleus (top-p) filtering (Holtzman et al. 2020, "The Curious Case of Neural Text
/// Degeneration"): keeps the likeliest entries of `weights` (unnormalised, >= 0; ties: lower index
/// first) until their sum reaches `topP` of the total, and sets the others to 0. `topP >= 1`
/// leaves `weights` unchanged.
///
/// Exactly: with `total = weights.reduce(0, +)`, the positive entries are taken in rank order
/// (weight descending, then index ascending: a strict total order), adding each to a running sum
/// that starts at 0, until that sum is `>= topP * total`; those taken are kept. Only the kept
/// entries are ordered: the positive entries are bucketed by their binary exponent below the
/// largest one's (one counting-sort pass; 63 buckets and one for everything smaller), and a bucket
/// is sorted only when the buckets above it did not reach the target. Every entry of a bucket
/// outranks every entry of the buckets below it, so the entries are taken, and the running sum is
/// added, in the same order as a full sort's.
package func keepNucleus(_ weights: inout [Double], topP: Double) {
    guard topP < 1 else { return }
    let n = weights.count
    weights.withUnsafeMutableBufferPointer { w in
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { keep in
            markNucleus(UnsafeBufferPointer(w), topP: topP, keep: keep)
            for i in 0..<n where !keep[i] { w[i] = 0 }
        }
    }
}

/// Sets `keep[i]` for the entries `keepNucleus` keeps (`topP < 1`), false for the others.
func markNucleus(_ w: UnsafeBufferPointer<Double>, topP: Double, keep: UnsafeMutableBufferPointer<Bool>) {
    let n = w.count
    let buckets = 64
    keep.initialize(repeating: false)
    var total = 0.0
    var top = 0.0
    for i in 0..<n {
        total += w[i]
        if w[i] > top { top = w[i] }
    }
    let target = topP * total
    let topExponent = Int(truncatingIfNeeded: top.bitPattern >> 52)  // positive: no sign bit
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * buckets + 1) { counts in
        withUnsafeTemporaryAllocation(of: (weight: Double, index: Int).self, capacity: n) { items in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { bucketOf in
                guard let start = counts.baseAddress, let items = items.baseAddress, let bucketOf = bucketOf.baseAddress,
                      let w = w.baseAddress else { return }
                let next = start + buckets + 1
                start.initialize(repeating: 0, count: 2 * buckets + 1)
                // Counting sort by bucket (index order kept within a bucket).
                for i in 0..<n where w[i] > 0 {
                    let b = min(topExponent - Int(truncatingIfNeeded: w[i].bitPattern >> 52), buckets - 1)
                    bucketOf[i] = UInt8(truncatingIfNeeded: b)
                    start[b + 1] += 1
                }
                for b in 0..<buckets {
                    start[b + 1] += start[b]
                    next[b] = start[b]
                }
                for i in 0..<n where w[i] > 0 {
                    let b = Int(bucketOf[i])
                    (items + next[b]).initialize(to: (w[i], i))
                    next[b] += 1
                }
                var kept = 0.0
                done: for b in 0..<buckets where start[b] < start[b + 1] {
                    var slice = UnsafeMutableBufferPointer(start: items + start[b], count: start[b + 1] - start[b])
                    if slice.count > 1 {
                        slice.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.index < $1.index }
                    }
                    for entry in slice {
                        keep[entry.index] = true
                        kept += entry.weight
                        if kept >= target { break done }
                    }
                }
            }
        }
    }
}
