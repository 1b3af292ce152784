import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct EvaluateGenieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genie",
        abstract: "Measure Piano Genie on held-out melodies turned into button sequences: contour, key, likelihood.",
        discussion: """
            Each held-out tune's pitches become buttons 1-8 by their place in the tune's own range \
            (GenieDecoder.buttons(for:)); the decoder replays them with the tune's own rhythm and \
            rests, in its key and meter, with a Markov model trained on the training split (order 5). \
            Rows: the original tunes; the decoder at temperature 0 (the likeliest note) and at \
            --temperature; and a baseline that draws uniformly among the notes the constraints allow. \
            Likelihoods: the Markov token model (nats per note, end token included) and the shipped \
            RNN (step events, per note-on), the RNN having been trained with the same split. \
            With --held-out 0 every tune is scored, decoded with the shipped Markov model.
            """
    )

    @Option(help: "Folder of MIDI files.")
    var corpus: String

    @OptionGroup var split: SplitOptions<GenieEvaluationSplit>

    @Option(help: "Temperature of the sampled row.")
    var temperature = 0.5

    @Option(help: "Seed of the sampled rows (tune i uses seed + i).")
    var seed: UInt64 = 1

    @Option(name: .customLong("rnn-model"), help: "RNN model JSON (default: the shipped Models/melody-rnn.json; \"none\" skips it).")
    var rnnModel: String?

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Flag(help: "Print the table as JSON.")
    var json = false

    func validate() throws {
        try split.check(zeroAllowed: true)
        guard temperature > 0 && temperature.isFinite else { throw ValidationError("--temperature must be above 0, got \(temperature)") }
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        BLAS.setThreads(threads)
        var rnn: RNNMelodyModel?, markov: MarkovMelodyModel?
        if let file = rnnModel, file != "none" {
            // A model named on the command line must load (66 missing, 65 unusable).
            rnn = try loadingModel(.melodyRNN) { try ModelCatalog.loadRNNMelody(from: URL(fileURLWithPath: file)) }
        } else if rnnModel == nil {
            rnn = try? ModelCatalog.loadRNNMelody()
            if rnn == nil { log("no RNN model found: its column is left out") }
        }
        if split.heldOut == 0, case .markov(let m) = try loadMelodyModel(.markov, file: nil) { markov = m }
        let report = try GenieEvaluation.run(corpus: try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus)),
                                             split: .heldOutOrAll(fraction: split.heldOut, seed: split.splitSeed), markov: markov, rnn: rnn,
                                             temperature: temperature, seed: seed, progress: log)
        print(json ? try jsonText(report.rows) : report.text(corpus: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent))
    }

    func log(_ s: String) { if !json { printError(s) } }
}
