import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainDrumsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drums",
        abstract: "Train a drum model (Markov or RNN) on a folder of played drum MIDI files (e.g. the Groove MIDI Dataset).",
        discussion: """
            Channel-10 notes are quantized to 16th-note steps (9 drum classes, GMD mapping). With an \
            info.csv in the folder (the GMD's metadata) only its train split is used, so `compose \
            evaluate drums` can score the validation split as held-out data; --all-splits trains on \
            every file. --model markov picks the order and discounts on a seeded 10% of the training \
            grooves. --model rnn sets a seeded --validation share of the training grooves aside to \
            keep the best epoch, checkpoints every epoch (atomically), and stops with a checkpoint on \
            Ctrl-C or after --max-minutes.
            """
    )

    enum ModelKind: String, ExpressibleByArgument, CaseIterable { case markov, rnn }

    @Option(help: "Which model: markov or rnn.")
    var model: ModelKind = .markov

    @Option(help: "Folder of drum MIDI files (searched recursively; info.csv gives the split).")
    var corpus: String

    @Option(help: "Where to write the model (JSON; default Models/drums-markov.json or Models/drums-rnn.json).")
    var out: String?

    @Flag(name: .customLong("all-splits"), help: "Train on every file, not only info.csv's train split.")
    var allSplits = false

    @Option(help: "Markov: orders to try, e.g. 2,3,4,5,6 (the best on the tuning grooves is kept).")
    var orders = "2,3,4,5,6"

    @OptionGroup var size: RNNSizeOptions<DrumRNNTraining>

    @OptionGroup var optimizer: RNNOptimizerOptions<DrumRNNTraining>

    @OptionGroup var validationOptions: RNNValidationOptions<DrumRNNTraining>

    @OptionGroup var checkpoints: CheckpointOptions

    func validate() throws {
        try size.check()
        try OptionChecks.positive("--batch-size", optimizer.batchSize)
        try OptionChecks.threads(optimizer.threads)
        try OptionChecks.positive("--bptt", optimizer.bptt)
        try OptionChecks.positive("--epochs", size.epochs)
        try OptionChecks.fraction("--validation", validationOptions.validation)
    }

    /// The model file: --out, else Models/drums-<model>.json.
    var outPath: String { out ?? (model == .rnn ? ShippedModel.drumsRNN : ShippedModel.drumsMarkov).defaultTrainingOutput }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        try prepareOutputFolder(for: outPath, option: "--out", createIfMissing: out == nil, corpora: [("--corpus", corpus)])
        if model == .rnn {
            try prepareOutputFolder(for: checkpointPath, option: "--checkpoint", createIfMissing: checkpoints.checkpoint == nil && out == nil, corpora: [("--corpus", corpus)])
            try checkResumable(checkpoints.resume)
        }
        let started = Date()
        var bar: ProgressBar?
        let data = try DrumCorpus.load(directory: URL(fileURLWithPath: corpus)) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total) }
            bar?.update(done)
        }
        bar?.finish()
        for s in data.skipped.prefix(10) { printError("skipped \(s.path): \(s.reason)") }
        let useSplit = data.hasSplitFile && !allSplits
        let grooves = useSplit ? data.grooves(.train) : data.grooves.map(\.groove)
        let split = useSplit ? DrumCorpus.trainSplitName : DrumCorpus.allFilesName
        let corpusName = URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent
        guard !grooves.isEmpty else { throw ValidationError("--corpus \(corpus): no training grooves") }
        printError("\(counted(grooves.count, "groove")) (\(split)), \(grooves.reduce(0) { $0 + $1.steps.count }) steps, from \(counted(data.fileCount, "file")) (\(data.skipped.count) skipped); \(data.quantization.merged) hits merged onto a step already struck by their class")
        switch model {
        case .markov:
            let list = orders.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !list.isEmpty, list.allSatisfy(MarkovDrumModel.orderRange.contains) else {
                throw ValidationError("--orders: a list of orders \(MarkovDrumModel.orderRange.lowerBound)...\(MarkovDrumModel.orderRange.upperBound), e.g. 3,4,5")
            }
            let out = outPath
            let orderBar = ProgressBar("orders", total: list.count)
            var done = 0
            let trained = try MarkovDrumModel.train(grooves: grooves, corpus: corpusName, split: split, orders: list) { message in
                done += 1
                orderBar.update(done, detail: message)
                if isatty(2) == 0 { printError(message) }
            }
            orderBar.finish()
            try writing("model", out) { try trained.save(to: URL(fileURLWithPath: out)) }
            print(String(format: "%@: order %d, %d grooves, %.1f s", out, trained.order, grooves.count, Date().timeIntervalSince(started)))
        case .rnn:
            try trainRNN(grooves, corpusName: corpusName, split: split)
        }
    }

    /// The RNN checkpoint: --checkpoint, else the model file without .json plus .checkpoint.safetensors.
    var checkpointPath: String { checkpoints.checkpointPath(out: outPath) }

    func trainRNN(_ grooves: [DrumGroove], corpusName: String, split: String) throws {
        let outURL = URL(fileURLWithPath: outPath)
        let checkpointURL = URL(fileURLWithPath: checkpointPath)
        BLAS.setThreads(optimizer.threads)
        let validation = validationOptions.validation, resume = checkpoints.resume
        let validationSeed: UInt64 = 1
        let (train, check) = heldOutSplit(grooves, heldOutFraction: validation, seed: validationSeed)
        let options = optimizer.trainingOptions(size)
        let trainer: RNNTrainer
        if let resume {
            do {
                trainer = try RNNDrumModel.resume(from: URL(fileURLWithPath: resume), training: train, validation: check)
            } catch { throw StatusError("--resume \(resume)", error) }
            printError("resumed \(resume) after epoch \(trainer.epoch) (\(trainer.updates) updates)")
        } else {
            trainer = RNNDrumModel.trainer(options: options, training: train, validation: check)
        }
        let o = trainer.options
        printError("training \(o.layers)x\(o.hiddenSize) LSTM (\(trainer.network.parameterCount) parameters) on \(counted(train.count, "groove")) (\(trainer.trainingSteps) steps), validating on \(check.count); \(counted(BLAS.threads, "BLAS thread"))")
        let performance = DrumPerformance(grooves: grooves)
        func record() -> DrumRNNTrainingRecord {
            let data = DrumTrainingData(corpus: corpusName, split: split, trainingGrooves: train.count, validationGrooves: check.count,
                                        stepSetCounts: DrumUnigramModel.stepSetCounts(of: grooves))
            return DrumRNNTrainingRecord(data: data, trainer: trainer, validationFraction: validation, validationSeed: validationSeed)
        }
        func save() throws {
            let network = trainer.bestNetwork
            let config = RNNDrumModel.Config(weights: "", shape: network.shape, performance: performance, training: record())
            try writing("model", outURL.path) { try RNNDrumModel(network: network, config: config).save(to: outURL) }
        }
        try runEpochs(trainer, epochs: size.epochs, checkpoint: checkpointURL, maxMinutes: validationOptions.maxMinutes, saveBest: save)
        let r = record()
        print(String(format: "%@: %@, best epoch %d, validation %.4f nats/step (%.1f%%), %.0f s of training (%.0f s to best)",
                     outURL.path, counted(r.epochs, "epoch"), r.bestEpoch, r.validationNatsPerStep, r.validationAccuracy * 100, r.seconds, r.secondsToBest))
    }
}
