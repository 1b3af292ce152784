import ArgumentParser
import Composer
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from a folder of MIDI files.",
        subcommands: [TrainMelodyCommand.self]
    )
}

struct TrainMelodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "melody",
        abstract: "Train the Markov melody model on every .mid/.midi file under a folder."
    )

    @Option(help: "Folder of MIDI files (searched recursively).")
    var corpus: String

    @Option(help: "Where to write the model (JSON).")
    var out = "Models/melody-markov.json"

    @Option(help: "Markov order: how many previous events the model looks at (1-6).")
    var order = MarkovMelodyModel.defaultOrder

    func validate() throws {
        guard (1...6).contains(order) else { throw ValidationError("--order must be 1...6, got \(order)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--corpus \(corpus): no such folder")
        }
    }

    func run() throws {
        let start = Date()
        var bar: ProgressBar?
        let corpusData = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus)) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total) }
            bar?.update(done)
        }
        bar?.finish()
        for skipped in corpusData.skipped.prefix(10) { printError("skipped \(skipped.path): \(skipped.reason)") }
        guard !corpusData.tunes.isEmpty else { throw ValidationError("--corpus \(corpus): no melodies found in \(corpusData.fileCount) MIDI file(s)") }
        printError("training order-\(order) model on \(corpusData.tunes.count) tunes (\(corpusData.tuneCount(.major)) major, \(corpusData.tuneCount(.minor)) minor), \(corpusData.tokenCount) events...")
        let model = try MarkovMelodyModel.train(corpus: corpusData, order: order)
        try model.save(to: URL(fileURLWithPath: out))
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%@: %d tunes from %d files (%d skipped), order %d, %.1f s", out, corpusData.tunes.count,
                     corpusData.fileCount, corpusData.skipped.count, order, seconds))
    }
}
