/// Nucleus (top-p) filtering (Holtzman et al. 2020, "The Curious Case of Neural Text
/// Degeneration"): keeps the likeliest entries of `weights` (unnormalised, >= 0; ties: lower index
/// first) until their sum reaches `topP` of the total, and sets the others to 0. `topP >= 1`
/// leaves `weights` unchanged.
///
/// The entries are taken in rank order from a binary max-heap, so only the kept ones are ordered:
/// O(n + k log n) for k kept entries instead of sorting all n. Rank order (weight descending, then
/// index) is a strict total order, so the kept set and the running sum are the same as a full sort's.
package func keepNucleus(_ weights: inout [Double], topP: Double) {
    guard topP < 1 else { return }
    var heap: [(weight: Double, index: Int)] = []
    heap.reserveCapacity(weights.count)
    for index in weights.indices where weights[index] > 0 { heap.append((weights[index], index)) }
    @inline(__always) func above(_ a: (weight: Double, index: Int), _ b: (weight: Double, index: Int)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.index < b.index
    }
    func siftDown(_ start: Int, _ count: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= count { return }
            var top = left
            if left + 1 < count && above(heap[left + 1], heap[left]) { top = left + 1 }
            if !above(heap[top], heap[parent]) { return }
            heap.swapAt(parent, top)
            parent = top
        }
    }
    var count = heap.count
    for i in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(i, count) }
    let target = topP * weights.reduce(0, +)
    var kept = 0.0
    var keep = [Bool](repeating: false, count: weights.count)
    while count > 0 {
        let best = heap[0]
        keep[best.index] = true
        kept += best.weight
        if kept >= target { break }
        count -= 1
        heap.swapAt(0, count)
        siftDown(0, count)
    }
    for index in weights.indices where !keep[index] { weights[index] = 0 }
}
