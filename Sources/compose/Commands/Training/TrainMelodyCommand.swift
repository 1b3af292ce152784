import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainMelodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "melody",
        abstract: "Train a melody model (Markov or RNN) on every .mid/.midi file under a folder.",
        discussion: """
            --model rnn trains the LSTM on the per-step event encoding, holding out the test split \
            (--held-out, --split-seed) and a validation split of the rest; it checkpoints every epoch \
            (atomically) and writes the best-validation weights to --out (JSON config + .safetensors). \
            Ctrl-C stops at the next minibatch and leaves a checkpoint to --resume from.
            """
    )

    enum ModelKind: String, ExpressibleByArgument, CaseIterable { case markov, rnn }

    @Option(help: "Which model: markov or rnn.")
    var model: ModelKind = .markov

    @OptionGroup var size: RNNSizeOptions<MelodyRNNTraining>

    @OptionGroup var checkpoints: CheckpointOptions

    @OptionGroup var optimizer: RNNOptimizerOptions<MelodyRNNTraining>

    @OptionGroup var split: SplitOptions<MelodyTrainingSplit>

    @OptionGroup var validationOptions: RNNValidationOptions<MelodyRNNTraining>

    @Option(help: "Folder of MIDI files (searched recursively).")
    var corpus: String

    @Option(help: "Where to write the model (JSON; default Models/melody-markov.json or Models/melody-rnn.json).")
    var out: String?

    @Option(help: "Markov order: how many previous events the model looks at (1-6).")
    var order = MarkovMelodyModel.defaultOrder

    @Flag(name: .shortAndLong, help: "No progress bars and no periodic progress lines on stderr.")
    var quiet = false

    func validate() throws {
        try validating { try MarkovMelodyModel.checkOrder(order) }
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        if model == .rnn { return try runRNN() }
        let out = self.out ?? ShippedModel.melodyMarkov.defaultTrainingOutput
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil, corpora: [("--corpus", corpus)])
        let start = Date()
        var bar: ProgressBar?
        let corpusData = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus)) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total, enabled: !quiet) }
            bar?.update(done)
        }
        bar?.finish()
        for skipped in corpusData.skipped.prefix(10) { printError("skipped \(skipped.path): \(skipped.reason)") }
        guard !corpusData.tunes.isEmpty else { throw ValidationError("--corpus \(corpus): no melodies found in \(corpusData.fileCount) MIDI file(s)") }
        printError("training order-\(order) model on \(counted(corpusData.tunes.count, "tune")) (\(corpusData.tuneCount(.major)) major, \(corpusData.tuneCount(.minor)) minor), \(corpusData.tokenCount) events...")
        let model = try MarkovMelodyModel.train(corpus: corpusData, order: order)
        try writing("model", out) { try model.save(to: URL(fileURLWithPath: out)) }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%@: %@ from %@ (%d skipped), order %d, %.1f s", out, counted(corpusData.tunes.count, "tune"),
                     counted(corpusData.fileCount, "file"), corpusData.skipped.count, order, seconds))
    }
}

extension TrainMelodyCommand {
    func runRNN() throws {
        try size.check()
        let (heldOut, splitSeed, validation, resume) = (split.heldOut, split.splitSeed, validationOptions.validation, checkpoints.resume)
        try OptionChecks.positive("--batch-size", optimizer.batchSize)
        try OptionChecks.threads(optimizer.threads)
        try OptionChecks.positive("--bptt", optimizer.bptt)
        try OptionChecks.positive("--epochs", size.epochs)
        try OptionChecks.fraction("--held-out", heldOut)
        try OptionChecks.fraction("--validation", validation)
        let out = self.out ?? ShippedModel.melodyRNN.defaultTrainingOutput
        let outURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpoints.checkpointPath(out: out))
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil, corpora: [("--corpus", corpus)])
        try prepareOutputFolder(for: checkpointURL.path, option: "--checkpoint", createIfMissing: checkpoints.checkpoint == nil && self.out == nil, corpora: [("--corpus", corpus)])
        try checkResumable(resume)
        BLAS.setThreads(optimizer.threads)
        var bar: ProgressBar?
        let corpusData = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus)) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total, enabled: !quiet) }
            bar?.update(done)
        }
        bar?.finish()
        let testSplit = try corpusData.split(.heldOut(fraction: heldOut, seed: splitSeed))
        let (trainPart, testPart) = (MelodyCorpus(tunes: testSplit.training), MelodyCorpus(tunes: testSplit.heldOut))
        let validationSeed: UInt64 = 1
        let validationSplit = try trainPart.split(.heldOut(fraction: validation, seed: validationSeed))
        let (trainTunes, validationTunes) = (MelodyCorpus(tunes: validationSplit.training), MelodyCorpus(tunes: validationSplit.heldOut))
        let options = optimizer.trainingOptions(size)
        let trainer: RNNTrainer
        if let resume {
            do {
                trainer = try RNNMelodyModel.resume(from: URL(fileURLWithPath: resume), training: trainTunes.tunes, validation: validationTunes.tunes)
            } catch { throw StatusError("--resume \(resume)", error) }
            printError("resumed \(resume) after epoch \(trainer.epoch) (\(trainer.updates) updates)")
        } else {
            trainer = RNNMelodyModel.trainer(options: options, training: trainTunes.tunes, validation: validationTunes.tunes)
        }
        let o = trainer.options
        printError("training \(o.layers)x\(o.hiddenSize) LSTM (\(trainer.network.parameterCount) parameters) on \(counted(trainTunes.tunes.count, "tune")) (\(trainer.trainingSteps) steps), validating on \(validationTunes.tunes.count), \(testPart.tunes.count) held out for testing; \(counted(BLAS.threads, "BLAS thread"))")
        func record() -> MelodyRNNTrainingRecord {
            let data = MelodyTrainingData(corpus: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent, files: corpusData.fileCount,
                                          trainingTunes: trainTunes.tunes.count, heldOutFraction: heldOut, splitSeed: splitSeed,
                                          validationTunes: validationTunes.tunes.count)
            return MelodyRNNTrainingRecord(data: data, trainer: trainer, validationFraction: validation, validationSeed: validationSeed)
        }
        try runEpochs(trainer, epochs: size.epochs, checkpoint: checkpointURL, maxMinutes: validationOptions.maxMinutes, quiet: quiet) {
            try writing("model", out) { try RNNMelodyModel.best(of: trainer, record: record()).save(to: outURL) }
        }
        let rec = record()
        print(String(format: "%@: %@, best epoch %d, validation %.4f nats/step (%.1f%%), %.0f s of training (%.0f s to best)",
                     out, counted(rec.epochs, "epoch"), rec.bestEpoch, rec.validationNatsPerStep, rec.validationAccuracy * 100, rec.seconds, rec.secondsToBest))
    }
}
