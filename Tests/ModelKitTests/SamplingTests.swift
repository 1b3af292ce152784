import Foundation
import Testing
@testable import ModelKit

/// The nucleus and the tempered draw against the plain definitions they replaced (a full sort of
/// every entry; logits, weights and the nucleus as whole arrays, then a linear draw): the same kept
/// entries, the same weights bit for bit, and the same draws from the same generator.
@Suite("Sampling")
struct SamplingTests {
    /// The definition: sort every positive entry by (weight descending, index ascending), take them
    /// in that order until the running sum reaches `topP` of the total.
    static func referenceNucleus(_ weights: [Double], topP: Double) -> [Double] {
        guard topP < 1 else { return weights }
        let ranked = weights.indices.filter { weights[$0] > 0 }
            .sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        let target = topP * weights.reduce(0, +)
        var kept = 0.0
        var keep = Set<Int>()
        for i in ranked {
            keep.insert(i)
            kept += weights[i]
            if kept >= target { break }
        }
        return weights.indices.map { keep.contains($0) ? weights[$0] : 0 }
    }

    /// `drawTempered` as it was written before the nucleus could be kept.
    static func referenceDraw(_ probabilities: [Double], temperature: Double, topP: Double, rng: inout SeededGenerator,
                              allowed: [Bool]?) -> Int {
        var logits = [Double](repeating: -.infinity, count: probabilities.count)
        var top = -Double.infinity
        for i in probabilities.indices where (allowed?[i] ?? true) && probabilities[i] > 0 {
            logits[i] = log(probabilities[i]) / temperature
            top = max(top, logits[i])
        }
        var weights = logits.map { $0 == -.infinity ? 0 : exp($0 - top) }
        if top == -.infinity { weights = probabilities.indices.map { (allowed?[$0] ?? true) ? 1 : 0 } }
        weights = referenceNucleus(weights, topP: topP)
        var u = rng.nextUnitDouble() * weights.reduce(0, +)
        var chosen = -1
        for i in weights.indices where weights[i] > 0 {
            chosen = i
            u -= weights[i]
            if u < 0 { break }
        }
        return chosen
    }

    /// Peaked distributions with long tails, ties, zeros and tiny entries, as n-gram models give.
    static func randomWeights(_ rng: inout SeededGenerator, count: Int) -> [Double] {
        (0..<count).map { _ in
            let r = rng.nextUnitDouble()
            if r < 0.1 { return 0 }
            if r < 0.2 { return 0.25 }                           // ties
            if r < 0.25 { return 1e-300 * rng.nextUnitDouble() }  // far below the largest
            return pow(rng.nextUnitDouble(), 8) * (r < 0.3 ? 100 : 1)
        }
    }

    @Test("keepNucleus keeps exactly what a full sort keeps")
    func nucleusMatchesFullSort() {
        var rng = SeededGenerator(seed: 19)
        for trial in 0..<400 {
            let weights = Self.randomWeights(&rng, count: [1, 2, 5, 40, 609][trial % 5])
            for topP in [0.0, 0.1, 0.5, 0.9, 0.95, 0.999, 1.0] {
                var got = weights
                keepNucleus(&got, topP: topP)
                let expected = Self.referenceNucleus(weights, topP: topP)
                #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "trial \(trial), top-p \(topP)")
            }
        }
        // Exact values: 0.5 + 0.25 reaches 0.75 of the total 1; the tied 0.125s are not needed.
        var w = [0.125, 0.5, 0.125, 0.25]
        keepNucleus(&w, topP: 0.75)
        #expect(w == [0, 0.5, 0, 0.25])
        // A tie decides by index: 0.5 + the first 0.25 reach 0.75.
        w = [0.25, 0.5, 0.25]
        keepNucleus(&w, topP: 0.75)
        #expect(w == [0.25, 0.5, 0])
    }

    @Test("a kept TemperedNucleus draws what drawTempered drew, number for number")
    func temperedNucleusMatchesDefinition() {
        var source = SeededGenerator(seed: 7)
        for trial in 0..<200 {
            var p = Self.randomWeights(&source, count: 609)
            let sum = p.reduce(0, +)
            p = p.map { $0 / sum }
            let allowed: [Bool]? = trial % 3 == 0 ? nil : p.indices.map { _ in source.next() % 5 != 0 }
            let temperature = [1.0, 0.5, 1.3, 0.8][trial % 4]
            let topP = [0.9, 1.0, 0.5][trial % 3]
            let nucleus = TemperedNucleus(p, temperature: temperature, topP: topP, allowed: allowed)
            var a = SeededGenerator(seed: UInt64(trial)), b = a, c = a
            for _ in 0..<20 {
                let expected = Self.referenceDraw(p, temperature: temperature, topP: topP, rng: &a, allowed: allowed)
                #expect(nucleus.draw(rng: &b) == expected)
                #expect(drawTempered(p, temperature: temperature, topP: topP, rng: &c, allowed: allowed) == expected)
            }
        }
        // Nothing allowed: -1; every allowed entry at probability 0: drawn uniformly.
        var rng = SeededGenerator(seed: 1)
        #expect(TemperedNucleus([0.5, 0.5], temperature: 1, topP: 0.9, allowed: [false, false]).draw(rng: &rng) == -1)
        let flat = TemperedNucleus([1, 0, 0], temperature: 1, topP: 1, allowed: [false, true, true])
        #expect(flat.indices == [1, 2] && flat.weights == [1, 1] && flat.total == 2)
    }

    @Test("temperature 0 is greedy: the likeliest allowed index, the first of equals, whatever the generator")
    func temperatureZeroIsGreedy() {
        let p = [0.1, 0.3, 0.05, 0.3, 0.25]
        for seed in UInt64(1)...20 {
            var rng = SeededGenerator(seed: seed)
            #expect(drawTempered(p, temperature: 0, topP: 0.9, rng: &rng) == 1)
            #expect(drawTempered(p, temperature: 0, topP: 1, rng: &rng, allowed: [true, false, true, false, true]) == 4)
        }
        // Nothing allowed has probability above 0: drawn uniformly among the allowed, as at any temperature.
        var rng = SeededGenerator(seed: 1)
        #expect([0, 2].contains(drawTempered([0, 1, 0], temperature: 0, topP: 1, rng: &rng, allowed: [true, false, true])))
    }
}
