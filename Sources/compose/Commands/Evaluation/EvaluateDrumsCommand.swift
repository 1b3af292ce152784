import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct EvaluateDrumsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drums",
        abstract: "Compare the drum models (Models/drums-*.json, unigram, uniform) on held-out grooves, and test primer continuations.",
        discussion: """
            Held-out grooves: every groove not in the train split of DIR/info.csv (the GMD's official \
            split: its validation and test grooves; the shipped models are trained on its train split), \
            or, without an info.csv, a seeded 10% (seed \(DataSplit.defaultSeed)). NLL: every 16th-note \
            step of every held-out groove predicted as one of the 512 step sets (9 drums struck or not), \
            in nats per step; the unigram baseline counts step sets (add-one) of the training grooves the \
            models' files record (else of DIR's own training grooves; none without any), uniform is ln 512.

            Primer test: from each held-out groove, every 8th bar with at least 4 hits (up to 8 per \
            groove) is a primer; each model continues it for --following bars (seed = index, \
            --temperature, --top-p). Per-class onset agreement of each continuation bar with the \
            primer bar (the share of the 16 steps where a drum's onset matches, struck in both or in \
            neither, averaged over the drums struck in either bar), the stricter overlap (Dice of the \
            steps each drum is struck on, same drums), the share of bars that copy the primer verbatim, hits per bar by \
            class and LHL syncopation (kick + snare) are compared with the drummer's own next bars.
            """
    )

    @Option(help: "Folder of drum MIDI files (with info.csv for the official split).")
    var corpus: String

    @Option(name: .customLong("models"), help: "Folder of model files (default: the shipped Models/).")
    var modelsDir: String?

    @Option(help: "Bars generated after each primer.")
    var following = 4

    @Option(help: "Sampling temperature of the continuations.")
    var temperature = 1.0

    @Option(name: .customLong("top-p"), help: "Nucleus (top-p) of the continuations (1 = off).")
    var topP = 1.0

    @Option(help: "OpenBLAS threads.")
    var threads = 1

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        try OptionChecks.check("--following", following, in: DrumEvaluation.followingRange)
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        if let modelsDir { try InputFolder.require(modelsDir, option: "--models") }
        BLAS.setThreads(threads)
        let data = try DrumCorpus.load(directory: URL(fileURLWithPath: corpus))
        let folder = modelsDir.map { URL(fileURLWithPath: $0) }
            ?? ((try? ModelCatalog.locate(.drumsRNN)) ?? (try? ModelCatalog.locate(.drumsMarkov)))?.deletingLastPathComponent()
        let files = [ShippedModel.drumsRNN, .drumsMarkov].compactMap { folder?.appendingPathComponent($0.fileName) }
        let models = try DrumEvaluation.models(files: files, corpus: data)
        if models.isEmpty && !json { printError("no drum models found in \(folder?.path ?? "Models/")") }
        var options = DrumEvaluation.Options()
        (options.following, options.temperature, options.topP) = (following, temperature, topP)
        let report: DrumEvaluationReport
        do {
            report = try DrumEvaluation.run(corpus: data, corpusName: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent,
                                            models: models, options: options) { if !json { printError($0) } }
        } catch EvaluationError.nothingHeldOut { throw ValidationError("--corpus \(corpus): no held-out grooves") }
        print(json ? try jsonText(report) : report.text(following: following))
    }
}
