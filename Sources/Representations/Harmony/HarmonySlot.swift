import ModelKit
import Music

/// A span of a score that takes one chord: a beat or a group of beats, on the score's tick axis.
public struct HarmonySlot: Hashable, Sendable {
    /// Start tick (inclusive).
    public var start: Int
    /// End tick (exclusive).
    public var end: Int
    /// 0-based bar number (bars counted from tick 0).
    public var bar: Int
    /// Whether the slot starts its bar.
    public var isBarStart: Bool
    /// Length in beats (`Meter.beatSteps` of the slot's meter).
    public var beats: Int
    /// Ticks of one unit of the time signature's denominator (a quarter in x/4, an eighth in x/8):
    /// the pulse an accompaniment pattern plays on.
    public var unitTicks: Int
    /// Ticks of one beat (`Meter.beatSteps`).
    public var beatTicks: Int

    public init(start: Int, end: Int, bar: Int, isBarStart: Bool, beats: Int, unitTicks: Int, beatTicks: Int) {
        self.start = start
        self.end = end
        self.bar = bar
        self.isBarStart = isBarStart
        self.beats = beats
        self.unitTicks = unitTicks
        self.beatTicks = beatTicks
    }

    /// How many chords a bar gets.
    public enum Grid: Hashable, Sendable {
        /// One chord per beat (a dotted quarter in 6/8, 9/8, 12/8; a quarter in x/4; a half in x/2).
        case beat
        /// `n` chords per bar: the bar's beats split into `n` groups, the earlier groups longer when
        /// they do not divide evenly (3/4 in two: 2 beats + 1); at most one chord per beat.
        case perBar(Int)
    }

    /// The slots from tick 0 to `endTick` (the last slot may be cut short), bars laid from tick 0
    /// by the time signatures (4/4 when there are none; a signature that is not a whole number of
    /// 16th notes counts as 4/4; a change takes effect at the next bar line at or after it).
    /// - Parameters:
    ///   - timeSignatures: sorted by tick.
    ///   - ticksPerQuarter: the score's PPQN.
    public static func slots(timeSignatures: [TimeSignature], ticksPerQuarter: Int, endTick: Int, grid: Grid) -> [HarmonySlot] {
        guard endTick > 0, ticksPerQuarter > 0 else { return [] }
        var slots: [HarmonySlot] = []
        var tick = 0, bar = 0, signatureIndex = 0
        var meter = Meter.common
        while tick < endTick {
            while signatureIndex < timeSignatures.count && timeSignatures[signatureIndex].tick <= tick {
                let t = timeSignatures[signatureIndex]
                meter = (try? Meter(t.numerator, t.denominator)) ?? .common
                signatureIndex += 1
            }
            let beatTicks = meter.beatSteps * ticksPerQuarter / 4
            let barTicks = meter.stepsPerBar * ticksPerQuarter / 4
            let beatsPerBar = max(1, barTicks / max(beatTicks, 1))
            var groups: [Int]
            switch grid {
            case .beat:
                groups = Array(repeating: 1, count: beatsPerBar)
            case .perBar(let n):
                let count = min(max(n, 1), beatsPerBar)
                groups = (0..<count).map { beatsPerBar / count + ($0 < beatsPerBar % count ? 1 : 0) }
            }
            var start = tick
            for (i, beats) in groups.enumerated() {
                let end = i == groups.count - 1 ? tick + barTicks : start + beats * beatTicks
                if start < endTick {
                    slots.append(HarmonySlot(start: start, end: min(end, endTick), bar: bar, isBarStart: i == 0, beats: beats,
                                              unitTicks: max(1, 4 * ticksPerQuarter / meter.denominator), beatTicks: max(1, beatTicks)))
                }
                start = end
            }
            tick += barTicks
            bar += 1
        }
        return slots
    }
}
