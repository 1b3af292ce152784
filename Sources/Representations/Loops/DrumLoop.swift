import ModelKit
import Music

/// A 2-bar drum loop on the 16th-note grid: one step set per step (`DrumHits.rawValue`, the
/// 512-way class of the 9 drum classes, as MusicVAE's 2-bar drum models, Roberts et al. 2018),
/// `2 x meter.stepsPerBar` steps (32 in 4/4, 24 in 3/4 and 6/8).
public struct DrumLoop: Hashable, Sendable {
    /// One class id (`DrumHits.rawValue`, 0 ..< 512) per step.
    public var steps: [Int32]
    /// The meter whose two bars the loop spans.
    public var meter: Meter

    public init(steps: [Int32], meter: Meter) {
        self.steps = steps
        self.meter = meter
    }

    /// Hits (drum strokes) in the loop.
    public var hitCount: Int { steps.reduce(0) { $0 + DrumHits(rawValue: Int($1)).count } }

    /// The loop as a groove (velocity 90 for every hit).
    public var groove: DrumGroove { DrumGroove(meter: meter, steps: steps.map { DrumHits(rawValue: Int($0)) }) }

    /// The loops of a groove: every 2-bar window from a bar line, `hopBars` bars apart, with at
    /// least `minimumHits` hits.
    public static func windows(of groove: DrumGroove, hopBars: Int = 1, minimumHits: Int = 4) -> [DrumLoop] {
        let bar = groove.meter.stepsPerBar, length = MelodyLoop.bars * bar
        var loops: [DrumLoop] = []
        var start = 0
        while start + length <= groove.steps.count {
            let loop = DrumLoop(steps: groove.steps[start ..< start + length].map { Int32($0.rawValue) }, meter: groove.meter)
            if loop.hitCount >= minimumHits { loops.append(loop) }
            start += hopBars * bar
        }
        return loops
    }
}

/// A 2-bar drum loop read from any score: its channel-10 notes quantized as drum primers are
/// (`DrumGrid.groove(of:...)`), the two bars from the bar line before the first hit.
public struct DrumLoopReading: Hashable, Sendable {
    public var loop: DrumLoop
    /// What quantizing did (notes read, unmapped, merged, off the grid, tracks).
    public var quantization: DrumQuantizationReport
    /// The bar (from 0) where the loop starts.
    public var firstBar: Int
    /// Hits of the groove before and after the two bars taken (not in the loop).
    public var hitsOutside: Int
    /// The groove's own meter (the file's; the loop's differs when `read` was given another).
    public var grooveMeter: Meter

    /// Reads the loop of `score`'s drums (with `track`, that track's; `channel` 0-based, 10's by
    /// default): two bars of the groove's meter from the bar line before the first hit, or with
    /// `meter` the steps of two bars of that meter from the same bar line (the loop then has `meter`).
    /// - Throws: as `DrumGrid.groove(of:name:maxBars:track:channel:)`.
    public static func read(from score: Score, track: Int? = nil, channel: UInt8 = DrumGrid.channel, meter: Meter? = nil) throws -> DrumLoopReading {
        let (groove, report) = try DrumGrid.groove(of: score, track: track, channel: channel)
        let bar = groove.meter.stepsPerBar, length = MelodyLoop.steps(in: meter ?? groove.meter)
        let first = groove.steps.firstIndex { !$0.isEmpty } ?? 0
        let start = first / bar * bar
        var steps = (start ..< start + length).map { $0 < groove.steps.count ? Int32(groove.steps[$0].rawValue) : 0 }
        if steps.count < length { steps += [Int32](repeating: 0, count: length - steps.count) }
        let loop = DrumLoop(steps: steps, meter: meter ?? groove.meter)
        let total = groove.steps.reduce(0) { $0 + $1.count }
        return DrumLoopReading(loop: loop, quantization: report, firstBar: start / bar, hitsOutside: total - loop.hitCount,
                               grooveMeter: groove.meter)
    }
}
