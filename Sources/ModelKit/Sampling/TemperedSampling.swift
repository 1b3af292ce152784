import Foundation

/// Draws an index from `probabilities` (summing to about 1) with a temperature and a nucleus:
/// weights `p^(1/temperature)` (computed in log space, so tiny probabilities survive low
/// temperatures), cut to the `topP` nucleus (`keepNucleus`), then one draw from `rng`. Indices
/// where `allowed` is false are never drawn; if every allowed index has probability 0 they are
/// drawn uniformly. Returns -1 only when nothing is allowed.
package func drawTempered(_ probabilities: [Double], temperature: Double, topP: Double, rng: inout SeededGenerator,
                  allowed: [Bool]? = nil) -> Int {
    var logits = [Double](repeating: -.infinity, count: probabilities.count)
    var top = -Double.infinity
    for i in probabilities.indices where (allowed?[i] ?? true) && probabilities[i] > 0 {
        logits[i] = log(probabilities[i]) / temperature
        top = max(top, logits[i])
    }
    var weights = logits.map { $0 == -.infinity ? 0 : exp($0 - top) }
    if top == -.infinity { weights = probabilities.indices.map { (allowed?[$0] ?? true) ? 1 : 0 } }
    keepNucleus(&weights, topP: topP)
    var u = rng.nextUnitDouble() * weights.reduce(0, +)
    var chosen = -1
    for i in weights.indices where weights[i] > 0 {
        chosen = i
        u -= weights[i]
        if u < 0 { break }
    }
    return chosen
}
