import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

struct MelodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "melody",
        abstract: "Compose a melody with the Markov or the RNN (LSTM) model and write it as a Standard MIDI File.",
        discussion: """
            With a primer (--primer or --primer-file), --bars counts the new bars only: the primer \
            is kept as given (a primer file's notes at their own velocities, a pickup in its place \
            in the bar); the model goes on straight after it, through the rest of its last bar, then \
            --bars whole bars. A primer file is read leniently (repairs in one warning line; --strict \
            refuses a damaged file). The same \
            seed and options always give the same file.
            """
    )

    @Option(help: "Length in bars, 1-1000: with a primer, the new bars after it.")
    var bars = 16

    @Option(help: "Tonic of the key: C, F#, Bb, ... (default: the --primer-file's key, else C).")
    var key: String?

    @Option(help: "major or minor (default: the mode of the --primer-file's key, else major).")
    var mode: Key.Mode?

    @Option(help: "Time signature, e.g. 4/4, 3/4, 6/8 (default: the --primer-file's, else 4/4).")
    var meter: String?

    @Option(help: "Tempo in quarter notes per minute, 4-1000 (default: the --primer-file's first tempo, else 120).")
    var tempo: Double?

    @OptionGroup var sampling: SamplingOptions<MelodySampling>

    @Option(help: "Which model: markov or rnn.")
    var model: MelodyModel.Kind = .markov

    @Option(help: """
        Form plan: aabb (8-bar sections, A A B B: 16 bars are A then A with a new last bar), \
        aaba or abac (four sections of a quarter of the tune), or none (bar after bar). Each \
        section closes on the tonic; a repeat draws its last bars anew (2 of 8, 1 of 4); sections are redrawn to \
        keep a range of 16 semitones, leaps of 9 and no more than 2 bars of a training tune. \
        aabb needs a multiple of 8 bars (16 or more), the others a multiple of 4 (16 or more);         otherwise none (with a warning when --form is given). Default: aabb.
        """)
    var form: MelodyForm?

    @Option(name: .customLong("beam-size"), help: "RNN: beam search width (1 = plain sampling).")
    var beamSize = 1

    @Option(name: .customLong("branch-factor"), help: "RNN: events sampled per beam per step.")
    var branchFactor = 1

    @Option(help: "Notes that start the melody, e.g. \"E4 G4 A4\" (each one beat; \"G4:2\" lasts 2 beats, \"r\" is a rest).")
    var primer: String?

    @Option(name: .customLong("primer-file"), help: "A MIDI file whose melody starts the composition (read leniently unless --strict).")
    var primerFile: String?

    @OptionGroup var primerVoice: PrimerVoiceOptions

    @Option(name: .customLong("model-file"), help: "Model JSON (default: the shipped Models/melody-markov.json or Models/melody-rnn.json).")
    var modelFile: String?

    @Option(help: "General MIDI program 0-127 or a name (e.g. violin); none by default (piano).")
    var program: String?

    @Option(help: "Where to write the melody.")
    var out = "song.mid"

    func validate() throws {
        try validating { try CompositionLimits.checkBars(bars) }
        _ = try chooseKey(key: key, mode: mode, fromFile: nil)
        try validating {
            if let tempo { try CompositionLimits.checkTempo(tempo) }
            try CompositionLimits.checkBeam(beamSize: beamSize, branchFactor: branchFactor)
        }
        if model == .markov, beamSize != 1 || branchFactor != 1 {
            throw ValidationError("--beam-size and --branch-factor are for --model rnn (the Markov model draws one note at a time)")
        }
        guard primer == nil || primerFile == nil else { throw ValidationError("give --primer or --primer-file, not both") }
        if primerFile == nil, primerVoice.track != nil || primerVoice.channel != nil {
            throw ValidationError("--primer-track and --primer-channel choose the voice of a --primer-file: give one")
        }
    }

    func run() throws {
        var primerNotes: [PrimerNote] = []
        var fromFile: PrimerFileDefaults?
        var voice: String?
        try refuseOverwritingInput(out: out, inputs: [("--primer-file", primerFile), ("--model-file", modelFile)])
        if let primerFile {
            let (score, reading) = try primerVoice.readMelody(primerFile, option: "--primer-file")
            primerNotes = reading.notes
            voice = voiceSummary(reading)
            fromFile = PrimerFileDefaults(score: score, reading: reading)
        }
        let meterValue = try meter.map(parseMeter) ?? fromFile?.meter ?? .common
        let meterName = meter ?? "\(meterValue.numerator)/\(meterValue.denominator)"
        let keyValue = try chooseKey(key: key, mode: mode, fromFile: fromFile?.key)
        let tempo = self.tempo ?? fromFile?.tempo ?? 120
        if let primer { primerNotes = try Primer.parse(primer, meter: meterValue) }
        let totalBars = primerNotes.isEmpty ? bars : CompositionRequest.totalBars(newBars: bars, primer: primerNotes, meter: meterValue)
        let composition: Composition
        let melodyModel = try loadMelodyModel(model, file: modelFile)
        let topP = sampling.topP ?? melodyModel.defaultTopP
        let request = CompositionRequest(bars: totalBars, key: keyValue, meter: meterValue, tempo: tempo, seed: sampling.seed,
                                         temperature: sampling.temperature, topP: topP, primer: primerNotes)
        composition = try melodyModel.compose(request, form: form ?? .default, beamSize: beamSize, branchFactor: branchFactor)
        if let form, form != .none, form.sections(bars: totalBars).isEmpty {
            let needs = form == .aabb ? "a multiple of 8 bars, 16 or more" : "a multiple of 4 bars, 16 or more"
            printError("warning: --form \(form.rawValue) needs \(needs): the \(totalBars) bars are composed without a form plan")
        }
        var score = composition.score()
        if let program {
            let number = try parseProgram(program)
            score.parts[0].controls.insert(ControlEvent(tick: 0, message: .programChange(channel: 0, program: UInt8(number))), at: 0)
        }
        try score.write(to: URL(fileURLWithPath: out))
        let barsText = totalBars == bars ? counted(bars, "bar") : "\(totalBars) bars (\(totalBars - bars) of primer, \(bars) new)"
        print("\(out): \(model) model, \(barsText) of \(keyValue) in \(meterName) at \(tempo.formatted()) bpm, \(counted(score.allNotes.count, "note")), seed \(sampling.seed)"
              + (voice.map { "; primer: \($0)" } ?? ""))
    }
}
