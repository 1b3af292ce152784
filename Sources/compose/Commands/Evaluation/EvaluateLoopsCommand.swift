import ArgumentParser
import Composer
import Foundation
import ModelKit
import Representations

struct EvaluateLoopsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loops",
        abstract: "Measure a loops model on held-out 2-bar windows (MusicVAE's measures beside the silent baseline).",
        discussion: """
            Held-out: melody, the seeded --held-out share of DIR's tunes (the split the shipped model \
            was trained with), their 2-bar windows 2 bars apart; drums, the grooves outside info.csv's \
            train split (as evaluate drums). Free-running accuracy: the encoder mean decoded greedily, the \
            share of steps equal to the input; teacher-forced accuracy; note F1 (step and pitch, or drum); \
            the "always hold" / "all rest" baseline; KL per window in bits; 100 seeded pairs \
            interpolated with 7 inner steps (smooth paths; for melody the midpoint's nats per step \
            under the shipped melody LSTM against a data-space mix); the time of 4 encodes and a 6 x 6 decode. \
            --part validation scores instead the --validation share of the training side that train loops \
            picks its epoch on (for comparing settings without looking at the held-out part).
            """
    )

    @Option(help: "Folder of MIDI files (searched recursively).")
    var corpus: String

    @Option(help: "melody or drums.")
    var kind: LoopKind = .melody

    @Option(name: .customLong("model-file"), help: "Loops model JSON (default: the shipped Models/loops-melody.json or Models/loops-drums.json).")
    var modelFile: String?

    @OptionGroup var split: SplitOptions<MelodyEvaluationSplit>

    @Option(help: "held-out (the figures reported) or validation (the share of the training side that picks the epoch).")
    var part: LoopsEvaluation.Part = .heldOut

    @Option(help: "With --part validation: the fraction of the training tunes or grooves train loops validated on.")
    var validation = 0.05

    @Option(help: "Interpolation pairs, 0-10000.")
    var pairs = 100

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        try split.check(zeroAllowed: true)
        try OptionChecks.check("--pairs", pairs, in: 0...10_000)
        try OptionChecks.fraction("--validation", validation)
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        BLAS.setThreads(threads)
        let model = try loadLoopsModel(kind, file: modelFile)
        let splitValue = DataSplit.heldOutOrAll(fraction: split.heldOut, seed: split.splitSeed)
        let data = try LoopsCorpus.load(kind, directory: URL(fileURLWithPath: corpus), split: splitValue,
                                        validation: part == .validation ? validation : 0, shifts: [0], hopBars: 2)
        let lstm = kind == .melody ? try? ModelCatalog.loadRNNMelody() : nil
        if kind == .melody && lstm == nil && !json { printError("no melody LSTM (Models/melody-rnn.json): the midpoint test is left out") }
        let report: LoopsEvaluationReport
        do {
            report = try LoopsEvaluation.run(model: model, windows: LoopsEvaluation.windows(of: data, part: part),
                                             corpus: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent,
                                             split: part == .heldOut ? data.splitDescription : "\(data.splitDescription), validation \(validation) of the rest (seed 1)",
                                             heldOutItems: part == .heldOut ? data.heldOutItems : data.validationItems, lstm: lstm, pairs: pairs)
        } catch let error as EvaluationError { throw ValidationError("--corpus \(corpus): \(error)") }
        print(json ? try jsonText(report) : report.text())
    }
}

extension LoopsEvaluation.Part: ExpressibleByArgument {}
