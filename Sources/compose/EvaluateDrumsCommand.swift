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
            Held-out grooves: the validation split of DIR/info.csv (the GMD's official split; the \
            shipped models are trained on its train split), or, without an info.csv, a seeded 10% \
            (seed 2024). NLL: every 16th-note step of every held-out groove predicted as one of the \
            512 step sets (9 drums struck or not), in nats per step; the unigram baseline counts step \
            sets on the training grooves (add-one), uniform is ln 512.

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

    struct NLLRow: Codable {
        var model: String
        var natsPerStep: Double
        var accuracy: Double
        var belowUnigram: Double
        var note: String?
    }

    struct GrooveRow: Codable {
        var source: String
        var bars: Int
        var agreement: Double
        var overlap: Double
        var verbatimShare: Double
        var hitsPerBar: [String: Double]
        var syncopation: Double
        var stepsPerSecond: Double?
    }

    struct Report: Codable {
        var corpus: String
        var split: String
        var grooves: Int
        var steps: Int
        var nll: [NLLRow]
        var primers: Int
        var continuation: [GrooveRow]
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        BLAS.setThreads(threads)
        guard (1...32).contains(following) else { throw ValidationError("--following must be 1...32") }
        let data = try DrumCorpus.load(directory: URL(fileURLWithPath: corpus))
        let corpusName = URL(fileURLWithPath: corpus).standardizedFileURL.lastPathComponent
        let training: [DrumGroove], test: [DrumGroove], split: String
        if data.hasSplitFile {
            (training, test) = (data.grooves(.train), data.grooves(.validation))
            split = "info.csv validation split: \(test.count) grooves scored; train split (\(training.count) grooves) for the unigram"
        } else {
            (training, test) = DrumCorpus.split(data.grooves.map(\.groove), fraction: 0.1, seed: 2024)
            split = "no info.csv: a seeded 10% (seed 2024) held out, \(test.count) grooves; \(training.count) for the unigram"
        }
        guard !test.isEmpty else { throw ValidationError("--corpus \(corpus): no held-out grooves") }
        log(split)

        var models: [(String, any DrumStepModel)] = []
        let folder = modelsDir.map { URL(fileURLWithPath: $0) }
            ?? ((try? ModelCatalog.locate(.drumsRNN)) ?? (try? ModelCatalog.locate(.drumsMarkov)))?.deletingLastPathComponent()
        if let folder {
            let rnn = folder.appendingPathComponent(ShippedModel.drumsRNN.fileName), markov = folder.appendingPathComponent(ShippedModel.drumsMarkov.fileName)
            if FileManager.default.fileExists(atPath: rnn.path) {
                let m = try RNNDrumModel.load(from: rnn)
                var name = "\(m.label) (drums-rnn.json)"
                if let t = m.config.training, t.split != "train split of info.csv" || !data.hasSplitFile { name += " [WARNING: trained on \(t.split) of \(t.corpus)]" }
                models.append((name, m))
            }
            if FileManager.default.fileExists(atPath: markov.path) {
                let m = try MarkovDrumModel.load(from: markov)
                var name = "\(m.label) (drums-markov.json)"
                if m.training.split != "train split of info.csv" || !data.hasSplitFile { name += " [WARNING: trained on \(m.training.split) of \(m.training.corpus)]" }
                models.append((name, m))
            }
        }
        if models.isEmpty { log("no drum models found in \(folder?.path ?? "Models/")") }

        let unigram = DrumUnigramModel(training: training).score(test)
        var rows: [NLLRow] = []
        for (name, model) in models {
            let start = Date()
            let r = model.score(test)
            log(String(format: "%@: %.4f nats/step (%.1f s)", name, r.natsPerStep, Date().timeIntervalSince(start)))
            rows.append(NLLRow(model: name, natsPerStep: r.natsPerStep, accuracy: r.accuracy, belowUnigram: 1 - r.natsPerStep / unigram.natsPerStep))
        }
        rows.append(NLLRow(model: "unigram", natsPerStep: unigram.natsPerStep, accuracy: unigram.accuracy, belowUnigram: 0,
                           note: "add-one step-set frequencies of the training grooves"))
        let uniform = DrumUnigramModel.uniformScore(test)
        rows.append(NLLRow(model: "uniform", natsPerStep: uniform.natsPerStep, accuracy: uniform.accuracy,
                           belowUnigram: 1 - uniform.natsPerStep / unigram.natsPerStep, note: "ln 512"))

        // Primer test.
        let excerpts = DrumMetrics.excerpts(test, following: following)
        func row(_ source: String, _ grooves: [DrumGroove], rate: Double? = nil) -> GrooveRow {
            let c = DrumMetrics.continuation(grooves)
            let after = grooves.map { $0.bars(1..<$0.bars) }
            let hits = DrumMetrics.hitsPerBar(after)
            return GrooveRow(source: source, bars: c.bars, agreement: c.agreement, overlap: c.overlap, verbatimShare: c.verbatimShare,
                             hitsPerBar: Dictionary(uniqueKeysWithValues: DrumClass.allCases.map { ($0.name, hits[$0.rawValue]) }),
                             syncopation: DrumMetrics.syncopation(after), stepsPerSecond: rate)
        }
        var groove = [row("corpus (the drummer's next bars)", excerpts)]
        for (name, model) in models {
            let start = Date()
            var generated: [DrumGroove] = []
            for (i, e) in excerpts.enumerated() {
                let request = DrumCompositionRequest(bars: following + 1, meter: e.meter, seed: UInt64(i + 1), temperature: temperature,
                                                     topP: topP, primer: e.bars(0..<1))
                generated.append(try model.compose(request))
            }
            let seconds = Date().timeIntervalSince(start)
            let steps = excerpts.reduce(0) { $0 + following * $1.meter.stepsPerBar }
            log(String(format: "%@: %d continuations in %.1f s", name, generated.count, seconds))
            groove.append(row(name + String(format: ", T %g, top-p %g", temperature, topP), generated, rate: Double(steps) / max(seconds, 1e-9)))
        }
        let report = Report(corpus: corpusName, split: split, grooves: test.count, steps: uniform.steps, nll: rows, primers: excerpts.count,
                            continuation: groove)
        if json {
            print(try jsonText(report))
            return
        }
        print("\(corpusName): \(split)")
        print("\(report.grooves) grooves, \(report.steps) steps (16th notes); 512 step sets (9 drums)\n")
        let width = max(24, rows.map(\.model.count).max() ?? 24)
        print("model".padding(toLength: width, withPad: " ", startingAt: 0) + "  nats/step  vs unigram  accuracy")
        for r in rows {
            print(r.model.padding(toLength: width, withPad: " ", startingAt: 0)
                  + String(format: "  %9.4f  %+9.1f%%  %7.2f%%", r.natsPerStep, r.belowUnigram == 0 ? 0.0 : -r.belowUnigram * 100, r.accuracy * 100)
                  + (r.note.map { "   " + $0 } ?? ""))
        }
        print("\nPrimer test: \(excerpts.count) one-bar primers from the held-out grooves, \(following) bars after each")
        let names = DrumClass.allCases.map(\.name)
        let w2 = max(34, groove.map(\.source.count).max() ?? 34)
        print("source".padding(toLength: w2, withPad: " ", startingAt: 0) + "  agreement  overlap  verbatim  syncopation  hits per bar: " + names.joined(separator: " "))
        for g in groove {
            print(g.source.padding(toLength: w2, withPad: " ", startingAt: 0)
                  + String(format: "  %8.1f%%  %6.1f%%  %7.1f%%  %11.2f  ", g.agreement * 100, g.overlap * 100, g.verbatimShare * 100, g.syncopation)
                  + names.map { String(format: "%.2f", g.hitsPerBar[$0] ?? 0) }.joined(separator: " "))
        }
    }

    func log(_ s: String) { if !json { printError(s) } }
}
