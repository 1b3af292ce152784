import Foundation
import Music
import Testing
import TestSupport
@testable import Composer
@testable import ModelKit
@testable import Representations

/// What every seed composes is fixed: hashes of the sampled tokens, their log-probability (its bit
/// pattern) and the notes, recorded from the sampler before it was made faster (issue 19: cached
/// Kneser-Ney distributions and nuclei). Any change to the draws, the arithmetic or its order
/// changes a hash.
@Suite("Markov sampling identity")
struct MarkovSamplingIdentityTests {
    struct Case: CustomStringConvertible {
        var seed: UInt64
        var key: Key
        var meter: Meter
        var temperature: Double
        var topP: Double
        var inKeyOnly: Bool
        var primer: [PrimerNote]
        var bars: Int
        var description: String {
            "seed \(seed) \(key.tonic) \(key.mode) \(meter) T \(temperature) p \(topP) inKey \(inKeyOnly) primer \(primer.count) bars \(bars)"
        }
    }

    /// 20 requests that vary seed, key, mode, meter, temperature, top-p, the in-key rule and a primer.
    static let cases: [Case] = {
        let meters = [Meter.common, try! Meter(3, 4), try! Meter(6, 8), try! Meter(2, 4), try! Meter(9, 8)]
        let temperatures = [1.0, 0.7, 1.3, 1.0, 0.5]
        let topPs = [0.9, 1.0, 0.5, 0.95, 0.9]
        let primer = [PrimerNote(pitch: 62, steps: 4), PrimerNote(pitch: nil, steps: 2), PrimerNote(pitch: 65, steps: 2),
                      PrimerNote(pitch: 69, steps: 8)]
        return (0..<20).map { i in
            Case(seed: UInt64(i * 7919 + 1), key: Key(tonic: (i * 5) % 12, mode: i % 3 == 2 ? .minor : .major),
                 meter: meters[i % meters.count], temperature: temperatures[(i / 2) % temperatures.count],
                 topP: topPs[(i / 3) % topPs.count], inKeyOnly: i % 4 == 3, primer: i % 6 == 5 ? primer : [],
                 bars: i < 2 ? 1000 : 100)
        }
    }()

    static func hash(_ c: Composition) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            for b in 0..<8 {
                h ^= (v >> (8 * UInt64(b))) & 0xff
                h = h &* 0x100_0000_01b3
            }
        }
        for t in c.tokens { mix(UInt64(t.id)) }
        mix(c.logProbability.bitPattern)
        for n in c.melody.notes { mix(UInt64(n.pitch) << 40 | UInt64(n.start) << 16 | UInt64(n.steps)) }
        return h
    }

    static func hashes(_ model: MarkovMelodyModel) throws -> [UInt64] {
        try cases.map { c in
            hash(try model.compose(CompositionRequest(bars: c.bars, key: c.key, meter: c.meter, seed: c.seed,
                                                      temperature: c.temperature, topP: c.topP, primer: c.primer,
                                                      inKeyOnly: c.inKeyOnly)))
        }
    }

    /// Recorded from the sampler of commit 6f58901 (before issue 19), with RECORD_MARKOV_HASHES=1.
    static let shippedExpected: [UInt64] = [
        0x233aea4555ace8f8, 0x739f6433dae473da, 0x2cbd5abf70fd4182, 0x8a6c4d7b25e0b748,
        0x6c3e9d8003a08781, 0x542e4ccb3f25f14d, 0x5eeeb23430e616ed, 0xb171e46d5be20e18,
        0x02560a7e3f1ff63c, 0x538a8c405e27364a, 0xfb0b510e73399d38, 0x75501c7f6fea3315,
        0x84fdb6484ac3d584, 0xe22fd295d320e207, 0xd0a3dc804d65b636, 0xcd2dfe7b5371314d,
        0x71b70b850f772355, 0x67a54c7ebc955d8c, 0x3aa14a8a815b1332, 0x7c468ff3da1eaf1b,
    ]
    static let syntheticExpected: [UInt64] = [
        0x230cfc262a5b3b6e, 0x0c9002b041fb7da6, 0xc6876407c1a04a48, 0x42333a1129203729,
        0x2d405d41939efa61, 0x23ce28987e012444, 0x37480304cd4d2bd3, 0x91d2f8eac4a75708,
        0x10377201965dffdf, 0x1e6190c8ce984d7b, 0x41b290142270d958, 0x3c40ad216f67d899,
        0x84d1890bd145a6f6, 0x1cb295585c09c73b, 0x03bc5ab044ed29f9, 0x741ee96595bc4691,
        0xbc363b1cdf310d47, 0xac6d9dba83c66531, 0x05898a61b5456f1b, 0xef2dc02eece835d0,
    ]

    @Test("the shipped Markov model composes what it composed before, for 20 requests")
    func shippedModel() throws {
        let model = try ModelCatalog.loadMarkovMelody(from: TestPaths.packageRoot.appendingPathComponent("Models/melody-markov.json"))
        let got = try Self.hashes(model)
        if ProcessInfo.processInfo.environment["RECORD_MARKOV_HASHES"] != nil { print("shipped", got.map { String($0, radix: 16) }) }
        for (i, (g, e)) in zip(got, Self.shippedExpected).enumerated() { #expect(g == e, "\(Self.cases[i])") }
        #expect(got.count == Self.shippedExpected.count)
    }

    @Test("an order-4 model trained on the synthetic corpus composes what it composed before")
    func syntheticModel() throws {
        let got = try Self.hashes(SyntheticCorpus.model)
        if ProcessInfo.processInfo.environment["RECORD_MARKOV_HASHES"] != nil { print("synthetic", got.map { String($0, radix: 16) }) }
        for (i, (g, e)) in zip(got, Self.syntheticExpected).enumerated() { #expect(g == e, "\(Self.cases[i])") }
        #expect(got.count == Self.syntheticExpected.count)
    }
}
