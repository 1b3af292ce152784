import ModelKit
import Music
import Representations

/// What a formed melody must keep to, section by section (`MelodyModel.compose(_:form:...)`).
/// The defaults are the held-out real tunes' figures (docs/evaluation.md, "Form"): their range is
/// 14.6 semitones on average and their largest leap 9.1; a tune shares at most a bar or two with
/// another.
public struct FormConstraints: Hashable, Sendable {
    /// Largest distance, in semitones, between the tune's highest and lowest notes.
    public var maxRange: Int
    /// Largest interval, in semitones, between consecutive notes.
    public var maxLeap: Int
    /// Longest run of bars the tune may share with one training tune (the copy check of
    /// `compose evaluate form`); checked only when the model keeps its training tunes (Markov).
    public var maxCopiedBars: Int
    /// How many times a section is drawn at most; the first draw that keeps every constraint is
    /// taken, else the one that breaks them least. At least 1.
    public var attempts: Int
    /// How many closing bars of a repeated section are drawn again (the repeat's new ending), per 8
    /// bars of section: 2 redraws the last 2 bars of an 8-bar section, the last bar of a 4-bar one
    /// (never fewer than 1). In `1...7`.
    public var variedBars: Int

    public init(maxRange: Int = 16, maxLeap: Int = 9, maxCopiedBars: Int = 2, attempts: Int = 8, variedBars: Int = 2) {
        self.maxRange = maxRange
        self.maxLeap = maxLeap
        self.maxCopiedBars = maxCopiedBars
        self.attempts = attempts
        self.variedBars = variedBars
    }
}

extension MelodyModel {
    /// Composes a melody following a form plan (`MelodyForm.sections(bars:)`), each section drawn
    /// with `compose(_:beamSize:branchFactor:)` (the model's own sampling, conditioned as always):
    /// - the first section starts with the request's primer and, like every composition, closes
    ///   on the tonic held at least a beat: each section ends with a cadence;
    /// - a letter heard before is repeated with variation: its earlier section, all but its last
    ///   bars (`constraints.variedBars` per 8 bars), becomes the primer, and the model draws a new
    ///   ending;
    /// - a new letter continues from the bar before it (that bar is the primer, then dropped).
    /// Each section is drawn up to `constraints.attempts` times (seeds derived from
    /// `request.seed`; the first draw of the first section uses it unchanged), and the first draw
    /// that keeps the tune so far within `maxRange`, its leaps within `maxLeap` and its longest
    /// run shared with a training tune within `maxCopiedBars` is kept, else the draw that exceeds
    /// them by the fewest semitones and bars (a copied bar counts 3) whose new notes can be moved by
    /// octaves, as few as can be, until the range and leaps hold (`OctaveRepair`); when none can,
    /// the section is drawn again (up to `7 * attempts` more times) until one keeps them or can be
    /// so mended, else the draw that exceeds them least is kept as it is. A leap counts across
    /// section joins: into a section and, when the next section repeats one already drawn (or
    /// this one), out of it into that repeat's first note.
    ///
    /// Without sections (`MelodyForm.none`, a length the plan does not fit, or a primer reaching
    /// into the first section's last bar) this is `compose(_:beamSize:branchFactor:)`. The result's
    /// `tokens` encode the whole melody (`MelodyEncoding.tokens(of:key:)`), its `logProbability`
    /// is the sum over the sections of their sampled tokens' log-probabilities.
    ///
    /// - Throws: as `compose(_:beamSize:branchFactor:)`; `ParameterError` for fewer than 1 attempt
    ///   or varied bars outside `1...7`.
    public func compose(_ request: CompositionRequest, form: MelodyForm, beamSize: Int = 1, branchFactor: Int = 1,
                        constraints: FormConstraints = FormConstraints()) throws -> Composition {
        let sections = form.sections(bars: request.bars)
        let bar = request.meter.stepsPerBar
        let primerSteps = request.primer.reduce(0) { $0 + $1.steps }
        guard let first = sections.first, primerSteps <= (first.bars - 1) * bar else {
            return try compose(request, beamSize: beamSize, branchFactor: branchFactor)
        }
        guard constraints.attempts >= 1 else { throw ParameterError("attempts", value: constraints.attempts, allowed: "at least 1") }
        guard (1...7).contains(constraints.variedBars) else {
            throw ParameterError("variedBars", value: constraints.variedBars, allowed: "1...7")
        }
        let index = copyIndex()

        var notes: [GridNote] = []
        var heard: [Character: [GridNote]] = [:]
        var logProbability = 0.0
        var primerTokenCount = 0
        for (i, section) in sections.enumerated() {
            let start = section.firstBar * bar
            let varied = max(1, constraints.variedBars * section.bars / 8)
            let repeated = heard[section.letter] != nil
            // Notes before this step are not drawn anew: the request's primer, a repeat's primer.
            let keptSteps = i == 0 ? primerSteps : repeated ? start + (section.bars - varied) * bar : start
            let repeatedNext = !repeated && sections.indices.contains(i + 1) && sections[i + 1].letter == section.letter
            // The first pitch of the next section when it is known: a repeat starts as the section it
            // repeats (this one, when the next section repeats it at once).
            func following(_ drawn: [GridNote]) -> Int? {
                guard sections.indices.contains(i + 1) else { return nil }
                if let earlier = heard[sections[i + 1].letter] { return earlier.first?.pitch }
                return repeatedNext ? drawn.first?.pitch : nil
            }
            func draw(_ attempt: Int) throws -> SectionDraw {
                var sub = request
                sub.seed = request.seed &+ UInt64(i) &* 1_000_003 &+ UInt64(attempt) &* 7_919
                let origin: Int
                if i == 0 {
                    sub.bars = section.bars
                    origin = 0
                } else if let earlier = heard[section.letter] {
                    sub.bars = section.bars
                    sub.primer = Self.primer(of: earlier, from: 0, to: (section.bars - varied) * bar)
                    origin = start
                } else {
                    sub.bars = section.bars + 1
                    sub.primer = Self.primer(of: notes, from: start - bar, to: start)
                    origin = start - bar
                }
                let c = try compose(sub, beamSize: beamSize, branchFactor: branchFactor)
                let drawn = c.melody.notes.map { GridNote(pitch: $0.pitch, start: $0.start + origin, steps: $0.steps) }
                    .filter { $0.start >= start || i == 0 }
                let penalty = Self.penalty(notes + drawn, newFrom: notes.count, following: following(drawn), request: request,
                                           bars: start / bar + section.bars, index: index, constraints: constraints)
                return SectionDraw(notes: drawn, composition: c, penalty: penalty, attempt: attempt)
            }
            // A draw's new notes moved by octaves into the range and leaps, if they can be.
            func mended(_ d: SectionDraw) -> SectionDraw? {
                let frozen = max(d.notes.filter { $0.start < keptSteps }.count, repeatedNext ? 1 : 0)
                guard let pitches = OctaveRepair.repaired((notes + d.notes).map(\.pitch), fixed: notes.count + frozen,
                                                          following: following(d.notes),
                                                          maxLeap: constraints.maxLeap, maxRange: constraints.maxRange) else { return nil }
                var m = d
                for k in m.notes.indices { m.notes[k].pitch = pitches[notes.count + k] }
                return m
            }
            var draws: [SectionDraw] = []
            var kept: SectionDraw?
            for attempt in 0..<constraints.attempts {
                draws.append(try draw(attempt))
                if draws[attempt].penalty == 0 { kept = draws[attempt]; break }
            }
            if kept == nil {
                kept = draws.sorted { ($0.penalty, $0.attempt) < ($1.penalty, $1.attempt) }.lazy.compactMap(mended).first
            }
            // More draws help only when what they keep (the tune so far, the primer) is within limits.
            let fixed = (notes + draws[0].notes.filter { $0.start < keptSteps }).map(\.pitch)
            let mendable = OctaveRepair.repaired(fixed, fixed: fixed.count, following: nil,
                                                 maxLeap: constraints.maxLeap, maxRange: constraints.maxRange) != nil
            var attempt = constraints.attempts
            while kept == nil, mendable, attempt < constraints.attempts * 8 {
                let d = try draw(attempt)
                draws.append(d)
                kept = d.penalty == 0 ? d : mended(d)
                attempt += 1
            }
            let best = kept ?? draws.min { ($0.penalty, $0.attempt) < ($1.penalty, $1.attempt) }!
            notes += best.notes
            if heard[section.letter] == nil { heard[section.letter] = best.notes.map { GridNote(pitch: $0.pitch, start: $0.start - start, steps: $0.steps) } }
            logProbability += best.composition.logProbability
            if i == 0 { primerTokenCount = best.composition.primerTokenCount }
        }
        let melody = GridMelody(notes: notes)
        return Composition(request: request, melody: melody, tokens: MelodyEncoding.tokens(of: melody, key: request.key),
                           primerTokenCount: primerTokenCount, logProbability: logProbability, totalSteps: request.bars * bar)
    }

    /// The copy index of the model's training tunes, when it keeps them (the Markov model).
    func copyIndex() -> MelodyCopyIndex? {
        guard case .markov(let m) = self else { return nil }
        var tunes: [BarredMelody] = []
        for (mode, sequences) in m.sequences.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let key = Key(tonic: 0, mode: mode)
            for (n, s) in sequences.enumerated() {
                tunes.append(BarredMelody(name: "\(mode.rawValue) \(n)", key: key, meter: s.meter,
                                          melody: MelodyEncoding.melody(of: s.tokens, reference: MelodyEncoding.referencePitch(for: key), start: s.start)))
            }
        }
        return MelodyCopyIndex(tunes: tunes)
    }

    /// The notes sounding in steps `from ..< to` as a primer starting at `from` (clipped to it;
    /// silences become rests).
    static func primer(of notes: [GridNote], from: Int, to: Int) -> [PrimerNote] {
        var result: [PrimerNote] = []
        var position = from
        for n in notes where n.end > from && n.start < to {
            let s = max(n.start, position)
            if s > position { result.append(PrimerNote(pitch: nil, steps: s - position)) }
            let e = min(n.end, to)
            guard e > s else { continue }
            result.append(PrimerNote(pitch: n.pitch, steps: e - s))
            position = e
        }
        if position < to { result.append(PrimerNote(pitch: nil, steps: to - position)) }
        return result
    }

    /// How far `notes` (the tune so far; `notes[newFrom...]` just drawn) exceed the constraints:
    /// semitones of range and of each leap into or within the new notes (and out of them into
    /// `following`, the next section's first pitch when known), plus 3 per bar of the
    /// longest run shared with a training tune beyond the limit.
    static func penalty(_ notes: [GridNote], newFrom: Int, following: Int? = nil, request: CompositionRequest, bars: Int,
                        index: MelodyCopyIndex?, constraints: FormConstraints) -> Int {
        let pitches = notes.map(\.pitch)
        guard let lo = pitches.min(), let hi = pitches.max() else { return 0 }
        var penalty = max(0, hi - lo - constraints.maxRange)
        if let following { penalty += max(0, abs(following - pitches[pitches.count - 1]) - constraints.maxLeap) }
        for k in max(1, newFrom)..<max(1, pitches.count) {
            penalty += max(0, abs(pitches[k] - pitches[k - 1]) - constraints.maxLeap)
        }
        if let index {
            let run = index.longestSharedRun(BarredMelody(name: "", key: request.key, meter: request.meter, melody: GridMelody(notes: notes)),
                                             bars: bars).bars
            penalty += 3 * max(0, run - constraints.maxCopiedBars)
        }
        return penalty
    }
}

/// One draw of a section: its notes (on the tune's steps), the composition they came from, how far
/// they break the form's constraints (`MelodyModel.penalty`) and which attempt drew them.
struct SectionDraw {
    var notes: [GridNote]
    var composition: Composition
    var penalty: Int
    var attempt: Int
}
