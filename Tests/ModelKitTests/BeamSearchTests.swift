import Foundation
import Testing
@testable import ModelKit

@Suite("Beam search")
struct BeamSearchTests {
    /// A first-order chain over tokens 0 (A), 1 (B), 2 (C), from the last token (-1 at the start).
    static func chain(_ last: Int) -> [Float] {
        switch last {
        case -1: return [0.6, 0.4, 0]
        case 0: return [0.34, 0.33, 0.33]
        case 1: return [0.05, 0.9, 0.05]
        default: return [1.0 / 3, 1.0 / 3, 1.0 / 3]
        }
    }

    func search(beamSize: Int, branchFactor: Int, steps: Int = 2, seed: UInt64 = 1) throws -> [BeamSearch<Int>.Hypothesis] {
        var rng = SeededGenerator(seed: seed)
        return try BeamSearch<Int>(beamSize: beamSize, branchFactor: branchFactor).run(
            from: [.init(tokens: [], state: 0)], steps: steps, rng: &rng,
            advance: { beams, _ in
                // As an RNN: the model reads the last token; the state counts the steps read.
                .init(probabilities: beams.map { Self.chain($0.tokens.last ?? -1) }, states: beams.map { $0.state + 1 })
            },
            weights: { _, p, _ in p.map(Double.init) })
    }

    @Test("a beam finds the likelier path that greedy-like sampling misses: B B (0.36) over A A (0.204)")
    func findsTheBestPath() throws {
        let beams = try search(beamSize: 2, branchFactor: 64)
        #expect(beams.count == 2)
        #expect(beams[0].tokens == [1, 1])
        #expect(beams[0].logProbability == log(Double(Float(0.4))) + log(Double(Float(0.9))))
        #expect(beams[0].logProbability >= beams[1].logProbability)
        // The state handed on is the parent's after the step: two steps read.
        #expect(beams[0].state == 2)
    }

    @Test("beam size and branch factor 1 sample one sequence; the same seed gives the same result")
    func sampling() throws {
        let a = try search(beamSize: 1, branchFactor: 1, steps: 12, seed: 9)
        let b = try search(beamSize: 1, branchFactor: 1, steps: 12, seed: 9)
        #expect(a.count == 1 && a[0].tokens.count == 12)
        #expect(a[0].tokens == b[0].tokens && a[0].logProbability == b[0].logProbability)
        // Token C has probability 0 at the start: never drawn first.
        for seed in UInt64(0)..<20 { #expect(try search(beamSize: 1, branchFactor: 1, steps: 1, seed: seed)[0].tokens != [2]) }
    }

    @Test("sizes outside 1...64 are parameter errors")
    func ranges() {
        #expect(throws: ParameterError("beam size", value: 0, allowed: "1...64")) { try BeamSearch<Int>(beamSize: 0, branchFactor: 1) }
        #expect(throws: ParameterError("branch factor", value: 65, allowed: "1...64")) { try BeamSearch<Int>(beamSize: 1, branchFactor: 65) }
    }
}
