import Foundation

/// What `LoopsEvaluation.run` measured on held-out 2-bar windows (MusicVAE's measures, Roberts et
/// al. 2018), beside the trivial baselines, as a Codable report.
public struct LoopsEvaluationReport: Codable, Hashable, Sendable {
    public var kind: LoopKind
    public var corpus: String
    /// How the scored tunes or grooves were chosen (the held-out part, or with `--part validation`
    /// the validation share of the training side), how many there were, and the windows they gave.
    public var split: String
    public var heldOutItems: Int
    public var windows: Int
    public var steps: Int
    /// Greedy decoding of the encoder mean: the share of steps equal to the input.
    public var freeRunningAccuracy: Double
    /// The decoder fed the true previous steps (from the mean): the share of steps whose most
    /// likely class is the true one; and its nats per step.
    public var teacherForcedAccuracy: Double
    public var teacherForcedNatsPerStep: Double
    /// Note F1 of the free-running reconstructions (a note counts when its step and pitch, or
    /// drum, match), with precision and recall.
    public var noteF1: Double
    public var notePrecision: Double
    public var noteRecall: Double
    /// The "always hold" (melody) / "all rest" (drums) baseline: every step the silent class 0.
    /// Its note F1 is 0.
    public var silentBaselineAccuracy: Double
    public var silentBaselineName: String
    /// KL of the encoder's Gaussian from the prior, per window, in bits (mean, median).
    public var klBitsMean: Double
    public var klBitsMedian: Double
    /// The interpolation test, when there were pairs.
    public var interpolation: LoopInterpolationReport?
    /// Encoding 4 corners and decoding a 6 x 6 grid greedily, median milliseconds of 5 runs.
    public var gridMilliseconds: Double
    public var parameters: Int

    /// The report as text lines.
    public func text() -> String {
        var lines: [String] = []
        func pct(_ x: Double) -> String { String(format: "%.3f", x) }
        lines.append("\(kind.rawValue) loops on \(corpus) (\(split)): \(windows) 2-bar windows of \(heldOutItems) \(kind == .melody ? "tunes" : "grooves"), \(steps) steps; model \(parameters) parameters")
        lines.append("measure                       model    \(silentBaselineName)")
        lines.append("free-running accuracy         \(pct(freeRunningAccuracy))    \(pct(silentBaselineAccuracy))")
        lines.append("teacher-forced accuracy       \(pct(teacherForcedAccuracy))    \(pct(silentBaselineAccuracy))")
        lines.append("note F1 (precision, recall)   \(pct(noteF1)) (\(pct(notePrecision)), \(pct(noteRecall)))    0")
        lines.append(String(format: "teacher-forced NLL            %.3f nats/step", teacherForcedNatsPerStep))
        lines.append(String(format: "KL per window                 %.1f bits (median %.1f)", klBitsMean, klBitsMedian))
        if let i = interpolation { lines += i.textLines() }
        lines.append(String(format: "speed: 4 encodes + 6x6 greedy decode in %.0f ms", gridMilliseconds))
        return lines.joined(separator: "\n")
    }
}

/// The interpolation test of `LoopsEvaluation`: pairs of held-out windows, slerp paths with 7
/// inner steps.
public struct LoopInterpolationReport: Codable, Hashable, Sendable {
    public var pairs: Int
    public var innerSteps: Int
    /// Share of paths whose distance from A never falls by more than one step's worth
    /// (`LoopMetrics.isSmooth`).
    public var smoothShare: Double
    /// Melody with an LSTM: pairs scored (both midpoints have notes), the share where the latent
    /// midpoint is likelier per step than the data-space mix, and the mean nats per step of the
    /// latent midpoints, the mixes and the endpoints (the real windows A and B).
    public var scoredPairs: Int?
    public var latentBeatsMixShare: Double?
    public var latentMidpointNatsPerStep: Double?
    public var mixedMidpointNatsPerStep: Double?
    public var endpointNatsPerStep: Double?
    /// How the data-space mix is made.
    public var mixing: String?

    func textLines() -> [String] {
        var lines = [String(format: "interpolation: %d pairs, %d inner steps: %.0f%% of paths smooth (never back towards A by more than a step's worth)",
                            pairs, innerSteps, smoothShare * 100)]
        if let n = scoredPairs, let share = latentBeatsMixShare, let l = latentMidpointNatsPerStep, let m = mixedMidpointNatsPerStep,
           let e = endpointNatsPerStep {
            lines.append(String(format: "midpoints under the melody LSTM (%d pairs): latent %.3f, data-space mix %.3f, endpoints %.3f nats/step; latent likelier than the mix on %.0f%%; latent vs endpoints %+.1f%%",
                                n, l, m, e, share * 100, (l - e) / e * 100))
        }
        return lines
    }
}
