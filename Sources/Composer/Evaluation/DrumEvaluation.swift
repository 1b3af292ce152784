import ModelKit
import Representations
import Music
import Foundation

/// Compares drum models on held-out grooves: the negative log-likelihood of every 16th-note step
/// set against a unigram (the step-set counts of the grooves the models were trained on, as their
/// files record them) and a uniform baseline (ln 512), then the primer test (continuations of
/// one-bar primers against the drummer's own next bars, `DrumMetrics`).
///
/// Held-out grooves: with an `info.csv`, every groove not in its `train` split (`validation` and
/// `test`, `DataSplit.corpusSplit`); without one, a seeded 10% (`DataSplit.shipped`).
public enum DrumEvaluation {
    /// The primer test's settings.
    public struct Options: Sendable {
        /// Bars generated after each primer (`followingRange`).
        public var following = 4
        /// Sampling temperature and nucleus (top-p, 1 = off) of the continuations.
        public var temperature = 1.0
        public var topP = 1.0
        public init() {}
    }

    /// The bars after a primer that the primer test can generate.
    public static let followingRange = 1...32

    /// A model with the name the report gives it.
    public typealias NamedModel = (name: String, model: any DrumStepModel)

    /// Reads the drum model files that exist among `files` (an RNN config or a Markov model each,
    /// in order) and names them "<label> (<file name>)", with a warning when a model was not
    /// trained on the `train` split of an `info.csv` or `corpus` has none (it may have seen the
    /// grooves scored).
    /// - Throws: a model file's error when one cannot be read.
    public static func models(files: [URL], corpus: DrumCorpus) throws -> [NamedModel] {
        var result: [NamedModel] = []
        for file in files where FileManager.default.fileExists(atPath: file.path) {
            let model: any DrumStepModel = ModelFiles.isConfig(RNNDrumModel.Config.self, at: file) ? try RNNDrumModel.load(from: file) : try MarkovDrumModel.load(from: file)
            var name = "\(model.label) (\(file.lastPathComponent))"
            if let t = model.trainingData, t.split != DrumCorpus.trainSplitName || !corpus.hasSplitFile {
                name += " [WARNING: trained on \(t.split) of \(t.corpus)]"
            }
            result.append((name, model))
        }
        return result
    }

    /// Evaluates `models` on the held-out grooves of `corpus`, named `corpusName` in the report.
    /// `progress` gets one line per model scored or continuing primers.
    /// - Throws: `EvaluationError.nothingHeldOut` when no groove is held out; `ParameterError` for
    ///   `options.following` outside `followingRange`; errors of the models' generation.
    public static func run(corpus: DrumCorpus, corpusName: String, models: [NamedModel], options: Options = Options(),
                           progress: (String) -> Void = { _ in }) throws -> DrumEvaluationReport {
        try ParameterError.check("following bars", options.following, in: followingRange)
        let dataSplit: DataSplit = corpus.hasSplitFile ? .corpusSplit : .shipped
        let (training, test) = try corpus.split(dataSplit)
        guard !test.isEmpty else { throw EvaluationError.nothingHeldOut(kind: "groove") }
        let scoredSplits: [String: Int]
        var split: String
        if corpus.hasSplitFile {
            scoredSplits = [DrumCorpus.Split.validation.rawValue: corpus.count(.validation), DrumCorpus.Split.test.rawValue: corpus.count(.test)]
            split = "info.csv validation and test splits: \(corpus.count(.validation)) + \(corpus.count(.test)) = \(counted(test.count, "groove")) scored (train split: \(counted(training.count, "groove")))"
        } else {
            scoredSplits = ["held-out": test.count]
            split = "no info.csv: a seeded \(String(format: "%.0f%%", DataSplit.defaultFraction * 100)) (seed \(DataSplit.defaultSeed)) held out, \(test.count) grooves"
        }
        let (unigram, unigramNote) = unigramBaseline(models: models, training: training)
        split += "; " + (unigramNote ?? "no training grooves known: no unigram baseline")
        progress(split)

        let unigramScore = unigram?.score(test)
        func below(_ r: NLLReport) -> Double? { unigramScore.map { 1 - r.natsPerStep / $0.natsPerStep } }
        var rows: [DrumEvaluationReport.NLLRow] = []
        for (name, model) in models {
            let start = Date()
            let r = model.score(test)
            progress(String(format: "%@: %.4f nats/step (%.1f s)", name, r.natsPerStep, Date().timeIntervalSince(start)))
            rows.append(.init(model: name, natsPerStep: r.natsPerStep, accuracy: r.accuracy, belowUnigram: below(r)))
        }
        if let u = unigramScore {
            rows.append(.init(model: "unigram", natsPerStep: u.natsPerStep, accuracy: u.accuracy, belowUnigram: 0,
                              note: "add-one step-set frequencies of the training grooves"))
        }
        let uniform = DrumUniformModel().score(test)
        rows.append(.init(model: "uniform", natsPerStep: uniform.natsPerStep, accuracy: uniform.accuracy, belowUnigram: below(uniform), note: "ln 512"))

        let (primers, continuation) = try primerTest(test, models: models, options: options, progress: progress)
        return DrumEvaluationReport(corpus: corpusName, split: split, scoredSplits: scoredSplits, grooves: test.count, steps: uniform.steps,
                                    nll: rows, primers: primers, continuation: continuation)
    }

    /// The unigram of the first model file that records its training step-set counts, else of
    /// `training` (the corpus's own training part) when it has grooves, else none; with a note
    /// saying which.
    static func unigramBaseline(models: [NamedModel], training: [DrumGroove]) -> (DrumUnigramModel?, String?) {
        for (name, model) in models {
            if let counts = model.trainingData?.stepSetCounts, let unigram = try? DrumUnigramModel(counts: counts) {
                return (unigram, "unigram: step sets of the \(counts.reduce(0, +)) training steps recorded in \(name)")
            }
        }
        guard !training.isEmpty else { return (nil, nil) }
        return (DrumUnigramModel(training: training), "unigram: the \(training.count) training grooves of this folder")
    }

    /// The primer test: excerpts of the held-out grooves (`DrumMetrics.excerpts`), the drummer's
    /// own continuations and each model's (seed = index + 1), measured alike.
    static func primerTest(_ test: [DrumGroove], models: [NamedModel], options: Options, progress: (String) -> Void) throws
        -> (primers: Int, rows: [DrumEvaluationReport.GrooveRow]) {
        let excerpts = DrumMetrics.excerpts(test, following: options.following)
        func row(_ source: String, _ grooves: [DrumGroove], rate: Double? = nil) -> DrumEvaluationReport.GrooveRow {
            let c = DrumMetrics.continuation(grooves)
            let after = grooves.map { $0.bars(1..<$0.bars) }
            let hits = DrumMetrics.hitsPerBar(after)
            return .init(source: source, bars: c.bars, agreement: c.agreement, overlap: c.overlap, verbatimShare: c.verbatimShare,
                         hitsPerBar: Dictionary(uniqueKeysWithValues: DrumClass.allCases.map { ($0.name, hits[$0.rawValue]) }),
                         syncopation: DrumMetrics.syncopation(after), stepsPerSecond: rate)
        }
        var rows = [row("corpus (the drummer's next bars)", excerpts)]
        for (name, model) in models {
            let start = Date()
            var generated: [DrumGroove] = []
            for (i, e) in excerpts.enumerated() {
                let request = DrumCompositionRequest(bars: options.following + 1, meter: e.meter, seed: UInt64(i + 1),
                                                     temperature: options.temperature, topP: options.topP, primer: e.bars(0..<1))
                generated.append(try model.compose(request))
            }
            let seconds = Date().timeIntervalSince(start)
            let steps = excerpts.reduce(0) { $0 + options.following * $1.meter.stepsPerBar }
            progress(String(format: "%@: %d continuations in %.1f s", name, generated.count, seconds))
            rows.append(row(name + String(format: ", T %g, top-p %g", options.temperature, options.topP), generated,
                            rate: Double(steps) / max(seconds, 1e-9)))
        }
        return (excerpts.count, rows)
    }
}
