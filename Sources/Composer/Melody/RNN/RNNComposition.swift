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
        let reference = MelodyEncoding.referencePitch(for: request.key, primerPitches: request.primer.compactMap(\.pitch))
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

        // Whether a note sounds after `events`: the last event other than no-event is a note-on.
        func isSounding(_ events: [Int]) -> Bool {
            for e in events.reversed() where e != StepEvent.noEvent.id { return e != StepEvent.noteOff.id }
            return false
        }
        var rng = SeededGenerator(seed: request.seed)
        let search = try BeamSearch<LSTMState>(beamSize: beamSize, branchFactor: branchFactor)
        let beams = search.run(
            from: [.init(tokens: primerEvents, state: state)], steps: total - primerEvents.count, rng: &rng,
            advance: { beams, _ in
                var batchState = LSTMState.stack(beams.map(\.state), hidden: H)
                let probs = network.step(features: beams.map { features($0.tokens, $0.tokens.count) }, state: &batchState)
                return .init(probabilities: beams.indices.map { b in Array(probs[(b * V)..<((b + 1) * V)]) },
                             states: beams.indices.map { batchState.row($0, hidden: H) })
            },
            weights: { beam, row, _ in
                let t = beam.tokens.count
                let sounding = isSounding(beam.tokens)
                var allowed = [Bool](repeating: true, count: V)
                for e in 0..<V {
                    switch StepEvent(id: e)! {
                    case .noEvent:
                        allowed[e] = t != closeStep
                    case .noteOff:
                        allowed[e] = sounding && t < closeStep
                    case .noteOn(let o):
                        if t == closeStep { allowed[e] = o % 12 == 0 }
                        else if t > closeStep { allowed[e] = false }
                        else { allowed[e] = !request.inKeyOnly || scale.contains(pitchClass: ((o % 12) + 12) % 12) }
                    }
                }
                if request.temperature == 0 {
                    // Greedy: the likeliest allowed event alone.
                    let best = TemperedNucleus.likeliest((0..<V).map { allowed[$0] ? Double(max(row[$0], 1e-30)) : 0 }, allowed: nil)
                    return (0..<V).map { $0 == best ? 1 : 0 }
                }
                var weights = (0..<V).map { allowed[$0] ? pow(Double(max(row[$0], 1e-30)), 1 / request.temperature) : 0 }
                keepNucleus(&weights, topP: request.topP)
                return weights
            })
        let best = beams[0]
        let generated = best.tokens[primerEvents.count...].map { StepEvent(id: $0)! }
        let allEvents = best.tokens.map { StepEvent(id: $0)! }
        var generatedNotes = StepEventEncoding.melody(of: allEvents, reference: reference).notes.filter { $0.start >= primerEvents.count }
        // A primer note still sounding when the generated part starts with no-events is extended.
        var notes = primerNotes
        if let last = notes.last, last.end == primerEvents.count, let firstChange = generated.firstIndex(where: { $0 != .noEvent }), firstChange > 0 {
            notes[notes.count - 1].steps += firstChange
        }
        if request.primer.allSatisfy({ $0.pitch == nil }) {
            func outside(_ shift: Int) -> Int { generatedNotes.filter { !(60...84).contains($0.pitch + shift) }.count }
            let shift = [0, -12, 12].min { outside($0) < outside($1) }!
            generatedNotes = generatedNotes.map { GridNote(pitch: min(max($0.pitch + shift, 0), 127), start: $0.start, steps: $0.steps) }
        }
        notes += generatedNotes
        let melody = GridMelody(notes: notes)
        return Composition(request: request, melody: melody, tokens: StepEventEncoding.tokens(of: allEvents, key: request.key),
                           primerTokenCount: StepEventEncoding.tokens(of: primerEvents.map { StepEvent(id: $0)! }, key: request.key).count, logProbability: best.logProbability, totalSteps: total)
    }
}
