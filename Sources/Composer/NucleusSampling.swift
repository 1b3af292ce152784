/// Nucleus (top-p) filtering (Holtzman et al. 2020, "The Curious Case of Neural Text
/// Degeneration"): keeps the likeliest entries of `weights` (unnormalised, >= 0; ties: lower index
/// first) until their sum reaches `topP` of the total, and sets the others to 0. `topP >= 1`
/// leaves `weights` unchanged.
func keepNucleus(_ weights: inout [Double], topP: Double) {
    guard topP < 1 else { return }
    // (weight, index) pairs sorted by weight, descending, then index: a strict total order, so the
    // ranking does not depend on the sort algorithm.
    var ranked: [(weight: Double, index: Int)] = []
    ranked.reserveCapacity(weights.count)
    for index in weights.indices where weights[index] > 0 { ranked.append((weights[index], index)) }
    ranked.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.index < $1.index }
    let target = topP * weights.reduce(0, +)
    var kept = 0.0
    var cut = ranked.count
    for rank in ranked.indices {
        kept += ranked[rank].weight
        if kept >= target { cut = rank + 1; break }
    }
    for entry in ranked[cut...] { weights[entry.index] = 0 }
}
