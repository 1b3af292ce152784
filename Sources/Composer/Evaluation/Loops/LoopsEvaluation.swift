import Foundation
import ModelKit
import Music
import Representations

/// `compose evaluate loops`: a loops model on held-out 2-bar windows, MusicVAE's measures
/// (Roberts et al. 2018) beside the silent baseline (`LoopsEvaluationReport`).
public enum LoopsEvaluation {
    /// A held-out window and what the melody LSTM needs to score it (key, meter).
    public struct Window: Sendable {
        public var events: [Int32]
        public var key: Key
        public var meter: Meter
        public init(events: [Int32], key: Key, meter: Meter) {
            self.events = events
            self.key = key
            self.meter = meter
        }
    }

    /// Which tunes or grooves of a cut corpus are scored.
    public enum Part: String, Sendable, CaseIterable {
        /// The held-out ones, never trained on (the figures reported).
        case heldOut = "held-out"
        /// The validation share of the training side (the one that picks the epoch): for comparing
        /// settings without looking at the held-out part.
        case validation
    }

    /// The windows of `part` of a cut corpus: melody windows of its tunes (2 bars apart, with each
    /// tune's key), or its drum windows (as cut, `hopBars` apart).
    public static func windows(of corpus: LoopsCorpus, part: Part = .heldOut) -> [Window] {
        switch corpus.kind {
        case .melody:
            return (part == .heldOut ? corpus.heldOutTunes : corpus.validationTunes).flatMap { tune in
                MelodyLoop.windows(of: tune, hopBars: 2).map { Window(events: $0.events, key: tune.key, meter: $0.meter) }
            }
        case .drums:
            return (part == .heldOut ? corpus.heldOut : corpus.validation).map {
                Window(events: $0, key: Key(tonic: 0, mode: .major), meter: Meter.common)
            }
        }
    }

    /// Measures `model` on `windows`. `lstm` (melody) scores interpolation midpoints; `pairs`
    /// pairs of windows of one length are drawn with `seed`.
    /// - Throws: `EvaluationError.nothingHeldOut` without windows.
    public static func run(model: LoopsModel, windows: [Window], corpus: String, split: String, heldOutItems: Int,
                           lstm: RNNMelodyModel?, pairs: Int = 100, innerSteps: Int = 7, seed: UInt64 = 1) throws -> LoopsEvaluationReport {
        let kind = model.kind, Z = model.vae.shape.latentSize
        var greedy = SeededGenerator(seed: 0)  // greedy decoding draws nothing
        guard !windows.isEmpty else { throw EvaluationError.nothingHeldOut(kind: kind == .melody ? "tune" : "groove") }
                var same = 0, steps = 0, tfCorrect = 0, tfNats = 0.0, silent = 0
        var right = 0, predicted = 0, actual = 0
        var kl: [Double] = []
        var codes = [[Float]](repeating: [], count: windows.count)
        var reconstructions = [[Int32]](repeating: [], count: windows.count)
        var byLength: [Int: [Int]] = [:]
        for (i, w) in windows.enumerated() { byLength[w.events.count, default: []].append(i) }
        for length in byLength.keys.sorted() {
            let all = byLength[length]!
            for start in stride(from: 0, to: all.count, by: 256) {
                let indices = Array(all[start ..< min(start + 256, all.count)])
                let batch = indices.map { windows[$0].events }
                let (mean, scale) = model.vae.encode(batch)
                kl += LoopMetrics.klBits(mean: mean, scale: scale, latent: Z)
                let decoded = model.vae.decode(mean, batch: batch.count, steps: length, rng: &greedy)
                let m = LoopMetrics.matchingSteps(decoded, batch)
                same += m.same; steps += m.steps
                let n = LoopMetrics.noteCounts(decoded, batch, kind: kind)
                right += n.right; predicted += n.predicted; actual += n.actual
                for s in model.vae.teacherForcedScores(batch, z: mean) { tfCorrect += s.correct; tfNats += s.nats }
                silent += batch.reduce(0) { $0 + $1.filter { $0 == kind.silentClass }.count }
                for (row, i) in indices.enumerated() {
                    codes[i] = Array(mean[(row * Z) ..< ((row + 1) * Z)])
                    reconstructions[i] = decoded[row]
                }
            }
        }
        let sortedKL = kl.sorted()
        let interpolation = interpolationTest(model: model, windows: windows, codes: codes, lstm: lstm, pairs: pairs,
                                              innerSteps: innerSteps, seed: seed)
        return LoopsEvaluationReport(
            kind: kind, corpus: corpus, split: split, heldOutItems: heldOutItems, windows: windows.count, steps: steps,
            freeRunningAccuracy: Double(same) / Double(steps), teacherForcedAccuracy: Double(tfCorrect) / Double(steps),
            teacherForcedNatsPerStep: tfNats / Double(steps), noteF1: LoopMetrics.f1(right: right, predicted: predicted, actual: actual),
            notePrecision: predicted > 0 ? Double(right) / Double(predicted) : 0, noteRecall: actual > 0 ? Double(right) / Double(actual) : 0,
            silentBaselineAccuracy: Double(silent) / Double(steps), silentBaselineName: kind == .melody ? "always hold" : "all rest",
            klBitsMean: kl.reduce(0, +) / Double(kl.count), klBitsMedian: sortedKL[sortedKL.count / 2],
            interpolation: interpolation, gridMilliseconds: gridSpeed(model: model, windows: windows), parameters: model.vae.parameterCount)
    }

    /// Median milliseconds of 5 runs of: encode 4 windows, decode a 6 x 6 grid between them.
    static func gridSpeed(model: LoopsModel, windows: [Window]) -> Double {
        let length = windows[0].events.count
        let corners = Array(windows.filter { $0.events.count == length }.prefix(4)).map(\.events)
        let four = corners.count == 4 ? corners : Array(repeating: windows[0].events, count: 4)
        var times: [Double] = []
        for _ in 0..<5 {
            let started = Date()
            let codes = model.encode(four)
            _ = model.decode(model.grid(corners: codes, size: 6), steps: length)
            times.append(Date().timeIntervalSince(started) * 1000)
        }
        return times.sorted()[2]
    }
}
