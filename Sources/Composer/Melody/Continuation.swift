import ModelKit
import Representations
import Foundation
import Music

/// A melody model's answer to a phrase (Magenta's "AI Duet"): the phrase is the primer, the model
/// composes `bars` more bars in the phrase's key and tempo.
public struct Continuation: Hashable, Sendable {
    /// The key the answer is composed in: the one asked for, else `Continuation.key(of:)`.
    public var key: Key
    /// The phrase as given (a melody from step 0, which counts as a downbeat).
    public var phrase: [PrimerNote]
    /// The phrase's length in steps, rounded up to whole bars: the answer starts at this step.
    public var answerStart: Int
    /// The answer's notes, steps counted from the answer's start (bar 1 of the answer, step 0).
    public var answer: GridMelody
    /// Answer length in steps: `bars * meter.stepsPerBar`.
    public var answerSteps: Int
    /// The whole composition (phrase as primer, then the answer), as the model composed it.
    public var composition: Composition

    /// The key of a phrase: Krumhansl-Schmuckler (`Key.estimate`) on its notes, each weighted by
    /// its length in steps. An empty phrase gives C major.
    public static func key(of phrase: [PrimerNote]) -> Key {
        key(of: phrase, signature: nil)
    }

    /// The key of a phrase read from a file with an optional key signature (its first one):
    /// `TuneKey.decide` on the phrase's notes (weighted by steps), i.e. the signature's major key
    /// or its relative minor, whichever correlates better with the notes, provided the phrase fits it: at least `signatureFit` (90%) of its steps of notes
    /// are in that key (`Key.contains(pitchClass:)`). A signature the notes do not fit (a file
    /// saved with a default C major signature) and no signature give the Krumhansl-Schmuckler
    /// estimate over all 24 keys.
    public static func key(of phrase: [PrimerNote], signature: KeySignature?) -> Key {
        let notes = notes(of: phrase, ticksPerStep: 1)
        let estimate = Key.estimate(notes).key
        guard let signature else { return estimate }
        let decided = TuneKey.decide(notes: notes, signature: signature)
        let total = notes.reduce(0) { $0 + $1.duration }
        let inKey = notes.filter { decided.contains(pitchClass: Int($0.pitch)) }.reduce(0) { $0 + $1.duration }
        return total > 0 && Double(inKey) >= signatureFit * Double(total) ? decided : estimate
    }

    /// The share of a phrase's note steps that must be in its file's signature key for that key to be used.
    public static let signatureFit = 0.9

    /// The phrase's notes, on channel 0, at their own velocity (90 when they have none), starting at tick 0.
    static func notes(of phrase: [PrimerNote], ticksPerStep: Int) -> [Note] {
        var notes: [Note] = []
        var step = 0
        for p in phrase {
            if let pitch = p.pitch {
                notes.append(Note(pitch: UInt8(pitch), velocity: p.velocity ?? 90, channel: 0, start: step * ticksPerStep, duration: p.steps * ticksPerStep))
            }
            step += p.steps
        }
        return notes
    }

    /// The answer alone (`includePhrase` false, starting at tick 0) or the phrase then the answer,
    /// the answer from the bar line after the phrase (tick `answerStart * ticksPerQuarter / 4`).
    /// One part "Melody" on channel 0 (the phrase at its own velocities, the answer at 90; `composition.score` metas: tempo, meter,
    /// key signature), plus a part "Answer" on `answerChannel` with `answerProgram` (a GM program
    /// change at tick 0) when given. Ticks: `ticksPerQuarter` (a multiple of 4), 16th = a quarter of it.
    public func score(includePhrase: Bool, ticksPerQuarter: Int = 480, answerChannel: UInt8 = 0, answerProgram: Int? = nil) -> Score {
        var score = composition.score(ticksPerQuarter: ticksPerQuarter)
        let tick = score.ticksPerQuarter / 4
        let offset = includePhrase ? answerStart : 0
        let answerNotes = answer.notes.map {
            Note(pitch: UInt8($0.pitch), velocity: 90, channel: answerChannel, start: ($0.start + offset) * tick, duration: $0.steps * tick)
        }
        var answerPart = Part(name: "Answer", notes: answerNotes)
        if let answerProgram {
            answerPart.controls = [ControlEvent(tick: 0, message: .programChange(channel: answerChannel, program: UInt8(answerProgram)))]
        }
        if includePhrase {
            let phrasePart = Part(name: "Melody", notes: Continuation.notes(of: phrase, ticksPerStep: tick))
            score.parts = answerChannel == 0 && answerProgram == nil
                ? [Part(name: "Melody", notes: (phrasePart.notes + answerNotes).sorted { $0.start < $1.start })]
                : [phrasePart, answerPart]
        } else {
            answerPart.name = answerProgram == nil ? "Melody" : "Answer"
            score.parts = [answerPart]
        }
        return score
    }
}

extension MelodyModel {
    /// Continues `phrase` with `bars` bars (1...64) of melody in the phrase's key.
    ///
    /// The phrase (a melody from step 0, its first note on a downbeat; at most 1000 bars) is the
    /// primer, padded with a rest to the next bar line; the model composes `bars` more bars after
    /// it (`CompositionRequest` with the primer, in `key`, or when nil the phrase's key from `Continuation.key(of:)`,
    /// `inKeyOnly` when asked), so the answer ends on the tonic like every composition. The
    /// answer is the composed notes from that bar line on. Deterministic for a seed.
    ///
    /// - Throws: `ComposerError.emptyPhrase` for a phrase with no notes, `ParameterError` for `bars`
    ///   outside `CompositionLimits.continuationBars` (1...64), and whatever the model's `compose` throws (tempo, temperature, primer pitches).
    public func continuation(of phrase: [PrimerNote], bars: Int, meter: Meter = .common, tempo: Double = 120, seed: UInt64 = 1,
                             temperature: Double = 1, topP: Double? = nil, inKeyOnly: Bool = true, key: Key? = nil) throws -> Continuation {
        guard phrase.contains(where: { $0.pitch != nil }) else { throw ComposerError.emptyPhrase }
        try CompositionLimits.checkBars(bars, in: CompositionLimits.continuationBars)
        let bar = meter.stepsPerBar
        let length = phrase.reduce(0) { $0 + $1.steps }
        let phraseBars = (length + bar - 1) / bar
        let answerStart = phraseBars * bar
        var primer = phrase
        if answerStart > length { primer.append(PrimerNote(pitch: nil, steps: answerStart - length)) }
        let key = key ?? Continuation.key(of: phrase)
        let request = CompositionRequest(bars: phraseBars + bars, key: key, meter: meter, tempo: tempo, seed: seed,
                                         temperature: temperature, topP: topP ?? defaultTopP, primer: primer, inKeyOnly: inKeyOnly)
        let composition = try compose(request)
        let answer = composition.melody.notes.filter { $0.start >= answerStart }
            .map { GridNote(pitch: $0.pitch, start: $0.start - answerStart, steps: $0.steps) }
        return Continuation(key: key, phrase: phrase, answerStart: answerStart, answer: GridMelody(notes: answer),
                            answerSteps: bars * bar, composition: composition)
    }
}
