import ModelKit
import Representations
import Foundation
import Music

/// Piano Genie (Donahue, Simon & Dieleman 2019) by constrained decoding of the Markov melody
/// model: eight buttons, low to high; each press plays one real note.
///
/// Piano Genie learned its button-to-note decoder with an autoencoder. Here the decoder is the
/// melody model itself, restricted at each press to the pitches that follow the buttons' contour,
/// so that (1) the contour is exact by construction and (2) the notes are the ones the model finds
/// likely after the melody so far (key, intervals, metrical position, rhythm), with no second
/// model to train. At a press of button `b` (1...8) after button `b0` that played pitch `p0`:
/// - `b > b0` (`d = b - b0` buttons up): the candidates are the pitches `p0 + d ... p0 + 2d + 2`
///   semitones (1-4 for a neighbouring button, up to 7-16 for the lowest to the highest), so a
///   wider button leap gives a wider interval; `b < b0` mirrors it downwards;
/// - `b == b0`: `p0` itself, or the pitches 1 or 2 semitones away (a neighbour note);
/// - only pitches in the key (`Key.contains`) within MIDI 21...108 (the piano's range); when that
///   leaves none, the window widens by up to an octave, then off-key pitches are allowed;
/// - the first press: in-key pitches within 5 semitones of the button's home pitch.
/// Each candidate `p` is scored `ln P(p) - ((p - home(b)) / registerWidth)^2 / 2`: `P(p)` the
/// model's probability of a note of that pitch (relative to the key's tonic, folded into the
/// token range) after the melody's tokens so far at the note's metrical position, for the note's
/// length when it is known (offline) or summed over lengths (live, where the length is known only
/// at the next press); `home(b)` the `b`-th degree of the key's scale from the tonic at MIDI
/// `60 + tonic` (so button 1 is the tonic, 8 the tonic an octave up); the Gaussian register term
/// keeps long runs of one direction from drifting out of the buttons' register. The chosen pitch
/// is the best one at temperature 0, else drawn with weights `exp(score / temperature)` from a
/// `SeededGenerator`: deterministic for a seed.
public struct GenieDecoder: Sendable {
    /// The number of buttons, numbered 1...8 from low to high.
    public static let buttonCount = 8
    /// The piano's range, MIDI 21 (A0) ... 108 (C8).
    public static let pitchRange = 21...108

    /// The Markov melody model that scores the candidates.
    public let model: MarkovMelodyModel
    /// The key: the buttons' home pitches and the in-key constraint.
    public var key: Key
    /// The meter the model reads metrical positions (16th-note steps) in.
    public var meter: Meter
    /// Sampling temperature; 0 picks the best-scoring candidate.
    public var temperature: Double
    /// How candidates are scored: by the model and the register term (`.model`), or all alike
    /// (`.uniform`: a baseline that keeps only the contour and key constraints).
    public var scoring: Scoring = .model
    /// The ways of scoring candidates (see `scoring`).
    public enum Scoring: Sendable { case model, uniform }
    /// The register term's standard deviation, in semitones.
    public var registerWidth: Double

    /// The melody so far as the model reads it (`begin` first).
    public private(set) var tokens: [MelodyToken] = [.begin]
    /// Steps from the start of the melody (the first note's onset is a downbeat, or `start`).
    public private(set) var position: Int
    /// The last press (button 1...8) and the pitch it played (MIDI).
    public private(set) var last: (button: Int, pitch: Int)?
    /// Live mode: the last note, whose length is not known until the next press or rest.
    var pending: Int?
    var rng: SeededGenerator

    /// A decoder before its first press; `seed` seeds the sampling (used when `temperature` > 0).
    /// - Parameters: `start` is the bar position (steps) of the first note.
    public init(model: MarkovMelodyModel, key: Key, meter: Meter = .common, start: Int = 0, temperature: Double = 0,
                seed: UInt64 = 1, registerWidth: Double = 7) {
        self.model = model
        self.key = key
        self.meter = meter
        self.position = start
        self.temperature = temperature
        self.registerWidth = registerWidth
        self.rng = SeededGenerator(seed: seed)
    }

    var reference: Int { MelodyEncoding.referencePitch(for: key) }

    /// The home pitch of a button (1...8): the `(button - 1)`-th degree of the key's scale above
    /// MIDI `60 + key.tonic`.
    public func home(button: Int) -> Int {
        let scale = key.mode.scale
        let degree = button - 1
        return reference + 12 * (degree / 7) + scale[degree % 7]
    }

    /// The pitches a press of `button` may play now (see the type's comment), ascending.
    public func candidates(button: Int) -> [Int] {
        func inKey(_ p: Int) -> Bool { key.contains(pitchClass: p) }
        func window(_ range: ClosedRange<Int>, requireKey: Bool) -> [Int] {
            range.filter { GenieDecoder.pitchRange.contains($0) && (!requireKey || inKey($0)) }
        }
        guard let last else {
            let h = home(button: button)
            return window((h - 5)...(h + 5), requireKey: true)
        }
        let d = button - last.button
        if d == 0 {
            return [last.pitch - 2, last.pitch - 1, last.pitch, last.pitch + 1, last.pitch + 2]
                .filter { GenieDecoder.pitchRange.contains($0) && ($0 == last.pitch || inKey($0)) }
        }
        let lo = abs(d), hi = 2 * abs(d) + 2
        for widen in [0, 12] {
            for requireKey in [true, false] {
                let range = d > 0 ? (last.pitch + lo)...(last.pitch + hi + widen) : (last.pitch - hi - widen)...(last.pitch - lo)
                let found = window(range, requireKey: requireKey)
                if !found.isEmpty { return found }
            }
        }
        return [last.pitch] // at the edge of the piano: nothing further that way
    }

    /// Ends the pending (live) note after `steps` steps; a longer gap becomes rests (at most 2
    /// bars are remembered).
    mutating func settle(after steps: Int) {
        guard let offset = pending else { return }
        let s = min(max(steps, 1), MelodyToken.maxSteps)
        tokens.append(.note(offset: offset, steps: s))
        position += s
        pending = nil
        rest(min(steps - s, 2 * meter.stepsPerBar))
    }

    /// Silence of `steps` steps (after a note whose length was given, or live after the pending one).
    public mutating func rest(_ steps: Int) {
        var left = steps
        while left > 0 {
            let s = min(left, MelodyToken.maxSteps)
            tokens.append(.rest(steps: s))
            position += s
            left -= s
        }
    }

    /// Live: a press of `button` (1...8) `elapsed` steps after the previous press (ignored for the
    /// first); the note's length is not known yet. Returns the MIDI pitch to play.
    /// - Precondition: `button` is in 1...8 (traps otherwise).
    public mutating func press(button: Int, elapsed: Int) -> Int {
        settle(after: elapsed)
        let pitch = choose(button: button, steps: nil)
        pending = MelodyToken.fold(offset: pitch - reference)
        return pitch
    }

    /// Offline: a press of `button` (1...8) for a note of `steps` steps (1...16). Returns the MIDI pitch.
    /// - Precondition: `button` is in 1...8 (traps otherwise); `steps` is clamped to 1...16.
    public mutating func press(button: Int, steps: Int) -> Int {
        if let p = pending { tokens.append(.note(offset: p, steps: 1)); position += 1; pending = nil }
        let s = min(max(steps, 1), MelodyToken.maxSteps)
        let pitch = choose(button: button, steps: s)
        tokens.append(.note(offset: MelodyToken.fold(offset: pitch - reference), steps: s))
        position += s
        return pitch
    }

    /// Scores the candidates and picks one.
    mutating func choose(button: Int, steps: Int?) -> Int {
        precondition((1...GenieDecoder.buttonCount).contains(button), "button \(button) outside 1...8")
        let options = candidates(button: button)
        let context = Array(tokens.suffix(model.order - 1))
        let distribution = model.distribution(after: context, mode: key.mode, step: position, meter: meter)
        let h = Double(home(button: button))
        let scores = options.map { p -> Double in
            let offset = MelodyToken.fold(offset: p - reference)
            let mass: Double
            if let steps {
                mass = distribution[MelodyToken.note(offset: offset, steps: steps).id]
            } else {
                let base = MelodyToken.note(offset: offset, steps: 1).id
                mass = distribution[base ..< base + MelodyToken.maxSteps].reduce(0, +)
            }
            let z = (Double(p) - h) / registerWidth
            return scoring == .uniform ? 0 : log(max(mass, 1e-300)) - z * z / 2
        }
        var chosen = 0
        if temperature <= 0 {
            for i in scores.indices where scores[i] > scores[chosen] { chosen = i }
        } else {
            let top = scores.max()!
            let weights = scores.map { exp(($0 - top) / temperature) }
            var u = rng.nextUnitDouble() * weights.reduce(0, +)
            chosen = weights.count - 1
            for i in weights.indices {
                u -= weights[i]
                if u < 0 { chosen = i; break }
            }
        }
        last = (button, options[chosen])
        return options[chosen]
    }

    /// Decodes a whole button sequence against a rhythm template: each note token of `rhythm`
    /// takes the next button (its pitch is ignored, its length kept), rests stay rests. Returns the
    /// melody (steps from 0, the chosen MIDI pitches) and its tokens (offsets folded into the token range).
    /// - Throws: `ParameterError` (`button`) when a button is outside 1...8;
    ///   `ComposerError.buttonCountMismatch` when the template's note count differs from the buttons'.
    public mutating func decode(buttons: [Int], rhythm: [MelodyToken]) throws -> (melody: GridMelody, tokens: [MelodyToken]) {
        if let bad = buttons.first(where: { !(1...GenieDecoder.buttonCount).contains($0) }) {
            throw ParameterError("button", value: bad, allowed: "1...\(GenieDecoder.buttonCount)")
        }
        let noteCount = rhythm.filter(\.isNote).count
        guard noteCount == buttons.count else {
            throw ComposerError.buttonCountMismatch(buttons: buttons.count, rhythmNotes: noteCount)
        }
        let first = tokens.count
        var i = 0
        var notes: [GridNote] = []
        var step = 0
        for t in rhythm {
            switch t {
            case .note(_, let s):
                notes.append(GridNote(pitch: press(button: buttons[i], steps: s), start: step, steps: min(max(s, 1), MelodyToken.maxSteps)))
                i += 1
            case .rest(let s):
                rest(s)
            case .begin, .end:
                break
            }
            step += t.steps
        }
        return (GridMelody(notes: notes), Array(tokens[first...]))
    }

    /// The buttons (1...8) a player would press for a melody's pitches: each pitch placed in the
    /// melody's own range, `1 + round(7 * (p - lowest) / (highest - lowest))` (all 4 when the
    /// melody has one pitch). Equal pitches get equal buttons and the button order never
    /// contradicts the pitch order, but close pitches may share a button.
    public static func buttons(for pitches: [Int]) -> [Int] {
        guard let lo = pitches.min(), let hi = pitches.max() else { return [] }
        guard hi > lo else { return pitches.map { _ in 4 } }
        return pitches.map { 1 + Int((7 * Double($0 - lo) / Double(hi - lo)).rounded()) }
    }

    /// A decoded melody as a composition (for `Composition.score`): the key, meter and `tempo`,
    /// as many whole bars as the melody needs, and its log-probability under the model.
    public func composition(of melody: GridMelody, tokens: [MelodyToken], tempo: Double, seed: UInt64) -> Composition {
        let steps = max(tokens.reduce(0) { $0 + $1.steps }, 1)
        let bars = (steps + meter.stepsPerBar - 1) / meter.stepsPerBar
        let request = CompositionRequest(bars: bars, key: key, meter: meter, tempo: tempo, seed: seed, temperature: max(temperature, 1e-9))
        return Composition(request: request, melody: melody, tokens: tokens, primerTokenCount: 0,
                           logProbability: model.logProbability(of: tokens, mode: key.mode, meter: meter, start: 0),
                           totalSteps: bars * meter.stepsPerBar)
    }
}
