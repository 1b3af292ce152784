import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model from a folder of MIDI files.",
        subcommands: [TrainMelodyCommand.self, TrainDrumsCommand.self, TrainHarmonyCommand.self]
    )
}

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

    @Option(help: "RNN: epochs to train (in all, counting resumed ones).")
    var epochs = 30

    @Option(help: "RNN: LSTM units per layer.")
    var hidden = 128

    @Option(help: "RNN: LSTM layers.")
    var layers = 2

    @Option(help: "RNN: resume from this checkpoint (its hyperparameters win).")
    var resume: String?

    @Option(help: "RNN: checkpoint file (default: <out without .json>.checkpoint.safetensors).")
    var checkpoint: String?

    @Option(name: .customLong("batch-size"), help: "RNN: sequences per minibatch.")
    var batchSize = 64

    @Option(help: "RNN: truncated-BPTT length in 16th-note steps.")
    var bptt = 32

    @Option(name: .customLong("learning-rate"), help: "RNN: Adam learning rate (decayed by --lr-decay each epoch).")
    var learningRate = 0.002

    @Option(name: .customLong("lr-decay"), help: "RNN: learning-rate factor per epoch.")
    var lrDecay = 0.93

    @Option(help: "RNN: dropout rate on LSTM outputs.")
    var dropout = 0.2

    @Option(help: "RNN: seed of weights, tune order and dropout.")
    var seed: UInt64 = 1

    @Option(help: "RNN: OpenBLAS threads (results are reproducible for a fixed count).")
    var threads = 2

    @Option(name: .customLong("held-out"), help: "RNN: fraction of tunes held out for testing, never trained on (0 = train on all).")
    var heldOut = 0.1

    @Option(name: .customLong("split-seed"), help: "RNN: seed of the held-out split (MelodyCorpus.split).")
    var splitSeed: UInt64 = 2024

    @Option(help: "RNN: fraction of the training tunes used for validation (best epoch kept).")
    var validation = 0.05

    @Option(name: .customLong("max-minutes"), help: "RNN: stop (with a checkpoint) after this many minutes of training.")
    var maxMinutes: Double?

    @Option(help: "Folder of MIDI files (searched recursively).")
    var corpus: String

    @Option(help: "Where to write the model (JSON; default Models/melody-markov.json or Models/melody-rnn.json).")
    var out: String?

    @Option(help: "Markov order: how many previous events the model looks at (1-6).")
    var order = MarkovMelodyModel.defaultOrder

    @Flag(name: .shortAndLong, help: "No progress bars and no periodic progress lines on stderr.")
    var quiet = false

    func validate() throws {
        guard (1...6).contains(order) else { throw ValidationError("--order must be 1...6, got \(order)") }
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        if model == .rnn { return try runRNN() }
        let out = self.out ?? ShippedModel.melodyMarkov.defaultTrainingOutput
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil)
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

nonisolated(unsafe) var trainingInterrupted: sig_atomic_t = 0

extension TrainMelodyCommand {
    func runRNN() throws {
        guard hidden >= 1 && hidden <= 2048, layers >= 1 && layers <= 8 else { throw ValidationError("--hidden 1...2048 and --layers 1...8") }
        guard batchSize >= 1, bptt >= 1, epochs >= 1, (0..<1).contains(heldOut), (0..<1).contains(validation) else {
            throw ValidationError("--batch-size, --bptt and --epochs must be positive; --held-out and --validation in [0, 1)")
        }
        let out = self.out ?? ShippedModel.melodyRNN.defaultTrainingOutput
        let outURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpoint ?? (outURL.deletingPathExtension().path + ".checkpoint.safetensors"))
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil)
        try prepareOutputFolder(for: checkpointURL.path, option: "--checkpoint", createIfMissing: checkpoint == nil && self.out == nil)
        try checkResumable(resume)
        BLAS.setThreads(threads)
        var bar: ProgressBar?
        let corpusData = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus)) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total, enabled: !quiet) }
            bar?.update(done)
        }
        bar?.finish()
        let (trainPart, testPart) = heldOut > 0 ? corpusData.split(heldOutFraction: heldOut, seed: splitSeed) : (corpusData, MelodyCorpus(tunes: []))
        let validationSeed: UInt64 = 1
        let (trainTunes, validationTunes) = validation > 0 ? trainPart.split(heldOutFraction: validation, seed: validationSeed) : (trainPart, MelodyCorpus(tunes: []))
        var options = RNNTrainingOptions()
        options.hiddenSize = hidden; options.layers = layers; options.batchSize = batchSize; options.bpttSteps = bptt
        options.learningRate = learningRate; options.learningRateDecay = lrDecay; options.dropout = dropout; options.seed = seed
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
        printError("training \(o.layers)x\(o.hiddenSize) LSTM (\(trainer.network.parameterCount) parameters) on \(counted(trainTunes.tunes.count, "tune")) (\(trainer.trainingSteps) steps), validating on \(validationTunes.tunes.count), \(testPart.tunes.count) held out for testing; \(BLAS.threads) BLAS threads")
        func record() -> RNNTrainingRecord {
            let best = trainer.best
            return RNNTrainingRecord(corpus: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent, files: corpusData.fileCount,
                                     trainingTunes: trainTunes.tunes.count, trainingSteps: trainer.trainingSteps,
                                     heldOutFraction: heldOut, splitSeed: splitSeed, validationFraction: validation, validationSeed: validationSeed,
                                     validationTunes: validationTunes.tunes.count, options: trainer.options, epochs: trainer.epoch,
                                     bestEpoch: best?.epoch ?? trainer.epoch, updates: trainer.updates, secondsToBest: best?.seconds ?? trainer.seconds,
                                     seconds: trainer.seconds, validationNatsPerStep: best?.validationLoss ?? .nan,
                                     validationAccuracy: best?.validationAccuracy ?? .nan, history: trainer.history)
        }
        try runEpochs(trainer, epochs: epochs, checkpoint: checkpointURL, maxMinutes: maxMinutes, quiet: quiet) {
            try writing("model", out) { try RNNMelodyModel.best(of: trainer, record: record()).save(to: outURL) }
        }
        let rec = record()
        print(String(format: "%@: %@, best epoch %d, validation %.4f nats/step (%.1f%%), %.0f s of training (%.0f s to best)",
                     out, counted(rec.epochs, "epoch"), rec.bestEpoch, rec.validationNatsPerStep, rec.validationAccuracy * 100, rec.seconds, rec.secondsToBest))
    }
}
