/// Nucleus (top-p) filtering (Holtzman et al. 2020, "The Curious Case of Neural Text
/// Degeneration"): keeps the likeliest entries of `weights` (unnormalised, >= 0; ties: lower index
/// first) until their sum reaches `topP` of the total, and sets the others to 0. `topP >= 1`
/// leaves `weights` unchanged.
func keepNucleus(_ weights: inout [Double], topP: Double) {
    guard topP < 1 else { return }
    let ranked = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], -$0) > (weights[$1], -$1) }
    let target = topP * weights.reduce(0, +)
    var kept = 0.0
    var cut = ranked.count
    for (rank, index) in ranked.enumerated() {
        kept += weights[index]
        if kept >= target { cut = rank + 1; break }
    }
    for index in ranked[cut...] { weights[index] = 0 }
}
