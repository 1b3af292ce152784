import Foundation
import ModelKit
import Music
import Representations

extension LoopsEvaluation {
    /// Slerp paths between `pairs` seeded pairs of windows of one length (each window's code in
    /// `codes`): the share of smooth paths, and (melody, with `lstm`) the midpoint test of MusicVAE:
    /// the latent midpoint (decoded greedily) against the data-space mix (each step taken from A or
    /// B by a seeded coin), both scored per step by the LSTM, beside the real endpoints.
    static func interpolationTest(model: LoopsModel, windows: [Window], codes: [[Float]], lstm: RNNMelodyModel?, pairs: Int,
                                  innerSteps: Int, seed: UInt64) -> LoopInterpolationReport? {
        var rng = SeededGenerator(seed: seed)
        var byLength: [Int: [Int]] = [:]
        for (i, w) in windows.enumerated() { byLength[w.events.count, default: []].append(i) }
        let lengths = byLength.filter { $0.value.count >= 2 }.keys.sorted()
        guard !lengths.isEmpty else { return nil }
        let pool = lengths.flatMap { byLength[$0]! }
        var chosen: [(Int, Int)] = []
        while chosen.count < pairs {
            let a = pool[Int(rng.next() % UInt64(pool.count))]
            let group = byLength[windows[a].events.count]!
            let b = group[Int(rng.next() % UInt64(group.count))]
            if a != b { chosen.append((a, b)) }
        }
        let count = innerSteps + 2
        var smooth = 0
        var latentNats: [Double] = [], mixedNats: [Double] = [], endNats: [Double] = []
        var wins = 0
        for (a, b) in chosen {
            let path = model.interpolate(codes[a], codes[b], count: count)
            let decoded = model.decode(path, steps: windows[a].events.count)
            if LoopMetrics.isSmooth(decoded) { smooth += 1 }
            guard model.kind == .melody, let lstm else { continue }
            let mid = decoded[count / 2]
            let mix = zip(windows[a].events, windows[b].events).map { rng.next() % 2 == 0 ? $0 : $1 }
            let w = windows[a]
            guard let l = natsPerStep(mid, window: w, lstm: lstm), let m = natsPerStep(mix, window: w, lstm: lstm),
                  let ea = natsPerStep(windows[a].events, window: w, lstm: lstm),
                  let eb = natsPerStep(windows[b].events, window: windows[b], lstm: lstm) else { continue }
            latentNats.append(l); mixedNats.append(m); endNats.append((ea + eb) / 2)
            if l < m { wins += 1 }
        }
        func mean(_ x: [Double]) -> Double? { x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }
        let scored = latentNats.count
        return LoopInterpolationReport(
            pairs: chosen.count, innerSteps: innerSteps, smoothShare: Double(smooth) / Double(chosen.count),
            scoredPairs: lstm == nil || model.kind != .melody ? nil : scored,
            latentBeatsMixShare: scored > 0 ? Double(wins) / Double(scored) : nil,
            latentMidpointNatsPerStep: mean(latentNats), mixedMidpointNatsPerStep: mean(mixedNats), endpointNatsPerStep: mean(endNats),
            mixing: lstm == nil || model.kind != .melody ? nil : "each step from A or B by a seeded coin")
    }

    /// The melody LSTM's nats per step of a loop's melody (in the window's key, from its first
    /// note); nil for a loop with no note.
    static func natsPerStep(_ events: [Int32], window: Window, lstm: RNNMelodyModel) -> Double? {
        let stepEvents = events.map { StepEvent(id: Int($0)) ?? .noEvent }
        guard let first = stepEvents.firstIndex(where: { if case .noteOn = $0 { return true } else { return false } }) else { return nil }
        let tokens = StepEventEncoding.tokens(of: Array(stepEvents[first...]), key: window.key)
        let tune = EncodedTune(name: "loop", key: window.key, meter: window.meter, startPosition: first % window.meter.stepsPerBar, tokens: tokens)
        guard tune.steps > 0 else { return nil }
        return -lstm.logProbability(of: tune) / Double(tune.steps)
    }
}
