import Foundation
import ModelKit
import Testing
@testable import Transcription

/// The timbre augmentation of training (`PianoScribeTrainingOptions.eqDB`): a random smooth
/// equaliser per chunk, added to the gain and tilt.
@Suite struct EqualiserAugmentationTests {
    @Test func theCurveReachesItsLargestExcursionAndIsSmooth() {
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<20 {
            let curve = PianoScribeNetwork.randomEqualiser(bins: 229, maxDB: 12, rng: &rng)
            #expect(curve.count == 229)
            let largest = curve.map(abs).max() ?? 0
            #expect(abs(largest - 12) < 1e-4, "\(largest)")
            // At most 3 cycles across 228 steps, three cosines: no neighbouring bins more than
            // 3 x 2 pi x 3 / 228 of the peak apart, scaled by 12 / (at least the largest weight).
            let steepest = zip(curve, curve.dropFirst()).map { abs($0 - $1) }.max() ?? 0
            #expect(steepest < 3, "\(steepest)")
        }
        // The same seed draws the same curves.
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        #expect(PianoScribeNetwork.randomEqualiser(bins: 229, maxDB: 6, rng: &a) == PianoScribeNetwork.randomEqualiser(bins: 229, maxDB: 6, rng: &b))
    }

    @Test func theCurveIsAddedPerBinAndFloored() {
        // Two frames of three bins; gain 1, tilt 2 (-1, 0, +1), curve (5, 0, -200).
        var x: [Float] = [-10, -20, -30, -40, -50, -99]
        PianoScribeNetwork.augment(&x, range: 0..<6, bins: 3, gain: 1, tilt: 2, curve: [5, 0, -200])
        #expect(x == [-5, -19, -100, -35, -49, -100])
        var plain: [Float] = [-10, -20, -30]
        PianoScribeNetwork.augment(&plain, range: 0..<3, bins: 3, gain: 1, tilt: 2)
        #expect(plain == [-10, -19, -28])
    }

    @Test func oldCheckpointsHaveNoEqualiser() throws {
        // An options record written before the option existed decodes with none.
        let encoded = try JSONEncoder().encode(PianoScribeTrainingOptions())
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object["eqDB"] = nil
        let old = try JSONDecoder().decode(PianoScribeTrainingOptions.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.eqDB == nil)
    }
}
