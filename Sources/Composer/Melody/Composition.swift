import ModelKit
import Representations
import Foundation
import Music

/// What to compose.
public struct CompositionRequest: Hashable, Sendable {
    /// Number of bars (`CompositionLimits.bars`, 1...1000); the melody lasts exactly `bars * meter.stepsPerBar` steps.
    public var bars: Int
    public var key: Key
    public var meter: Meter
    /// Tempo in quarter notes per minute (`CompositionLimits.tempo`, 4...1000), written as a tempo meta event.
    public var tempo: Double
    /// Seed of the generator: the same request gives the same melody.
    public var seed: UInt64
    /// Sampling temperature (> 0): tokens are drawn with weights `P^(1/T)`; 1 samples the model,
    /// below 1 sharpens towards the likeliest tokens, above 1 flattens.
    public var temperature: Double
    /// Notes (and rests) the melody starts with, kept as given (velocities too, when they have
    /// one); the model continues from them.
    public var primer: [PrimerNote]
    /// Nucleus (top-p) sampling (Holtzman et al. 2020, "The Curious Case of Neural Text
    /// Degeneration"): only the likeliest allowed tokens whose probabilities (after temperature)
    /// add up to `topP` are drawn from, which cuts the long tail that smoothing gives to rare
    /// tokens (stray chromatic notes, two-octave leaps after a back-off). In `0 < topP <= 1`;
    /// 1 turns it off.
    public var topP: Double
    /// When true, notes outside the key's scale (`Key.contains`: major, or natural minor plus the
    /// raised 6th and 7th) are never sampled. Off by default: the corpus decides, and 98-99% of
    /// its notes are in the scale.
    public var inKeyOnly: Bool
    /// How many endings are drawn for the last bar; the likeliest (see `MarkovMelodyModel.compose`)
    /// is kept. At least 1.
    public var endingCandidates: Int

    /// The velocities of the primer's notes that have one, by start step.
    var primerVelocities: [Int: UInt8] {
        var result: [Int: UInt8] = [:]
        var step = 0
        for p in primer {
            if p.pitch != nil, let v = p.velocity { result[step] = v }
            step += p.steps
        }
        return result
    }

    /// The bars a request needs for `newBars` bars after `primer`: the primer's bars (its length
    /// rounded up to whole bars of `meter`) plus `newBars`. The melody goes on straight after the
    /// primer, so a primer ending inside a bar is followed by the rest of that bar and then
    /// `newBars` whole bars.
    public static func totalBars(newBars: Int, primer: [PrimerNote], meter: Meter) -> Int {
        let steps = primer.reduce(0) { $0 + $1.steps }
        return (steps + meter.stepsPerBar - 1) / meter.stepsPerBar + newBars
    }

    public init(bars: Int, key: Key, meter: Meter = .common, tempo: Double = 120, seed: UInt64,
                temperature: Double = 1, topP: Double = 0.9, primer: [PrimerNote] = [], inKeyOnly: Bool = false,
                endingCandidates: Int = 8) {
        self.bars = bars
        self.key = key
        self.meter = meter
        self.tempo = tempo
        self.seed = seed
        self.temperature = temperature
        self.topP = topP
        self.primer = primer
        self.inKeyOnly = inKeyOnly
        self.endingCandidates = endingCandidates
    }
}

/// A composed melody on the 16th-note grid, with the tokens that produced it.
public struct Composition: Hashable, Sendable {
    public var request: CompositionRequest
    /// The notes: the primer's first, as given; pitches are MIDI note numbers.
    public var melody: GridMelody
    /// All tokens after `begin`: the primer's, then the sampled ones (no `end`).
    public var tokens: [MelodyToken]
    /// How many of `tokens` encode the primer.
    public var primerTokenCount: Int
    /// Natural-log probability of the sampled tokens (not the primer's) and the final `end` under
    /// the model (untempered), in nats.
    public var logProbability: Double
    /// `bars * meter.stepsPerBar`.
    public var totalSteps: Int

    /// The melody as a score: one part "Melody" on channel 0 (no program change), at
    /// `ticksPerQuarter` (a multiple of 4; 480 by default), with tempo, time-signature and
    /// key-signature metas at tick 0. A primer note with a velocity (read from a file) keeps it;
    /// the other notes get `velocity`, plus `accent` on the first beat of a bar (both clamped to
    /// 1...127).
    public func score(ticksPerQuarter: Int = 480, velocity: Int = 90, accent: Int = 10) -> Score {
        let tpq = max(4, ticksPerQuarter / 4 * 4)
        let tick = tpq / 4
        let bar = request.meter.stepsPerBar
        let played = request.primerVelocities
        let notes = melody.notes.map { n in
            let v = played[n.start].map(Int.init) ?? min(max(velocity + (n.start % bar == 0 ? accent : 0), 1), 127)
            return Note(pitch: UInt8(n.pitch), velocity: UInt8(v), channel: 0, start: n.start * tick, duration: n.steps * tick)
        }
        let signature = request.key.signature
        return Score(ticksPerQuarter: tpq, parts: [Part(name: "Melody", notes: notes)],
                     tempoChanges: [TempoChange(tick: 0, bpm: request.tempo)],
                     timeSignatures: [TimeSignature(tick: 0, numerator: request.meter.numerator, denominator: request.meter.denominator)],
                     keySignatures: [KeySignature(tick: 0, sharpsFlats: signature.sharpsFlats, minor: signature.minor)])
    }
}

extension MarkovMelodyModel {
    /// Composes a melody: `compose(CompositionRequest(...))`.
    public func compose(bars: Int, key: Key, meter: Meter = .common, tempo: Double = 120, seed: UInt64,
                        temperature: Double = 1, topP: Double = 0.9, primer: [PrimerNote] = [],
                        inKeyOnly: Bool = false) throws -> Composition {
        try compose(CompositionRequest(bars: bars, key: key, meter: meter, tempo: tempo, seed: seed,
                                       temperature: temperature, topP: topP, primer: primer, inKeyOnly: inKeyOnly))
    }

    /// Composes a melody by sampling the model of `request.key.mode`, token by token, from the
    /// primer on, with constraints that make it fit the bars and close on the tonic. The melody
    /// (primer included) starts on a downbeat; each token is drawn under the metrical condition of
    /// its start step in `request.meter`.
    ///
    /// With `L = bars * stepsPerBar`, the *closing starts* are the beats of the last bar from which
    /// a single token can reach `L` (at most `MelodyToken.maxSteps` steps before it), and `C` the
    /// latest of them (the last beat):
    /// - a *closing token* is a tonic note (offset -12, 0, 12 or 24) lasting exactly to `L`; it may
    ///   only be drawn at a closing start, and ends the melody;
    /// - any other token (note or rest) must end by `C`, so a closing token stays possible; at `C`
    ///   only closing tokens remain, so the melody always ends on the tonic, held for at least the
    ///   last beat, exactly at `L`. No token crosses the end. `end` is never drawn.
    /// Every allowed token keeps its model probability (renormalized over the allowed set, with
    /// the temperature applied, then cut to the `topP` nucleus). Bars before the last are drawn
    /// once. The last bar (from the first token boundary in it) is drawn `endingCandidates` times,
    /// and the candidate whose tokens, plus the `end` token after them, have the highest
    /// untempered log-probability is kept: among endings that fit, the one the model finds most
    /// final.
    ///
    /// Pitches: tokens are relative to the reference tonic `60 + key.tonic`. With a primer, the
    /// reference moves by the octave (0, -12 or +12) that puts all primer pitches in
    /// `MelodyToken.offsetRange`. Without one, the finished melody is moved by the octave
    /// (0, -12 or +12, in that preference) that leaves the fewest notes outside C4-C6 (60...84).
    ///
    /// Deterministic: the same model and request give the same composition (`SeededGenerator`).
    ///
    /// - Throws: `ParameterError` for a value outside `CompositionLimits` (bars, tempo,
    ///   temperature, top-p, a primer note outside MIDI 0-127 or shorter than a step) or fewer
    ///   than 1 ending candidate; `ComposerError.noTrainingData` if the model has no tunes in the
    ///   key's mode; `ComposerError.primerTooLong` if the primer ends after `C`.
    public func compose(_ request: CompositionRequest) throws -> Composition {
        try CompositionLimits.check(request)
        guard request.endingCandidates >= 1 else { throw ParameterError("endingCandidates", value: request.endingCandidates, allowed: "at least 1") }
        guard let model = models[request.key.mode] else { throw ComposerError.noTrainingData(mode: request.key.mode.rawValue) }

        let meter = request.meter
        let total = request.bars * meter.stepsPerBar
        let lastBar = total - meter.stepsPerBar
        let closingStarts = Set(stride(from: lastBar, to: total, by: meter.beatSteps).filter { total - $0 <= MelodyToken.maxSteps })
        let latestClose = closingStarts.max()!

        // Primer: tokens relative to a reference tonic chosen so its pitches fit the offset range.
        let reference = MelodyEncoding.referencePitch(for: request.key, primerPitches: request.primer.compactMap(\.pitch))
        var primerNotes: [GridNote] = []
        var primerTokens: [MelodyToken] = []
        var pendingRest = 0
        func flushRest() {
            while pendingRest > 0 {
                let s = min(pendingRest, MelodyToken.maxSteps)
                primerTokens.append(.rest(steps: s))
                pendingRest -= s
            }
        }
        var position = 0
        for p in request.primer {
            if let pitch = p.pitch {
                primerNotes.append(GridNote(pitch: pitch, start: position, steps: p.steps))
                flushRest()
                let first = min(p.steps, MelodyToken.maxSteps)
                primerTokens.append(.note(offset: MelodyToken.fold(offset: pitch - reference), steps: first))
                pendingRest = p.steps - first
            } else {
                pendingRest += p.steps
            }
            position += p.steps
        }
        flushRest()
        let primerSteps = position
        guard primerSteps <= latestClose else { throw ComposerError.primerTooLong(primerSteps: primerSteps, availableSteps: latestClose) }

        // Which token ids may follow at each position.
        let scale = Key(tonic: 0, mode: request.key.mode)
        let vocabulary = (0..<MelodyToken.vocabularySize).map { MelodyToken(id: $0)! }
        let inKey = vocabulary.map { token -> Bool in
            guard case .note(let offset, _) = token else { return true }
            return !request.inKeyOnly || scale.contains(pitchClass: ((offset % 12) + 12) % 12)
        }
        // Per token id: its steps, whether it is a rest, a note, a note on the tonic (any octave).
        let tokenSteps = vocabulary.map(\.steps)
        let isRest = vocabulary.map { if case .rest = $0 { return true } else { return false } }
        let isNote = vocabulary.map { if case .note = $0 { return true } else { return false } }
        let onTonic = vocabulary.map { if case .note(let offset, _) = $0 { return offset % 12 == 0 } else { return false } }
        func allowed(at t: Int) -> [Bool] {
            let closesHere = closingStarts.contains(t)
            var ok = [Bool](repeating: false, count: vocabulary.count)
            for id in ok.indices {
                let end = t + tokenSteps[id]
                if isRest[id] {
                    ok[id] = end <= latestClose
                } else if isNote[id] {
                    ok[id] = end == total ? closesHere && onTonic[id] : end <= latestClose && inKey[id]
                }
            }
            return ok
        }

        var rng = SeededGenerator(seed: request.seed)
        let order = model.order
        func condition(_ t: Int) -> Int { self.condition(step: t, meter: meter) }
        // Nuclei met before, by distribution key: contexts repeat, and the allowed set is the same at
        // every position from which no token reaches C; nearer the end it depends on the position.
        var nuclei: [NucleusKey: TemperedNucleus] = [:]
        let usualAllowed = allowed(at: 0)
        func draw(context: [Int], at t: Int) -> Int {
            let c = condition(t)
            let usual = t + MelodyToken.maxSteps <= latestClose
            let key = NucleusKey(distribution: model.distributionKey(after: context, condition: c), position: usual ? -1 : t)
            if let nucleus = nuclei[key] { return nucleus.draw(rng: &rng) }
            // Some token is always allowed: a 1-step rest before C, a closing note at C.
            let nucleus = TemperedNucleus(model.distribution(after: context, condition: c), temperature: request.temperature,
                                          topP: request.topP, allowed: usual ? usualAllowed : allowed(at: t))
            nuclei[key] = nucleus
            return nucleus.draw(rng: &rng)
        }

        var context = [MelodyToken.beginID] + primerTokens.map(\.id)
        func trimmed(_ c: [Int]) -> [Int] { Array(c.suffix(order - 1)) }
        /// Draws tokens after `context` from step `position` until `limit` is reached; returns them
        /// with their summed log-probability, extending `context` and advancing `position`.
        func sample(_ context: inout [Int], from position: inout Int, until limit: Int) -> (ids: [Int], logP: Double) {
            var ids: [Int] = []
            var logP = 0.0
            while position < limit {
                let id = draw(context: trimmed(context), at: position)
                logP += log(model.probability(of: id, after: trimmed(context), condition: condition(position)))
                context.append(id)
                ids.append(id)
                position += vocabulary[id].steps
            }
            return (ids, logP)
        }
        var t = primerSteps
        var (sampled, logProbability) = sample(&context, from: &t, until: lastBar)
        // The last bar: several candidate endings, keep the likeliest.
        var best: (ids: [Int], logP: Double)?
        for _ in 0..<request.endingCandidates {
            var c = context
            var position = t
            let ending = sample(&c, from: &position, until: total)
            let ids = ending.ids
            let logP = ending.logP + log(model.probability(of: MelodyToken.end.id, after: trimmed(c), condition: condition(total)))
            if best == nil || logP > best!.logP { best = (ids, logP) }
        }
        sampled += best!.ids
        logProbability += best!.logP

        let generated = sampled.map { vocabulary[$0] }
        var notes = primerNotes + MelodyEncoding.melody(of: generated, reference: reference, start: primerSteps).notes
        if request.primer.allSatisfy({ $0.pitch == nil }) {
            func outside(_ shift: Int) -> Int { notes.filter { !(60...84).contains($0.pitch + shift) }.count }
            let shift = [0, -12, 12].min { outside($0) < outside($1) }!
            notes = notes.map { GridNote(pitch: min(max($0.pitch + shift, 0), 127), start: $0.start, steps: $0.steps) }
        }
        return Composition(request: request, melody: GridMelody(notes: notes), tokens: primerTokens + generated,
                           primerTokenCount: primerTokens.count, logProbability: logProbability, totalSteps: total)
    }
}

/// A sampling situation whose nucleus `compose` keeps: the distribution (`KneserNeyModel.distributionKey`)
/// and the position, or -1 for every position where the allowed set is the usual one.
private struct NucleusKey: Hashable {
    var distribution: UInt64
    var position: Int
}
