import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

/// Markov melody model: training time on a corpus folder (reading the files included) and the
/// time to generate a melody of `--bars` bars.
struct MarkovBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "markov", abstract: "Markov model: train seconds, generate ms.")

    @Argument(help: "The melody corpus folder.")
    var corpus: String

    @Option(help: "Bars to generate.")
    var bars = 1000

    @Option(help: "Timed runs; the median is reported.")
    var runs = 3

    func run() throws {
        let url = URL(fileURLWithPath: corpus)
        let (trainTimes, model) = try Bench.time(runs: runs) {
            try MarkovMelodyModel.train(corpus: MelodyCorpus.load(directory: url))
        }
        let key = Key(tonic: 0, mode: .major)
        var seed: UInt64 = 0
        let (genTimes, composition) = try Bench.time(runs: max(runs, 5)) {
            seed += 1
            return try model.compose(bars: bars, key: key, seed: seed)
        }
        // The machine may be shared: the fastest run and the load average say how far from idle it was.
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
        Bench.report(["row": "markov", "trainSeconds": Bench.median(trainTimes), "trainRuns": trainTimes,
                      "bars": bars, "generateSeconds": Bench.median(genTimes), "generateRuns": genTimes,
                      "generateMinSeconds": genTimes.min() ?? 0, "loadAverage1min": load ?? -1,
                      "notesGenerated": composition.score().parts.reduce(0) { $0 + $1.notes.count }])
    }
}

/// LSTM melody model: sampling steps per second (composing with the saved model), training steps
/// per second (a few seconds of one epoch from fresh weights on the corpus), and the training time
/// to the target NLL read from the saved model's training record.
struct LSTMBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lstm", abstract: "LSTM model: sampling and training steps/s.")

    @Option(help: "The saved model's JSON config (Models/melody-rnn.json).")
    var model: String

    @Option(help: "The melody corpus folder (for the training-speed row).")
    var corpus: String

    @Option(help: "Bars to sample (16 steps per 4/4 bar).")
    var bars = 100

    @Option(help: "Seconds of training to time.")
    var trainSeconds = 15.0

    @Option(help: "Target validation NLL, nats per step (Magenta basic_rnn on this corpus: 0.847).")
    var targetNLL = 0.847

    func run() throws {
        let rnn = try RNNMelodyModel.load(from: URL(fileURLWithPath: model))
        let key = Key(tonic: 0, mode: .major)
        var seed: UInt64 = 0
        let (sampleTimes, _) = try Bench.time(runs: 3) {
            seed += 1
            return try rnn.compose(bars: bars, key: key, seed: seed)
        }
        let steps = bars * 16
        let sampleSeconds = Bench.median(sampleTimes)

        let corpus = try MelodyCorpus.load(directory: URL(fileURLWithPath: corpus))
        let trainer = RNNMelodyModel.trainer(options: RNNTrainingOptions(), training: corpus.tunes, validation: [])
        var rate = 0.0
        let start = Bench.now()
        _ = trainer.runEpoch(progress: { _, _, _, stepsPerSecond in rate = stepsPerSecond },
                             shouldStop: { Bench.now() - start > trainSeconds })

        // Time to target from the saved training record (cumulative epoch seconds).
        let config = rnn.config
        var toTarget: Double? = nil
        var elapsed = 0.0
        var epochAtTarget: Int? = nil
        for e in config.training?.history ?? [] {
            elapsed += e.seconds
            if e.validationLoss <= targetNLL { toTarget = elapsed; epochAtTarget = e.epoch; break }
        }
        Bench.report(["row": "lstm", "sampleStepsPerSecond": Double(steps) / sampleSeconds, "sampleSteps": steps,
                      "trainStepsPerSecond": rate, "trainSecondsTimed": Bench.now() - start,
                      "targetNLL": targetNLL, "secondsToTarget": toTarget ?? NSNull(), "epochAtTarget": epochAtTarget ?? NSNull(),
                      "bestValidationNLL": config.training?.validationNatsPerStep ?? NSNull()])
    }
}
