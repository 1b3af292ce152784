import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

struct ContinueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "continue",
        abstract: "Answer a phrase: the melody model continues a MIDI file's melody for some bars (AI duet, offline).",
        discussion: """
            The phrase's melody (its top line on the 16th-note grid, as --primer-file reads it: a pickup \
            in its place, velocities as played; --primer-track/--primer-channel choose the voice) is the \
            primer; the answer starts at the bar line after it, lasts --bars new bars, is at the phrase's \
            first tempo and ends on the tonic. Its key is --key/--mode, else the phrase file's key \
            signature (its major key or relative minor, whichever fits the phrase's notes better, \
            as harmonize decides), else the key estimated from the phrase (Krumhansl-Schmuckler). \
            The same seed gives the same answer.
            """
    )

    @Argument(help: "The phrase: a MIDI file.")
    var phrase: String

    @Option(help: "Length of the answer in bars, 1-64 (new bars, the phrase not counted).")
    var bars = 4

    @Option(help: "Which model: markov or rnn.")
    var model: MelodyModel.Kind = .markov

    @Option(name: .customLong("model-file"), help: "Model JSON (default: the shipped Models/melody-markov.json or Models/melody-rnn.json).")
    var modelFile: String?

    @Option(help: "Tonic of the answer's key: C, F#, Bb, ... (default: the phrase's key).")
    var key: String?

    @Option(help: "major or minor (default: the mode of the phrase's key).")
    var mode: Key.Mode?

    @OptionGroup var sampling: SamplingOptions<ContinueSampling>

    @OptionGroup var primerVoice: PrimerVoiceOptions

    @Flag(name: .customLong("include-primer"), help: "Write the phrase and then the answer (default: the answer alone).")
    var includePrimer = false

    @Flag(help: "Allow notes outside the phrase's key (default: the answer keeps to the key's scale).")
    var chromatic = false

    @Option(help: "Where to write the answer.")
    var out = "answer.mid"

    func validate() throws {
        try validating { try CompositionLimits.checkBars(bars, in: CompositionLimits.continuationBars) }
        _ = try chooseKey(key: key, mode: mode, fromFile: nil)
    }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("the phrase", phrase), ("--model-file", modelFile)])
        let (score, reading) = try primerVoice.readMelody(phrase, option: nil)
        let notes = reading.notes
        let fromFile = PrimerFileDefaults(score: score, reading: reading)
        let meter = fromFile.meter ?? .common
        let tempo = fromFile.tempo ?? 120
        let keyValue = try chooseKey(key: key, mode: mode, fromFile: fromFile.key)
        let melodyModel = try loadMelodyModel(model, file: modelFile)
        let answer: Continuation
        do {
            answer = try melodyModel.continuation(of: notes, bars: bars, meter: meter, tempo: tempo, seed: sampling.seed,
                                                  temperature: sampling.temperature, topP: sampling.topP, inKeyOnly: !chromatic, key: keyValue)
        } catch let error as ComposerError {
            throw ValidationError("\(phrase): \(error)")
        } catch let error as ParameterError {
            // Options were checked in validate(); what is left comes from the phrase (its tempo, its notes).
            throw ValidationError("\(phrase): \(error)")
        }
        try answer.score(includePhrase: includePrimer).write(to: URL(fileURLWithPath: out))
        let phraseSteps = notes.reduce(0) { $0 + $1.steps }
        print("\(out): \(model) model answered \(phrase) (\(phraseSteps) steps, \(answer.key)) with \(bars) new bars, \(counted(answer.answer.notes.count, "note")), seed \(sampling.seed)"
              + (includePrimer ? "; the answer starts at bar \(answer.answerStart / meter.stepsPerBar + 1)" : "")
              + "; phrase: \(voiceSummary(reading))")
    }
}
