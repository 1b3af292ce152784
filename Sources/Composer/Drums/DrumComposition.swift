import ModelKit
import Representations
import Foundation
import Music

/// What to compose: a groove of `bars` bars of `meter`, optionally continuing a primer.
public struct DrumCompositionRequest: Hashable, Sendable {
    /// Length in bars (1-1000), primer included.
    public var bars: Int
    /// The meter of every bar (its steps per bar: 16 in 4/4, 12 in 3/4 and 6/8).
    public var meter: Meter
    /// Seed of the sampler: the same request and seed compose the same groove.
    public var seed: UInt64
    /// Sampling temperature (> 0): weights `P^(1/T)`.
    public var temperature: Double
    /// Nucleus (top-p) cut, `0 < topP <= 1` (1 = off).
    public var topP: Double
    /// Whether hits get drawn velocities and timing offsets (`DrumPerformance.sample`) instead of
    /// the mean velocity on the grid; the primer then keeps its own offsets too.
    public var humanize: Bool
    /// The bars the groove starts with, kept as given (same meter); nil to start from nothing
    /// (or from `arrangement`).
    public var primer: DrumGroove?
    /// Without a primer, how the groove is laid out (`DrumOpenings.arrangement`): its opening
    /// is bar 1, its fills are played in their bars, and every other bar keeps the opening's time
    /// (`DrumGrooveKeeper`: a time-keeper where the opening strikes one, toms only where it has
    /// them, a crash only on a downbeat, and a crash on the downbeat after each fill). 4/4 only.
    /// Nil: the model samples freely from nothing or from the primer.
    public var arrangement: DrumArrangement?

    public init(bars: Int, meter: Meter = .common, seed: UInt64, temperature: Double = 1, topP: Double = 1, humanize: Bool = false,
                primer: DrumGroove? = nil, arrangement: DrumArrangement? = nil) {
        self.bars = bars
        self.meter = meter
        self.seed = seed
        self.temperature = temperature
        self.topP = topP
        self.humanize = humanize
        self.primer = primer
        self.arrangement = arrangement
    }
}

extension DrumStepModel {
    /// Composes a groove: the primer's bars as given (velocities kept; offsets kept only with
    /// humanize), then one step set per 16th-note step drawn from the model's distribution given
    /// everything before it (temperature, then nucleus), until `bars` bars; without a primer, an
    /// `arrangement` gives bar 1 and the fill bars and keeps the other bars in time
    /// (`DrumGrooveKeeper`). The generated hits (the arrangement's included) get
    /// velocities (and with humanize, offsets) from `performance`. Deterministic for a seed (and
    /// OpenBLAS thread count): the steps come from `SeededGenerator(seed)`, the performance from a
    /// second generator, so humanize does not change which drums are struck.
    /// - Throws: `ParameterError` for bars, temperature or top-p outside `CompositionLimits`, or a
    ///   meter of more than 16 steps per bar; `ComposerError.primerMeterMismatch` for a primer in
    ///   another meter (or an arrangement, always 4/4, for a groove in another meter),
    ///   `ComposerError.primerFillsGroove` for a primer not shorter than the groove (or an
    ///   arrangement for a groove of one bar).
    public func compose(_ request: DrumCompositionRequest) throws -> DrumGroove {
        try CompositionLimits.checkBars(request.bars)
        try CompositionLimits.checkTemperature(request.temperature)
        try CompositionLimits.checkTopP(request.topP)
        try DrumGrid.checkSupported(request.meter)
        let bar = request.meter.stepsPerBar
        var history: [Int] = []
        var notes: [DrumNote] = []
        if let primer = request.primer {
            guard primer.meter == request.meter else {
                throw ComposerError.primerMeterMismatch(primer: primer.meter, groove: request.meter)
            }
            guard primer.bars < request.bars else {
                throw ComposerError.primerFillsGroove(primerBars: primer.bars, grooveBars: request.bars)
            }
            history = primer.ids
            notes = primer.notes.map { var n = $0; if !request.humanize { n.offset = 0 }; return n }
        }
        var keeper: DrumGrooveKeeper?
        if let arrangement = request.arrangement, request.primer == nil {
            guard request.meter == .common else { throw ComposerError.primerMeterMismatch(primer: .common, groove: request.meter) }
            guard request.bars > 1 else { throw ComposerError.primerFillsGroove(primerBars: 1, grooveBars: request.bars) }
            keeper = DrumGrooveKeeper(grooveBar: arrangement.opening, fills: arrangement.fills, crashBars: arrangement.crashBars)
            history = arrangement.opening
        }
        // The opening is played as generated (performed below); a primer keeps its own notes.
        let start = request.primer == nil ? 0 : history.count
        let total = request.bars * bar
        var rng = SeededGenerator(seed: request.seed)
        var predictor = predictor(meter: request.meter)
        for t in history.count..<total {
            if let step = keeper?.fillStep(at: t) {
                history.append(step)
                continue
            }
            var p = predictor.next(history)
            if let keeper { p = keeper.constrain(p, at: t) }
            history.append(drawTempered(p, temperature: request.temperature, topP: request.topP, rng: &rng))
        }
        var performanceRNG = SeededGenerator(seed: request.seed ^ 0x5EED_D2D5)
        notes += performance.perform(history.map { DrumHits(rawValue: $0) }, from: start, stepsPerBar: bar, humanize: request.humanize,
                                     rng: &performanceRNG)
        return DrumGroove(name: label, meter: request.meter, bars: request.bars, notes: notes)
    }
}

extension DrumGroove {
    /// The groove as a score: PPQN `ticksPerQuarter`, a tempo and time signature at tick 0, one
    /// part "Drums" on channel 10 (`DrumGrid.notes`).
    public func score(tempo: Double, ticksPerQuarter: Int = 480, humanize: Bool) -> Score {
        Score(ticksPerQuarter: ticksPerQuarter,
              parts: [Part(name: "Drums", notes: DrumGrid.notes(of: self, ticksPerQuarter: ticksPerQuarter, humanize: humanize))],
              tempoChanges: [TempoChange(tick: 0, bpm: tempo)],
              timeSignatures: [TimeSignature(tick: 0, numerator: meter.numerator, denominator: meter.denominator)])
    }
}
