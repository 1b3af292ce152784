import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

/// Hand-computed interpolated Kneser-Ney probabilities. Vocabulary {0, 1, 2 = end}, begin = 3,
/// discounts D1 = 0.5, D2 = 1, D3+ = 1.5 at every order; corpus [0 1 2], [0 1 2], [1 1 2].
@Suite("Kneser-Ney model")
struct KneserNeyTests {
    static let corpus = [[0, 1, 2], [0, 1, 2], [1, 1, 2]]
    static let fixed = KneserNeyModel.Smoothing.fixed(d1: 0.5, d2: 1, d3: 1.5)

    /// Order 2. Bigram (top) counts are raw: after begin {0: 2, 1: 1}, after 0 {1: 2}, after 1
    /// {2: 3, 1: 1}. Unigram counts are continuation counts N1+(. w): 0 <- {begin} = 1,
    /// 1 <- {0, begin, 1} = 3, 2 <- {1} = 1 (the raw counts 2, 4, 3 are not used); total 5,
    /// N1 = 2, N3+ = 1, so gamma * total = 0.5 * 2 + 1.5 * 1 = 2.5, spread uniformly (1/3):
    ///   P(0) = (1 - 0.5 + 2.5/3) / 5 = 4/15, P(1) = (3 - 1.5 + 2.5/3) / 5 = 7/15, P(2) = 4/15.
    /// After begin: total 3, N1 = 1, N2 = 1, mass 1.5:
    ///   P(0|b) = (2 - 1 + 1.5 * 4/15) / 3 = 7/15, P(1|b) = (1 - 0.5 + 1.5 * 7/15) / 3 = 2/5, P(2|b) = 2/15.
    /// After 1: total 4, N1 = 1, N3+ = 1, mass 2:
    ///   P(2|1) = (3 - 1.5 + 2 * 4/15) / 4 = 61/120, P(1|1) = (0.5 + 2 * 7/15) / 4 = 43/120, P(0|1) = 2/15.
    /// After 0: total 2, N2 = 1, mass 1: P(1|0) = (1 + 7/15) / 2 = 11/15, P(0|0) = P(2|0) = 2/15.
    /// After 2 (never a context): the unigram.
    @Test("bigram probabilities by hand")
    func bigram() throws {
        let m = try KneserNeyModel(order: 2, vocabularySize: 3, sequences: Self.corpus, smoothing: Self.fixed)
        let b = m.beginID
        #expect(b == 3)
        let expected: [([Int], [Double])] = [
            ([], [4.0 / 15, 7.0 / 15, 4.0 / 15]),
            ([b], [7.0 / 15, 2.0 / 5, 2.0 / 15]),
            ([1], [2.0 / 15, 43.0 / 120, 61.0 / 120]),
            ([0], [2.0 / 15, 11.0 / 15, 2.0 / 15]),
            ([2], [4.0 / 15, 7.0 / 15, 4.0 / 15]),
            ([b, 0, 1], [2.0 / 15, 43.0 / 120, 61.0 / 120]),   // only the last token counts at order 2
        ]
        for (context, probabilities) in expected {
            for w in 0..<3 { #expect(abs(m.probability(of: w, after: context) - probabilities[w]) < 1e-12, "P(\(w) | \(context))") }
            let d = m.distribution(after: context)
            for w in 0..<3 { #expect(abs(d[w] - probabilities[w]) < 1e-12) }
        }
        #expect(m.countOfCounts[0] == [2, 0, 1, 0])
        #expect(m.countOfCounts[1] == [2, 2, 1, 0])
        let logP = m.logProbability(of: [0, 1, 2])
        #expect(abs(logP - (log(7.0 / 15) + log(11.0 / 15) + log(61.0 / 120))) < 1e-12)
        #expect(m.trainingTokens == 9)
    }

    /// Order 3 on the same corpus. Trigrams (raw): (b 0) {1: 2}, (0 1) {2: 2}, (b 1) {1: 1},
    /// (1 1) {2: 1}. Bigram level: contexts starting with begin keep raw counts ((b) {0: 2, 1: 1});
    /// the others use continuation counts: (0) {1: 1} (raw 2: only "b 0 1"), (1) {2: 2, 1: 1}
    /// (raw 3: "0 1 2" and "1 1 2"). Unigram as at order 2.
    ///   P(2|1) = (2 - 1 + 1.5 * 4/15) / 3 = 7/15, P(1|1) = (0.5 + 1.5 * 7/15) / 3 = 2/5, P(0|1) = 2/15
    ///   P(1|0) = (0.5 + 0.5 * 7/15) / 1 = 11/15, P(0|0) = P(2|0) = 2/15
    ///   P(w|1 1): total 1, N1 = 1: P(2|1 1) = 0.5 + 0.5 * 7/15 = 11/15, P(1|1 1) = 1/5, P(0|1 1) = 1/15
    ///   P(w|b 1): P(1|b 1) = 0.5 + 0.5 * 2/5 = 7/10, P(2|b 1) = 7/30, P(0|b 1) = 1/15
    ///   P(w|0 1): total 2, N2 = 1: P(2|0 1) = (1 + 7/15) / 2 = 11/15, P(1|0 1) = 1/5, P(0|0 1) = 1/15
    @Test("trigram probabilities by hand, with continuation counts and the begin rule")
    func trigram() throws {
        let m = try KneserNeyModel(order: 3, vocabularySize: 3, sequences: Self.corpus, smoothing: Self.fixed)
        let b = m.beginID
        let expected: [([Int], [Double])] = [
            ([b], [7.0 / 15, 2.0 / 5, 2.0 / 15]),
            ([1], [2.0 / 15, 2.0 / 5, 7.0 / 15]),
            ([0], [2.0 / 15, 11.0 / 15, 2.0 / 15]),
            ([1, 1], [1.0 / 15, 1.0 / 5, 11.0 / 15]),
            ([b, 1], [1.0 / 15, 7.0 / 10, 7.0 / 30]),
            ([0, 1], [1.0 / 15, 1.0 / 5, 11.0 / 15]),
            ([2, 1], [2.0 / 15, 2.0 / 5, 7.0 / 15]),        // unseen (2 1): back off to (1)
            ([2, 2], [4.0 / 15, 7.0 / 15, 4.0 / 15]),       // unseen all the way: the unigram
        ]
        for (context, probabilities) in expected {
            for w in 0..<3 { #expect(abs(m.probability(of: w, after: context) - probabilities[w]) < 1e-12, "P(\(w) | \(context))") }
        }
        #expect(abs(m.logProbability(of: [1, 1, 2]) - (log(2.0 / 5) + log(7.0 / 10) + log(11.0 / 15))) < 1e-12)
        #expect(m.ngramCounts == [3, 5, 4])
    }

    @Test("modified Kneser-Ney discounts from count-of-counts (Chen & Goodman eq. 26)")
    func discounts() {
        // Y = 100 / (100 + 100) = 0.5; D1 = 1 - 2 * 0.5 * 50/100 = 0.5; D2 = 2 - 3 * 0.5 * 30/50 = 1.1;
        // D3+ = 3 - 4 * 0.5 * 20/30 = 5/3.
        let d = KneserNeyModel.discounts(countOfCounts: [100, 50, 30, 20], smoothing: .modifiedKneserNey)
        #expect(abs(d[0] - 0.5) < 1e-12 && abs(d[1] - 1.1) < 1e-12 && abs(d[2] - 5.0 / 3) < 1e-12)
        #expect(KneserNeyModel.discounts(countOfCounts: [100, 50, 30, 20], smoothing: .kneserNey) == [0.5, 0.5, 0.5])
        // D2 = 2 - 3 * (10/12) * 10/1 < 0 is invalid: falls back to Y = 5/6; D3+ = 3 - 4 * (5/6) * 1/10 = 8/3.
        let odd = KneserNeyModel.discounts(countOfCounts: [10, 1, 10, 1], smoothing: .modifiedKneserNey)
        #expect(abs(odd[0] - (1 - 2 * (10.0 / 12) / 10)) < 1e-12)
        #expect(abs(odd[1] - 10.0 / 12) < 1e-12)
        #expect(abs(odd[2] - 8.0 / 3) < 1e-12)
        #expect(KneserNeyModel.discounts(countOfCounts: [0, 0, 0, 0], smoothing: .modifiedKneserNey) == [0.5, 0.5, 0.5])
    }

    @Test("distributions sum to 1 over the 609 melody tokens for many contexts, and match probability(of:)")
    func normalization() throws {
        let model = testModel
        var rng = SeededGenerator(seed: 99)
        for mode in Key.Mode.allCases {
            let kn = try #require(model.models[mode])
            var contexts: [[Int]] = [[], [kn.beginID], [kn.beginID, MelodyToken.note(offset: 0, steps: 2).id]]
            for _ in 0..<20 {
                let length = Int(rng.next() % 6)
                contexts.append((0..<length).map { _ in Int(rng.next() % UInt64(MelodyToken.vocabularySize)) })
            }
            for context in contexts {
                for condition in 0..<kn.conditionCount {
                    let d = kn.distribution(after: context, condition: condition)
                    #expect(abs(d.reduce(0, +) - 1) < 1e-12)
                    #expect(d.allSatisfy { $0 > 0 })
                    for w in [0, 5, 17, 300, 608] {
                        #expect(abs(kn.probability(of: w, after: context, condition: condition) - d[w]) < 1e-15)
                    }
                }
            }
        }
    }

    @Test("conditions: all-zero conditions equal the plain model; an unseen condition is uniform")
    func conditions() throws {
        let plain = try KneserNeyModel(order: 3, vocabularySize: 3, sequences: Self.corpus, smoothing: Self.fixed)
        let conditioned = try KneserNeyModel(order: 3, vocabularySize: 3, conditionCount: 2, sequences: Self.corpus,
                                             conditions: Self.corpus.map { $0.map { _ in 0 } }, smoothing: Self.fixed)
        for context in [[3], [1], [0, 1], [1, 1], [2]] {
            for w in 0..<3 {
                #expect(plain.probability(of: w, after: context) == conditioned.probability(of: w, after: context, condition: 0))
                #expect(abs(conditioned.probability(of: w, after: context, condition: 1) - 1.0 / 3) < 1e-15)
            }
        }
        #expect(throws: ParameterError.self) {
            try KneserNeyModel(order: 2, vocabularySize: 3, conditionCount: 2, sequences: Self.corpus, conditions: [[0, 1, 2]])
        }
    }

    @Test("invalid arguments throw")
    func invalid() {
        #expect(throws: ParameterError.self) { try KneserNeyModel(order: 0, vocabularySize: 3, sequences: []) }
        #expect(throws: ParameterError.self) { try KneserNeyModel(order: 7, vocabularySize: 3, sequences: []) }
        #expect(throws: ParameterError.self) { try KneserNeyModel(order: 2, vocabularySize: 3, sequences: [[3]]) }
        #expect(throws: ParameterError.self) { try KneserNeyModel(order: 2, vocabularySize: 3, sequences: [], smoothing: .fixed(d1: 1.5, d2: 1, d3: 1)) }
        #expect(throws: ParameterError.self) { try KneserNeyModel(order: 2, vocabularySize: 3, sequences: [], smoothing: .perOrder([[0.5, 1, 1.5]])) }
    }

    @Test("held-out discount tuning never makes the held-out likelihood worse and is deterministic")
    func tuning() throws {
        let tunes = SyntheticCorpus.tunes(count: 60, seed: 3).filter { $0.key.mode == .major }
        let ids = tunes.map { $0.tokens.map(\.id) + [0] }
        let train = Array(ids.prefix(24)), check = Array(ids.suffix(6))
        let m = try KneserNeyModel(order: 3, vocabularySize: MelodyToken.vocabularySize, sequences: train)
        let tuned = m.optimizedDiscounts(heldOut: check)
        #expect(tuned == m.optimizedDiscounts(heldOut: check))
        let before = check.reduce(0) { $0 - m.logProbability(of: $1) }
        let after = try check.reduce(0) { $0 - (try m.with(discounts: tuned)).logProbability(of: $1) }
        #expect(after <= before)
        #expect(after < before - 1)   // on this corpus the tuned discounts are clearly better
    }
}
