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

    public init(bars: Int, meter: Meter = .common, seed: UInt64, temperature: Double = 1, topP: Double = 1, humanize: Bool = false,
                primer: DrumGroove? = nil) {
        self.bars = bars
        self.meter = meter
        self.seed = seed
        self.temperature = temperature
        self.topP = topP
        self.humanize = humanize
        self.primer = primer
    }
}

extension DrumStepModel {
    /// Composes a groove: the primer's bars as given (velocities kept; offsets kept only with
    /// humanize), then one step set per 16th-note step drawn from the model's distribution given
    /// everything before it (temperature, then nucleus), until `bars` bars; the generated hits get
    /// velocities (and with humanize, offsets) from `performance`. Deterministic for a seed (and
    /// OpenBLAS thread count): the steps come from `SeededGenerator(seed)`, the performance from a
    /// second generator, so humanize does not change which drums are struck.
    /// - Throws: `ComposerError.invalidArgument` for bars outside 1...1000, a temperature <= 0, a
    ///   top-p outside (0, 1], a meter of more than 16 steps per bar, a primer in another meter or
    ///   not shorter than the groove.
    public func compose(_ request: DrumCompositionRequest) throws -> DrumGroove {
        guard (1...1000).contains(request.bars) else { throw ComposerError.invalidArgument("bars \(request.bars) is outside 1...1000") }
        guard request.temperature.isFinite, request.temperature > 0 else {
            throw ComposerError.invalidArgument("temperature \(request.temperature) must be a positive number")
        }
        guard request.topP > 0 && request.topP <= 1 else { throw ComposerError.invalidArgument("topP \(request.topP) must be in 0 < topP <= 1") }
        try DrumGrid.checkSupported(request.meter)
        let bar = request.meter.stepsPerBar
        var history: [Int] = []
        var notes: [DrumNote] = []
        if let primer = request.primer {
            guard primer.meter == request.meter else {
                throw ComposerError.invalidArgument("the primer is in \(primer.meter), the groove in \(request.meter)")
            }
            guard primer.bars < request.bars else {
                throw ComposerError.invalidArgument("the primer has \(primer.bars) bar(s); the groove (\(request.bars) bars) must be longer")
            }
            history = primer.ids
            notes = primer.notes.map { var n = $0; if !request.humanize { n.offset = 0 }; return n }
        }
        let start = history.count
        let total = request.bars * bar
        var rng = SeededGenerator(seed: request.seed)
        var predictor = predictor(meter: request.meter)
        for _ in start..<total {
            let p = predictor.next(history)
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
