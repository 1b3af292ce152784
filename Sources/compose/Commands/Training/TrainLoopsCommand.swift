import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainLoopsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loops",
        abstract: "Train a latent-loops model (a MusicVAE-style VAE of 2-bar melody or drum loops).",
        discussion: """
            Melody: 2-bar windows (a bar apart) of every tune under --corpus, in the key-relative step \
            encoding, split by tune (--held-out tunes never trained on; a --validation share of the rest \
            keeps the best epoch), with the offsets moved by each of --shifts semitones. Drums: 2-bar \
            windows of the grooves of info.csv's train split (--validation of them for the best epoch; \
            its validation and test grooves are held out). \
            Checkpoints every epoch (atomically); Ctrl-C or --max-minutes stops with a checkpoint to \
            --resume from.
            """
    )

    @Option(help: "melody or drums.")
    var kind: LoopKind = .melody

    @Option(help: "Folder of MIDI files (searched recursively).")
    var corpus: String

    @Option(help: "Where to write the model (JSON; default Models/loops-<kind>.json).")
    var out: String?

    @Option(help: "Epochs to train (in all, counting resumed ones).")
    var epochs = 20

    @Option(help: "Encoder LSTM units per direction.")
    var encoder = 128

    @Option(help: "Latent dimensions.")
    var latent = 64

    @Option(help: "Decoder LSTM units per layer.")
    var decoder = 256

    @Option(name: .customLong("decoder-layers"), help: "Decoder LSTM layers.")
    var decoderLayers = 1

    @Option(name: .customLong("batch-size"), help: "Loops per minibatch.")
    var batchSize = 64

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate (decayed by --lr-decay each epoch).")
    var learningRate = 0.002

    @Option(name: .customLong("lr-decay"), help: "Learning-rate factor per epoch.")
    var lrDecay = 0.9

    @Option(name: .customLong("max-beta"), help: "Largest KL weight beta.")
    var maxBeta = 0.2

    @Option(name: .customLong("beta-rate"), help: "beta after u updates is max-beta * (1 - rate^u).")
    var betaRate = 0.999

    @Option(name: .customLong("free-bits"), help: "KL bits per loop that cost nothing.")
    var freeBits = 32.0

    @Option(name: .customLong("free-bits-scope"),
            help: "sequence: the free bits apply to each loop's whole KL; dimension: each latent dimension gets free-bits / latent of them.")
    var freeBitsScope: FreeBitsScope = .sequence

    @Option(name: .customLong("input-dropout"), help: "Probability of hiding the previous step from the decoder.")
    var inputDropout = 0.25

    @Option(help: "Melody: semitone shifts of the key-relative offsets (augmentation), e.g. -12,0,12.")
    var shifts = "0"

    @Option(name: .customLong("hop-bars"), help: "Bars between the starts of training windows.")
    var hopBars = 1

    @Option(name: .customLong("drum-mixes"),
            help: "Drums: add this many times the training windows again, each mixing the drum classes of two real windows (augmentation; 0: none).")
    var drumMixes = 0

    @Option(help: "Seed of weights, window order, noise and dropout.")
    var seed: UInt64 = 1

    @Option(help: "OpenBLAS threads (results are reproducible for a fixed count).")
    var threads = 2

    @OptionGroup var split: SplitOptions<MelodyTrainingSplit>

    @Option(help: "Fraction of the training tunes or grooves used for validation (best epoch kept).")
    var validation = 0.05

    @Option(name: .customLong("max-minutes"), help: "Stop (with a checkpoint) after this many minutes of training.")
    var maxMinutes: Double?

    @OptionGroup var checkpoints: CheckpointOptions

    @Flag(name: .shortAndLong, help: "No progress bars and no periodic progress lines on stderr.")
    var quiet = false

    func validate() throws {
        try OptionChecks.positive("--epochs", epochs)
        try OptionChecks.check("--encoder", encoder, in: 1...2048)
        try OptionChecks.check("--latent", latent, in: 1...1024)
        try OptionChecks.check("--decoder", decoder, in: 1...2048)
        try OptionChecks.check("--decoder-layers", decoderLayers, in: 1...4)
        try OptionChecks.positive("--batch-size", batchSize)
        try OptionChecks.threads(threads)
        try OptionChecks.positive("--hop-bars", hopBars)
        try OptionChecks.check("--drum-mixes", drumMixes, in: 0...20)
        try OptionChecks.fraction("--input-dropout", inputDropout)
        try OptionChecks.fraction("--validation", validation)
        try OptionChecks.check("--max-beta", maxBeta, in: 0...10)
        try OptionChecks.check("--beta-rate", betaRate, in: 0...1)
        try OptionChecks.check("--free-bits", freeBits, in: 0...10_000)
        try split.check(zeroAllowed: true)
        _ = try shiftList()
    }

    func shiftList() throws -> [Int] {
        let parts = shifts.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && abs($0!) <= 24 }) else {
            throw ValidationError("--shifts must be whole semitones in -24...24 separated by commas, got \(shifts)")
        }
        return parts.map { $0! }
    }

    var trainingOptions: VAETrainingOptions {
        var o = VAETrainingOptions()
        o.encoderHidden = encoder; o.latentSize = latent; o.decoderHidden = decoder; o.decoderLayers = decoderLayers
        o.batchSize = batchSize; o.learningRate = learningRate; o.learningRateDecay = lrDecay; o.maxBeta = maxBeta
        o.betaRate = betaRate; o.freeBits = freeBits
        o.freeBitsScope = freeBitsScope == .sequence ? nil : freeBitsScope; o.inputDropout = inputDropout; o.seed = seed
        return o
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        let out = self.out ?? ShippedModel.loops(kind).defaultTrainingOutput
        let outURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpoints.checkpointPath(out: out))
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil, corpora: [("--corpus", corpus)])
        try prepareOutputFolder(for: checkpointURL.path, option: "--checkpoint", createIfMissing: checkpoints.checkpoint == nil && self.out == nil,
                                corpora: [("--corpus", corpus)])
        try checkResumable(checkpoints.resume)
        BLAS.setThreads(threads)
        var bar: ProgressBar?
        let data = try LoopsCorpus.load(kind, directory: URL(fileURLWithPath: corpus), split: .heldOut(fraction: split.heldOut, seed: split.splitSeed),
                                        validation: validation, shifts: try shiftList(), hopBars: hopBars,
                                        drumMixes: kind == .drums ? drumMixes : 0) { done, total in
            if bar == nil { bar = ProgressBar("reading", total: total, enabled: !quiet) }
            bar?.update(done)
        }
        bar?.finish()
        let trainer: LoopsTrainer
        if let resume = checkpoints.resume {
            do {
                trainer = try LoopsTraining.resume(kind, from: URL(fileURLWithPath: resume), training: data.training, validation: data.validation)
            } catch { throw StatusError("--resume \(resume)", error) }
            printError("resumed \(resume) after epoch \(trainer.epoch) (\(trainer.updates) updates)")
        } else {
            trainer = try LoopsTraining.trainer(kind, options: trainingOptions, training: data.training, validation: data.validation)
        }
        let o = trainer.options
        printError("training a \(kind.rawValue) loops VAE (encoder 2x\(o.encoderHidden), z \(o.latentSize), decoder \(o.decoderLayers)x\(o.decoderHidden); \(trainer.model.parameterCount) parameters) on \(data.training.count) windows of \(counted(data.trainingItems, data.itemName)), validating on \(data.validation.count) windows of \(data.validationItems), \(data.heldOutItems) held out; \(counted(BLAS.threads, "BLAS thread"))")
        func record() -> LoopsTrainingRecord {
            LoopsTrainingRecord(trainer: trainer, corpus: URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent, files: data.files,
                                split: data.splitDescription, trainingItems: data.trainingItems, validationItems: data.validationItems,
                                heldOutItems: data.heldOutItems, shifts: data.shifts,
                                drumMixes: kind == .drums && drumMixes > 0 ? drumMixes : nil)
        }
        try runEpochs(trainer, epochs: epochs, checkpoint: checkpointURL, maxMinutes: maxMinutes, quiet: quiet) {
            try writing("model", out) { try LoopsTraining.best(of: trainer, kind: kind, record: record()).save(to: outURL) }
        }
        let rec = record()
        print(String(format: "%@: %@, best epoch %d, validation %.4f nats/step (teacher-forced accuracy %.1f%%), %.0f s of training (%.0f s to best)",
                     out, counted(rec.epochs, "epoch"), rec.bestEpoch, rec.validationNatsPerStep, rec.validationAccuracy * 100, rec.seconds, rec.secondsToBest))
    }
}

extension LoopKind: ExpressibleByArgument {}
extension FreeBitsScope: ExpressibleByArgument {}
