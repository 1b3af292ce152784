import ModelKit
import Representations

/// The ranges of the composition parameters, defined once: the models check them before
/// composing, and the command lines' `validate()` call the same checks. Every check throws a
/// `ParameterError` named as the request property it checks (`bars`, `tempo`, `temperature`,
/// `topP`, `beamSize`, `branchFactor`), with the value given and the values allowed.
public enum CompositionLimits {
    /// Bars of a composed melody or drum groove.
    public static let bars: ClosedRange<Int> = 1...1000
    /// Bars of a continuation (the answer to a phrase).
    public static let continuationBars: ClosedRange<Int> = 1...64
    /// Tempo in quarter notes per minute. 4 at least: the SMF tempo meta holds at most 0xFFFFFF µs
    /// per quarter note (3.58 bpm).
    public static let tempo: ClosedRange<Double> = 4...1000
    /// RNN beam search: beam width and events sampled per beam per step.
    public static let beam: ClosedRange<Int> = 1...64
    /// MIDI note numbers a primer note may have.
    public static let primerPitch: ClosedRange<Int> = 0...127

    /// - Throws: `ParameterError` (`bars`) when `bars` is outside `range` (default `bars`).
    public static func checkBars(_ bars: Int, in range: ClosedRange<Int> = CompositionLimits.bars) throws(ParameterError) {
        try ParameterError.check("bars", bars, in: range)
    }

    /// - Throws: `ParameterError` (`tempo`) for a tempo outside `tempo` or not finite.
    public static func checkTempo(_ bpm: Double) throws(ParameterError) {
        guard bpm.isFinite, tempo.contains(bpm) else {
            throw ParameterError("tempo", value: bpm, allowed: "\(Int(tempo.lowerBound))...\(Int(tempo.upperBound)) bpm")
        }
    }

    /// The sampling temperature: finite and at least 0; 0 is greedy, taking the likeliest choice
    /// every time (every sampler: melody, drums, loops, the Piano Genie decoder).
    /// - Throws: `ParameterError` (`temperature`).
    public static func checkTemperature(_ temperature: Double) throws(ParameterError) {
        guard temperature.isFinite, temperature >= 0 else {
            throw ParameterError("temperature", value: temperature, allowed: "at least 0")
        }
    }

    /// The nucleus (top-p) mass: in (0, 1]; 1 turns nucleus sampling off.
    /// - Throws: `ParameterError` (`topP`).
    public static func checkTopP(_ topP: Double) throws(ParameterError) {
        guard topP.isFinite, topP > 0, topP <= 1 else { throw ParameterError("topP", value: topP, allowed: "(0, 1]") }
    }

    /// - Throws: `ParameterError` (`beamSize` or `branchFactor`) for a value outside `beam`.
    public static func checkBeam(beamSize: Int, branchFactor: Int) throws(ParameterError) {
        try ParameterError.check("beamSize", beamSize, in: beam)
        try ParameterError.check("branchFactor", branchFactor, in: beam)
    }

    /// Primer notes: pitches in `primerPitch`, each lasting at least one step.
    /// - Throws: `ParameterError` (`primer pitch` or `primer steps`) naming the first bad note's value.
    public static func checkPrimer(_ primer: [PrimerNote]) throws(ParameterError) {
        for note in primer {
            if let pitch = note.pitch { try ParameterError.check("primer pitch", pitch, in: primerPitch) }
            guard note.steps >= 1 else { throw ParameterError("primer steps", value: note.steps, allowed: "at least 1 (a 16th note)") }
        }
    }

    /// Everything `MarkovMelodyModel.compose` and `RNNMelodyModel.compose` check on a request
    /// before composing (bars, tempo, temperature, top-p, primer notes).
    /// - Throws: `ParameterError` for the first value out of its range.
    static func check(_ request: CompositionRequest) throws(ParameterError) {
        try checkBars(request.bars)
        try checkTempo(request.tempo)
        try checkTemperature(request.temperature)
        try checkTopP(request.topP)
        try checkPrimer(request.primer)
    }
}
