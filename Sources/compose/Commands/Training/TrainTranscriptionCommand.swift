import ArgumentParser
import Foundation
import ModelKit
import Transcription

struct TrainTranscriptionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcription",
        abstract: "Train Piano Scribe's acoustic model (audio to piano notes) on FluidSynth renders of a MIDI corpus.",
        discussion: """
            The first run renders pieces of --corpus (its chorales, leadsheets and songs folders; the \
            transcription held-out set, every 10th chorale, 20th lead sheet and 10th song, is never \
            used) as piano through one of --soundfonts each, with reverb, chorus and tempo varied per piece, \
            and caches their log-mel frames and note labels in --data; --generated N adds N generated \
            piano pieces (written to --data's generated/ folder) rendered the same way, --generated-pedal N pieces \
            played with the sustain pedal. Later runs with the same --data \
            train on the cache. Every 20th piece validates (its loss is recorded per epoch); the model file \
            holds the latest weights. --init starts from a model file's weights (a new optimiser; with \
            --pedal-head the pedal head is new). Checkpoints every epoch \
            (atomically); Ctrl-C or --max-minutes stops with a checkpoint to --resume from.
            """
    )

    @Option(help: "The corpus folder (with chorales/, leadsheets/, songs/).")
    var corpus: String = "../shared/corpus"

    @Option(help: "Folder of the rendered training set (made on the first run).")
    var data: String

    @Option(help: "Where to write the model (JSON; the weights go beside it).")
    var out: String = "Models/" + PianoScribeModel.fileName

    @Option(help: "Training chorales to render (evenly spaced among those not held out).")
    var chorales = 150

    @Option(help: "Training lead sheets to render.")
    var leadsheets = 150

    @Option(help: "Training songs to render.")
    var songs = 18

    @Option(help: "Generated piano pieces to render beside the corpus's (first run; written to --data's generated/ folder): repeated chords and notes, runs, clouds of keys across the keyboard, melody over chords, at varied velocities.")
    var generated = 0

    @Option(name: .customLong("generated-pedal"), help: "Generated pieces with the sustain pedal to render as well (first run; generated/pedal-NNNN.mid): about half of their passages pedalled, pressed again every 0.8-2.5 s, notes released early under it.")
    var generatedPedal = 0

    @Option(name: .customLong("generated-seconds"), help: "Length of each generated piece in seconds (about; 5-600).")
    var generatedSeconds = 30.0

    @Option(help: "SoundFonts, comma-separated, one drawn per piece (never FluidR3_GM: it is the test SoundFont). sf_GMbank is Debian's csound-soundfont.")
    var soundfonts = "/usr/share/sounds/sf2/TimGM6mb.sf2,/usr/share/sounds/sf3/MuseScore_General.sf3,/usr/share/sounds/sf2/sf_GMbank.sf2"

    @Option(name: .customLong("timbre-renders"), help: "Renders of each piece (first run): the first plain, each further one with a random piano program (GM 0-3) and SoundFont generator offsets (filter, envelope, fine tune).")
    var timbreRenders = 1

    @Option(help: "Epochs to train (in all, counting resumed ones).")
    var epochs = 100

    @Option(name: .customLong("batches-per-epoch"), help: "Minibatches per epoch.")
    var batchesPerEpoch = 200

    @Option(name: .customLong("batch-size"), help: "Chunks per minibatch.")
    var batchSize = 8

    @Option(name: .customLong("chunk-frames"), help: "Labelled frames (10 ms) per chunk.")
    var chunkFrames = 96

    @Option(help: "Channels of the first two convolutions.")
    var channels1 = 12

    @Option(help: "Channels of the third convolution.")
    var channels2 = 24

    @Option(help: "Units of the per-frame dense layer.")
    var hidden = 192

    @Option(name: .customLong("head-context"), help: "Frames (10 ms) on either side of a frame whose hidden units its onset and offset heads also read (0-16; default 5, the shipped model's, or the --init model's). Wider than an --init model's: the heads start from its weights on the middle frames; narrower: new heads.")
    var headContext: Int?

    @Flag(name: .customLong("pedal-head"), help: "Give the model a sustain-pedal head (CC 64), learned from the pieces' pedals (transcribe writes what it predicts). FluidSynth renders a key released under the pedal exactly as a held key, so from these renders it learns no better than chance (docs/transcription.md).")
    var pedalHead = false

    @Option(name: .customLong("pedal-weight"), help: "Weight of the pedal head's loss (default 1; applies to a resumed run too).")
    var pedalWeight: Double?

    @Option(help: "Start from this model's weights (a piano-scribe.json; its sizes win over --channels1, --channels2, --hidden), with a new optimiser; a head it lacks starts new.")
    var `init`: String?

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate (decayed by --lr-decay each epoch).")
    var learningRate = 0.001

    @Option(name: .customLong("lr-decay"), help: "Learning-rate factor per epoch.")
    var lrDecay = 0.98

    @Option(name: .customLong("onset-weight"), help: "Weight of positive cells in the onset and offset losses (applies to a resumed run too).")
    var onsetWeight: Double = 10

    @Option(name: .customLong("frame-weight"), help: "Weight of positive cells in the frame loss (applies to a resumed run too).")
    var frameWeight: Double = 2

    @Option(name: .customLong("eq-db"), help: "Timbre augmentation: largest excursion in dB of a random smooth equaliser per chunk (0-24; default none; applies to a resumed run too).")
    var eqDB: Double?

    @Option(name: .customLong("noise-db"), help: "Noise augmentation: every other chunk gets a noise floor of (noise-db - 30) to noise-db dB log-mel power (renders peak near +10 dB; -80 to 0; default none; applies to a resumed run too).")
    var noiseDB: Double?

    @Option(help: "Seed of weights, render variants, chunk order and augmentation.")
    var seed: UInt64 = 1

    @Option(help: "OpenBLAS threads (results are reproducible for a fixed count).")
    var threads = 1

    @Option(name: .customLong("render-threads"), help: "Threads rendering the training set (first run).")
    var renderThreads = 2

    @Option(name: .customLong("max-minutes"), help: "Stop (with a checkpoint) after this many minutes of training.")
    var maxMinutes: Double?

    @OptionGroup var checkpoints: CheckpointOptions

    @Flag(name: .shortAndLong, help: "No progress bars and no periodic progress lines on stderr.")
    var quiet = false

    func validate() throws {
        try OptionChecks.positive("--epochs", epochs)
        try OptionChecks.positive("--batches-per-epoch", batchesPerEpoch)
        try OptionChecks.check("--batch-size", batchSize, in: 1...256)
        try OptionChecks.check("--chunk-frames", chunkFrames, in: 1...2000)
        try OptionChecks.check("--channels1", channels1, in: 1...256)
        try OptionChecks.check("--channels2", channels2, in: 1...256)
        try OptionChecks.check("--hidden", hidden, in: 1...4096)
        try OptionChecks.check("--chorales", chorales, in: 0...100_000)
        try OptionChecks.check("--leadsheets", leadsheets, in: 0...100_000)
        try OptionChecks.check("--songs", songs, in: 0...100_000)
        try OptionChecks.check("--timbre-renders", timbreRenders, in: 1...16)
        try OptionChecks.check("--generated", generated, in: 0...100_000)
        try OptionChecks.check("--generated-seconds", generatedSeconds, in: 5...600)
        try OptionChecks.check("--generated-pedal", generatedPedal, in: 0...100_000)
        if let pedalWeight { try OptionChecks.check("--pedal-weight", pedalWeight, in: 0.01...1000) }
        if let noiseDB { try OptionChecks.check("--noise-db", noiseDB, in: -80...0) }
        if `init` != nil && checkpoints.resume != nil { throw ValidationError("--init and --resume cannot be used together: --resume continues a run, --init starts a new one") }
        try OptionChecks.threads(threads)
        try OptionChecks.threads(renderThreads)
        try OptionChecks.check("--learning-rate", learningRate, in: 1e-6...1)
        try OptionChecks.check("--lr-decay", lrDecay, in: 0.01...1)
        try OptionChecks.check("--onset-weight", onsetWeight, in: 0.01...1000)
        try OptionChecks.check("--frame-weight", frameWeight, in: 0.01...1000)
        if let eqDB { try OptionChecks.check("--eq-db", eqDB, in: 0...24) }
        if let headContext, !(0...16).contains(headContext) { throw ValidationError("--head-context must be 0...16, got \(headContext)") }
        for font in soundFontList where font.lowercased().contains("fluidr3") {
            throw ValidationError("--soundfonts must not include \(font): FluidR3_GM renders the held-out test set")
        }
    }

    var soundFontList: [String] { soundfonts.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

    var trainingOptions: PianoScribeTrainingOptions {
        var o = PianoScribeTrainingOptions()
        o.shape = PianoScribeShape(channels1: channels1, channels2: channels2, hidden: hidden, pedal: pedalHead, headContext: headContext ?? PianoScribeShape.shipped.headContext)
        o.chunkFrames = chunkFrames; o.batchSize = batchSize; o.batchesPerEpoch = batchesPerEpoch
        o.learningRate = learningRate; o.learningRateDecay = lrDecay; o.seed = seed
        o.onsetPositiveWeight = Float(onsetWeight); o.framePositiveWeight = Float(frameWeight)
        o.eqDB = eqDB.map(Float.init)
        o.noiseDB = noiseDB.map(Float.init)
        o.pedalWeight = pedalWeight.map(Float.init)
        return o
    }

    func run() throws {
        let dataURL = URL(fileURLWithPath: data)
        if !FileManager.default.fileExists(atPath: dataURL.appendingPathComponent("index.json").path) {
            if chorales + leadsheets + songs > 0 { try InputFolder.require(corpus, option: "--corpus") }
            for font in soundFontList where !FileManager.default.fileExists(atPath: font) {
                throw StatusError(.noInput, "--soundfonts: \(font) not found (Debian packages: timgm6mb-soundfont, musescore-general-soundfont, csound-soundfont)")
            }
            let corpusURL = URL(fileURLWithPath: corpus)
            let names = TranscriptionCorpus.training(corpus: corpusURL, counts: ["chorales": chorales, "leadsheets": leadsheets, "songs": songs])
            guard !names.isEmpty || generated + generatedPedal > 0 else { throw StatusError(.dataError, "--corpus \(corpus): no training pieces in chorales/, leadsheets/, songs/") }
            let pedalNames = (0..<generatedPedal).map { GeneratedPianoPieces.pedalName(index: $0) }
            let generatedNames = (0..<generated).map { GeneratedPianoPieces.name(index: $0) } + pedalNames
            if !generatedNames.isEmpty {
                try writing("generated pieces", dataURL.appendingPathComponent(GeneratedPianoPieces.folder).path) {
                    try FileManager.default.createDirectory(at: dataURL.appendingPathComponent(GeneratedPianoPieces.folder), withIntermediateDirectories: true)
                    for i in 0..<generated {
                        try GeneratedPianoPieces.file(index: i, seed: seed, seconds: generatedSeconds).write(to: dataURL.appendingPathComponent(generatedNames[i]))
                    }
                    for (i, name) in pedalNames.enumerated() {
                        try GeneratedPianoPieces.file(index: i, seed: seed, seconds: generatedSeconds, pedalled: true).write(to: dataURL.appendingPathComponent(name))
                    }
                }
            }
            let renders = TranscriptionCorpus.renders(names: names + generatedNames, renders: timbreRenders, soundFonts: soundFontList, seed: seed)
            let sourceURL = { (render: String) -> URL in
                let source = TranscriptionCorpus.source(ofRender: render)
                return GeneratedPianoPieces.isGenerated(source) ? dataURL.appendingPathComponent(source) : corpusURL.appendingPathComponent(source)
            }
            // Two render threads report progress; the lock keeps the bar's updates apart.
            nonisolated(unsafe) let bar = ProgressBar("rendering", total: renders.count, enabled: !quiet)
            let barLock = NSLock()
            let started = Date()
            try writing("training set", data) {
                try PianoTrainingSet.build(sources: renders.map { sourceURL($0.name) },
                                           names: renders.map(\.name), variants: renders.map(\.variant), into: dataURL,
                                           threads: renderThreads, progress: { done, _ in barLock.withLock { bar.update(done) } },
                                           skipped: { name, error in printError("skipped \(name): \(error)") })
            }
            bar.finish()
            printError(String(format: "rendered %d pieces into %@ in %.0f s", renders.count, data, Date().timeIntervalSince(started)))
        }
        let set: PianoTrainingSet
        do { set = try PianoTrainingSet(directory: dataURL) } catch { throw StatusError("--data \(data)", error) }
        let outURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpoints.checkpointPath(out: out))
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: true)
        try checkResumable(checkpoints.resume)
        BLAS.setThreads(threads)
        let trainer: PianoScribeTrainer
        if let resume = checkpoints.resume {
            do {
                trainer = try PianoScribeTraining.resume(set, from: URL(fileURLWithPath: resume),
                                                         onsetPositiveWeight: Float(onsetWeight), framePositiveWeight: Float(frameWeight),
                                                         eqDB: eqDB.map(Float.init), noiseDB: noiseDB.map(Float.init),
                                                         pedalWeight: pedalWeight.map(Float.init))
            } catch { throw StatusError("--resume \(resume)", error) }
            printError("resumed \(resume) after epoch \(trainer.epoch) (\(trainer.updates) updates)")
        } else if let initPath = `init` {
            let initial: PianoScribeModel
            do { initial = try PianoScribeModel.load(from: URL(fileURLWithPath: initPath)) } catch { throw StatusError("--init \(initPath)", error) }
            var options = trainingOptions
            options.shape = initial.network.shape
            options.shape.pedal = initial.network.shape.pedal || pedalHead
            options.shape.headContext = headContext ?? initial.network.shape.headContext
            let before = initial.config.training
            options.startedFrom = URL(fileURLWithPath: initPath).lastPathComponent
                + (before.map { " (" + counted($0.epochs, "epoch") + String(format: ", %.0f s of training)", $0.seconds) } ?? "")
            trainer = try PianoScribeTraining.trainer(set, options: options, initial: initial.network)
            let was = initial.network.shape.headContext, now = options.shape.headContext
            let heads = now > was ? " (onset and offset heads widened from \(was) to \(now) frames either side, starting from its weights)"
                : now < was ? " (new onset and offset heads: narrower than its \(was) frames either side)" : ""
            printError("starting from \(initPath)" + (options.shape.pedal && !initial.network.shape.pedal ? " (new pedal head)" : "") + heads)
        } else {
            trainer = try PianoScribeTraining.trainer(set, options: trainingOptions)
        }
        let s = trainer.model.shape
        let hours = Double(trainer.training.pieces.reduce(0) { $0 + set.index.pieces[$1].frames }) / 360_000
        printError("training Piano Scribe (conv \(s.channels1)/\(s.channels2), dense \(s.hidden), head context \(s.headContext); "
                   + "\(s.parameterCount) parameters) on \(counted(trainer.training.pieces.count, "piece")) (" + String(format: "%.2f h", hours)
                   + "), validating on \(counted(trainer.validation.count, "chunk")); \(counted(BLAS.threads, "BLAS thread"))")
        try runEpochs(trainer, epochs: epochs, checkpoint: checkpointURL, maxMinutes: maxMinutes, quiet: quiet) {
            try writing("model", out) { try PianoScribeTraining.current(of: trainer, set: set).save(to: outURL) }
        }
        let validation = trainer.validation.isEmpty ? "no validation pieces (fewer than 20 pieces)"
            : String(format: "best epoch %d, validation loss %.4f", trainer.best?.epoch ?? 0, trainer.best?.validationLoss ?? .nan)
        print(out + ": " + counted(trainer.epoch, "epoch") + ", " + validation + String(format: ", %.0f s of training", trainer.seconds))
    }
}
