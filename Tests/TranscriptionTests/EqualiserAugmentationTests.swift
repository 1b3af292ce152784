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

/// The noise augmentation (`PianoScribeTrainingOptions.noiseDB`): a noise floor's power added to
/// each cell's.
@Suite struct NoiseAugmentationTests {
    @Test func noiseAddsPowerAndFillsSilence() {
        var rng = SeededGenerator(seed: 2)
        // Two frames of three bins: silence, a cell at the noise level, a loud cell.
        var x: [Float] = [-100, -40, 0, -100, -40, 0]
        PianoScribeNetwork.addNoise(&x, range: 0..<6, bins: 3, levelDB: -40, tiltDB: 0, rng: &rng)
        for i in [0, 3] { #expect(x[i] >= -40 - 3.02 && x[i] <= -40 + 1.77, "\(x[i])") }          // 0.5...1.5 of -40 dB
        for i in [1, 4] { #expect(x[i] >= -40 + 1.76 && x[i] <= -40 + 3.98, "\(x[i])") }          // doubled, give or take
        for i in [2, 5] { #expect(x[i] > 0 && x[i] < 0.001, "\(x[i])") }                          // 40 dB above: unchanged
        // A tilt of 20 dB: the first bin 10 dB below the level, the last 10 dB above.
        var y = [Float](repeating: -100, count: 3)
        PianoScribeNetwork.addNoise(&y, range: 0..<3, bins: 3, levelDB: -50, tiltDB: 20, rng: &rng)
        #expect(y[0] >= -63.02 && y[0] <= -58.23 && y[2] >= -43.02 && y[2] <= -38.23, "\(y)")
        // Only the range is touched.
        var z: [Float] = [-100, -100, -100, -100]
        PianoScribeNetwork.addNoise(&z, range: 2..<4, bins: 2, levelDB: -30, tiltDB: 0, rng: &rng)
        #expect(z[0] == -100 && z[1] == -100 && z[2] > -34 && z[3] > -34)
    }
}
