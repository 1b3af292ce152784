import ModelKit
import Representations
import Foundation
import Music

extension RNNMelodyModel {
    /// Composes a melody by running the LSTM step by step: `compose(request, beamSize:branchFactor:)`.
    public func compose(bars: Int, key: Key, meter: Meter = .common, tempo: Double = 120, seed: UInt64,
                        temperature: Double = 1, topP: Double = 1, primer: [PrimerNote] = [], inKeyOnly: Bool = false,
                        beamSize: Int = 1, branchFactor: Int = 1) throws -> Composition {
        try compose(CompositionRequest(bars: bars, key: key, meter: meter, tempo: tempo, seed: seed, temperature: temperature,
                                       topP: topP, primer: primer, inKeyOnly: inKeyOnly),
                    beamSize: beamSize, branchFactor: branchFactor)
    }

    /// Composes a melody of `request.bars` bars, one 16th-note step event at a time, continuing
    /// the primer.
    ///
    /// - The primer's events are fed as given (a tune starts on a downbeat). Pitches are relative
    ///   to the reference tonic `60 + key.tonic`, moved by the octave (0, -12, +12) that puts all
    ///   primer pitches in range, as `MarkovMelodyModel.compose` does.
    /// - Each following step's event is drawn from the network's distribution with the temperature
    ///   applied (weights `P^(1/T)`), cut to the `topP` nucleus; with `inKeyOnly`, note-ons off the
    ///   key's scale are never drawn.
    /// - Ending: from the last beat of the last bar on only tonic note-ons (any octave) and then
    ///   no-events are allowed, so the melody closes on the tonic held at least a beat; before it, a
    ///   note-off is not allowed when nothing sounds.
    /// - Beam search as in Magenta's `melody_rnn_generate` (`beam_size`, `branch_factor`, one
    ///   step per iteration): each of up to `beamSize` sequences is extended by `branchFactor`
    ///   sampled events (distinct ones kept once), and the `beamSize` extensions with the highest
    ///   log-likelihood (untempered) survive. `beamSize = branchFactor = 1` is plain sampling.
    /// Without a primer, the finished melody moves by the octave that leaves the fewest notes
    /// outside C4-C6, as in `MarkovMelodyModel.compose`. Deterministic for a given seed (and
    /// OpenBLAS thread count).
    public func compose(_ request: CompositionRequest, beamSize: Int = 1, branchFactor: Int = 1) throws -> Composition {
        try CompositionLimits.check(request)
        try CompositionLimits.checkBeam(beamSize: beamSize, branchFactor: branchFactor)
        let meter = request.meter
        let total = request.bars * meter.stepsPerBar
        let closeStep = total - meter.beatSteps
        var reference = MelodyEncoding.referencePitch(for: request.key)
        let primerPitches = request.primer.compactMap(\.pitch)
        if !primerPitches.isEmpty {
            for shift in [0, -12, 12] where primerPitches.allSatisfy({ MelodyToken.offsetRange.contains($0 - reference - shift) }) {
                reference += shift
                break
            }
        }
        var primerEvents: [Int] = []
        var primerNotes: [GridNote] = []
        var sounding = false
        for p in request.primer {
            if let pitch = p.pitch {
                primerNotes.append(GridNote(pitch: pitch, start: primerEvents.count, steps: p.steps))
                primerEvents.append(StepEvent.noteOn(offset: MelodyToken.fold(offset: pitch - reference)).id)
                sounding = true
            } else {
                primerEvents.append(sounding ? StepEvent.noteOff.id : StepEvent.noEvent.id)
                sounding = false
            }
            primerEvents.append(contentsOf: repeatElement(StepEvent.noEvent.id, count: p.steps - 1))
        }
        guard primerEvents.count <= closeStep else { throw ComposerError.primerTooLong(primerSteps: primerEvents.count, availableSteps: closeStep) }

        let minor = request.key.mode == .minor
        let scale = Key(tonic: 0, mode: request.key.mode)
        let V = StepEvent.classCount
        let H = network.shape.hiddenSize
        func features(_ events: [Int], _ t: Int) -> [Int32] {
            RNNFeatures.features(history: events, t: t, minor: minor, meter: meter, start: 0)
        }
        // Feed the primer (all but its last event's prediction) with one sequence.
        var state = LSTMState(shape: network.shape, batch: 1)
        for t in 0..<primerEvents.count { _ = network.step(features: [features(primerEvents, t)], state: &state) }

        struct Beam { var events: [Int]; var state: LSTMState; var logP: Double; var sounding: Bool }
        var beams = [Beam(events: primerEvents, state: state, logP: 0, sounding: sounding)]
        var rng = SeededGenerator(seed: request.seed)
        for t in primerEvents.count..<total {
            var batchState = LSTMState.stack(beams.map(\.state), hidden: H)
            let probs = network.step(features: beams.map { features($0.events, t) }, state: &batchState)
            var candidates: [(parent: Int, event: Int, logP: Double)] = []
            for (b, beam) in beams.enumerated() {
                let row = Array(probs[(b * V)..<((b + 1) * V)])
                var allowed = [Bool](repeating: true, count: V)
                for e in 0..<V {
                    switch StepEvent(id: e)! {
                    case .noEvent:
                        allowed[e] = t != closeStep
                    case .noteOff:
                        allowed[e] = beam.sounding && t < closeStep
                    case .noteOn(let o):
                        if t == closeStep { allowed[e] = o % 12 == 0 }
                        else if t > closeStep { allowed[e] = false }
                        else { allowed[e] = !request.inKeyOnly || scale.contains(pitchClass: ((o % 12) + 12) % 12) }
                    }
                }
                var weights = (0..<V).map { allowed[$0] ? pow(Double(max(row[$0], 1e-30)), 1 / request.temperature) : 0 }
                keepNucleus(&weights, topP: request.topP)
                let sum = weights.reduce(0, +)
                var drawn = Set<Int>()
                for _ in 0..<branchFactor {
                    var u = rng.nextUnitDouble() * sum
                    var chosen = weights.lastIndex { $0 > 0 }!
                    for i in weights.indices where weights[i] > 0 {
                        u -= weights[i]
                        if u < 0 { chosen = i; break }
                    }
                    if drawn.insert(chosen).inserted {
                        candidates.append((b, chosen, beam.logP + log(Double(max(row[chosen], 1e-30)))))
                    }
                }
            }
            let kept = candidates.enumerated().sorted { ($0.element.logP, -$0.offset) > ($1.element.logP, -$1.offset) }.prefix(beamSize)
            beams = kept.map { c in
                let parent = beams[c.element.parent]
                let e = StepEvent(id: c.element.event)!
                var sounding = parent.sounding
                if case .noteOn = e { sounding = true } else if e == .noteOff { sounding = false }
                return Beam(events: parent.events + [c.element.event], state: batchState.row(c.element.parent, hidden: H),
                            logP: c.element.logP, sounding: sounding)
            }
        }
        let best = beams[0]
        let generated = best.events[primerEvents.count...].map { StepEvent(id: $0)! }
        let allEvents = best.events.map { StepEvent(id: $0)! }
        var generatedNotes = StepEventEncoding.melody(of: allEvents, reference: reference).notes.filter { $0.start >= primerEvents.count }
        // A primer note still sounding when the generated part starts with no-events is extended.
        var notes = primerNotes
        if let last = notes.last, last.end == primerEvents.count, let firstChange = generated.firstIndex(where: { $0 != .noEvent }), firstChange > 0 {
            notes[notes.count - 1].steps += firstChange
        }
        if primerPitches.isEmpty {
            func outside(_ shift: Int) -> Int { generatedNotes.filter { !(60...84).contains($0.pitch + shift) }.count }
            let shift = [0, -12, 12].min { outside($0) < outside($1) }!
            generatedNotes = generatedNotes.map { GridNote(pitch: min(max($0.pitch + shift, 0), 127), start: $0.start, steps: $0.steps) }
        }
        notes += generatedNotes
        let melody = GridMelody(notes: notes)
        return Composition(request: request, melody: melody, tokens: StepEventEncoding.tokens(of: allEvents, key: request.key),
                           primerTokenCount: StepEventEncoding.tokens(of: primerEvents.map { StepEvent(id: $0)! }, key: request.key).count, logProbability: best.logP, totalSteps: total)
    }
}
