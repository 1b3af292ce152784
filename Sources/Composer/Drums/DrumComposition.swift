import ModelKit
import Representations
import Foundation
import Music

/// What to compose: a groove of `bars` bars of `meter`, optionally continuing a primer.
public struct DrumCompositionRequest: Hashable, Sendable {
    /// Length in bars (1-1000), primer included.
    public var bars: Int
    public var meter: Meter
    public var seed: UInt64
    /// Sampling temperature (> 0): weights `P^(1/T)`.
    public var temperature: Double
    /// Nucleus (top-p) cut, `0 < topP <= 1` (1 = off).
    public var topP: Double
    /// Whether hits get drawn velocities and timing offsets (`DrumPerformance.sample`) instead of
    /// the mean velocity on the grid; the primer then keeps its own offsets too.
    public var humanize: Bool
    /// The bars the groove starts with, kept as given (same meter); nil to start from nothing.
    public var primer: DrumGroove?
    /// Whether the generated bars keep the primer's time (`DrumGrooveKeeper`): when the primer's
    /// last bar strikes a hi-hat or ride on at least 4 steps, every bar but those before a 4-bar
    /// boundary (the fill bars 4, 8, ...) strikes a time-keeper where it does, plays
    /// toms only where it has them, a crash only on a downbeat or where it has one. No effect
    /// without a primer. Off by default.
    public var keepsTime: Bool

    public init(bars: Int, meter: Meter = .common, seed: UInt64, temperature: Double = 1, topP: Double = 1, humanize: Bool = false,
                primer: DrumGroove? = nil, keepsTime: Bool = false) {
        self.bars = bars
        self.meter = meter
        self.seed = seed
        self.temperature = temperature
        self.topP = topP
        self.humanize = humanize
        self.primer = primer
        self.keepsTime = keepsTime
    }
}

extension DrumStepModel {
    /// Composes a groove: the primer's bars as given (velocities kept; offsets kept only with
    /// humanize), then one step set per 16th-note step drawn from the model's distribution given
    /// everything before it (temperature, then nucleus; kept in time by `DrumGrooveKeeper` when
    /// `keepsTime`), until `bars` bars; the generated hits get
    /// velocities (and with humanize, offsets) from `performance`. Deterministic for a seed (and
    /// OpenBLAS thread count): the steps come from `SeededGenerator(seed)`, the performance from a
    /// second generator, so humanize does not change which drums are struck.
    /// - Throws: `ParameterError` for bars, temperature or top-p outside `CompositionLimits`, or a
    ///   meter of more than 16 steps per bar; `ComposerError.primerMeterMismatch` for a primer in
    ///   another meter, `ComposerError.primerFillsGroove` for one not shorter than the groove.
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
        let start = history.count
        let total = request.bars * bar
        var rng = SeededGenerator(seed: request.seed)
        var predictor = predictor(meter: request.meter)
        let keeper = request.keepsTime && start >= bar ? DrumGrooveKeeper(grooveBar: Array(history[(start - bar)..<start])) : nil
        for t in start..<total {
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
