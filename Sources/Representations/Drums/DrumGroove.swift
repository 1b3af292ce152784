import ModelKit
import Music
/// One struck drum in a groove: the 16th-note step it is quantized to, its class, its note-on
/// velocity and how far from the step it was played.
public struct DrumNote: Hashable, Sendable, Codable {
    /// Step (16th note) from the groove's first bar line.
    public var step: Int
    public var drum: DrumClass
    /// Note-on velocity 1-127.
    public var velocity: UInt8
    /// Timing offset from the step, in steps: -0.5 (a 32nd early) ..< 0.5 (a 32nd late); 0 on the grid.
    public var offset: Double

    public init(step: Int, drum: DrumClass, velocity: UInt8, offset: Double = 0) {
        self.step = step
        self.drum = drum
        self.velocity = velocity
        self.offset = offset
    }
}

/// A drum groove on the 16th-note grid: one `DrumHits` event per step (the set of classes struck),
/// plus each hit's velocity and timing offset, so it can be played back as quantized or as played.
///
/// Steps count from the first bar line (step 0 is a downbeat); the groove lasts `steps.count` steps,
/// a whole number of bars of `meter`.
public struct DrumGroove: Hashable, Sendable {
    /// A label (the file path relative to the corpus folder, "primer", ...).
    public var name: String
    public var meter: Meter
    /// The set of classes struck at each step.
    public private(set) var steps: [DrumHits]
    /// The hits, sorted by step then class, at most one per (step, class).
    public private(set) var notes: [DrumNote]

    /// A groove of `bars` bars from hits; a second hit of a class on a step replaces the first
    /// only when louder. Hits outside the bars are dropped.
    public init(name: String = "", meter: Meter = .common, bars: Int, notes: [DrumNote]) {
        self.name = name
        self.meter = meter
        let count = max(0, bars) * meter.stepsPerBar
        var steps = [DrumHits](repeating: [], count: count)
        var kept: [Int: DrumNote] = [:]
        for n in notes where (0..<count).contains(n.step) {
            let key = n.step * DrumClass.count + n.drum.rawValue
            if let old = kept[key], old.velocity >= n.velocity { continue }
            kept[key] = n
            steps[n.step].insert(n.drum)
        }
        self.steps = steps
        self.notes = kept.keys.sorted().map { kept[$0]! }
    }

    /// A groove from step sets only, every hit on the grid at `velocity`.
    public init(name: String = "", meter: Meter = .common, steps: [DrumHits], velocity: UInt8 = 90) {
        let bars = (steps.count + meter.stepsPerBar - 1) / meter.stepsPerBar
        let notes = steps.enumerated().flatMap { t, hits in hits.classes.map { DrumNote(step: t, drum: $0, velocity: velocity) } }
        self.init(name: name, meter: meter, bars: bars, notes: notes)
    }

    /// Number of whole bars.
    public var bars: Int { steps.count / max(meter.stepsPerBar, 1) }

    /// The step-set ids (0-511) of every step.
    public var ids: [Int] { steps.map(\.rawValue) }

    /// The steps of bar `b` (0-based).
    public func bar(_ b: Int) -> ArraySlice<DrumHits> {
        let n = meter.stepsPerBar
        return steps[(b * n)..<min((b + 1) * n, steps.count)]
    }

    /// The bars `range` as a groove of their own (steps renumbered from 0).
    public func bars(_ range: Range<Int>) -> DrumGroove {
        let n = meter.stepsPerBar
        let lo = range.lowerBound * n, hi = range.upperBound * n
        let kept = notes.filter { $0.step >= lo && $0.step < hi }.map { var x = $0; x.step -= lo; return x }
        return DrumGroove(name: name, meter: meter, bars: range.count, notes: kept)
    }
}
