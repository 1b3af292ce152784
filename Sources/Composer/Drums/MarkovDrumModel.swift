import FileIO
import ModelKit
import Music
import Representations
import Foundation
import SMF

/// A variable-order Markov model of drum grooves: an interpolated modified Kneser-Ney n-gram model
/// (`KneserNeyModel`) over the 512 step sets (`DrumHits`), each step predicted under its position
/// in the bar (0 ..< 16, `KneserNeyModel`'s condition), from up to `order - 1` previous steps.
/// Every step of a groove is predicted (from the begin symbol at the first bar line); there is no
/// end token (a groove is generated for a given number of bars).
public final class MarkovDrumModel: DrumStepModel, @unchecked Sendable {
    /// What the model was trained on (recorded in the file).
    public struct Training: Hashable, Sendable, Codable {
        /// The corpus name as given to `train`.
        public var corpus: String
        /// Grooves counted.
        public var grooves: Int
        /// 16th-note steps counted.
        public var steps: Int
        /// `DrumCorpus.trainSplitName` or `DrumCorpus.allFilesName`.
        public var split: String
        /// How order and discounts were chosen.
        public var tuning: String
        /// Held-out nats per step of each order tried, on the tuning grooves.
        public var orderNatsPerStep: [String: Double]
        /// How many steps of the training grooves struck each of the 512 step sets
        /// (`DrumUnigramModel.stepSetCounts`), for the unigram baseline of evaluations; nil in
        /// files written before it was recorded.
        public var stepSetCounts: [Int]?
    }

    /// The n-gram order (1...6): each step is predicted from up to `order - 1` previous steps.
    public let order: Int
    /// The counted n-gram model with its tuned modified Kneser-Ney discounts.
    public let model: KneserNeyModel
    public let performance: DrumPerformance
    /// What the model was trained on.
    public let training: Training
    /// The training grooves' step sets and meters (the model's sufficient statistics).
    let sequences: [(meter: Meter, ids: [Int])]

    public var label: String { "markov order \(order)" }
    /// 0.7: in the primer test its hits per bar come closest to the drummers' (summed difference
    /// over the 9 drums 3.50; T 1: 3.93, T 0.8: 3.89, T 0.6: 4.63), its syncopation near theirs
    /// (1.88 against 1.79; T 1: 2.61).
    public var defaultTemperature: Double { 0.7 }
    public var trainingData: DrumTrainingSummary? {
        DrumTrainingSummary(corpus: training.corpus, split: training.split, stepSetCounts: training.stepSetCounts)
    }

    init(order: Int, discounts: [[Double]]?, sequences: [(meter: Meter, ids: [Int])], performance: DrumPerformance, training: Training) throws {
        self.order = order
        self.sequences = sequences
        self.performance = performance
        self.training = training
        var m = try MarkovDrumModel.count(sequences, order: order)
        if let discounts { m = try m.with(discounts: discounts) }
        model = m
    }

    static func count(_ sequences: [(meter: Meter, ids: [Int])], order: Int) throws -> KneserNeyModel {
        try KneserNeyModel(order: order, vocabularySize: DrumHits.vocabularySize, conditionCount: DrumGrid.maxStepsPerBar,
                           sequences: sequences.map(\.ids), conditions: sequences.map(conditions))
    }

    /// The bar position of every step.
    static func conditions(_ s: (meter: Meter, ids: [Int])) -> [Int] {
        s.ids.indices.map { $0 % s.meter.stepsPerBar }
    }

    /// The orders tried by `train` when none is given.
    public static let candidateOrders = [2, 3, 4, 5, 6]
    /// The orders a model can be trained with: `1...KneserNeyModel.maxOrder`.
    public static let orderRange = 1...KneserNeyModel.maxOrder

    /// - Throws: `ParameterError` (`orders`) for an empty list or an order outside `orderRange`.
    public static func checkOrders(_ orders: [Int]) throws(ParameterError) {
        guard !orders.isEmpty, orders.allSatisfy(orderRange.contains) else {
            throw ParameterError("orders", value: orders.map(String.init).joined(separator: ","),
                                 allowed: "a list of orders \(orderRange.lowerBound)...\(orderRange.upperBound), e.g. 3,4,5")
        }
    }

    /// Trains on grooves. A seeded 10% of them (seed 1) is set aside; for each order in `orders`
    /// a model counted on the other 90% gets discounts tuned on the set-aside grooves
    /// (`KneserNeyModel.optimizedDiscounts`, `passes` sweeps) and is scored there; the order with
    /// the lowest NLL wins, and the final model counts every groove with that order's discounts.
    /// `progress(message)` reports each order.
    /// - Throws: `ComposerError.noTrainingExamples` for no grooves; `ParameterError` (`orders`) for
    ///   no order or one outside `orderRange`.
    public static func train(grooves: [DrumGroove], corpus: String, split: String, orders: [Int] = candidateOrders, passes: Int = 2,
                             progress: (String) -> Void = { _ in }) throws -> MarkovDrumModel {
        guard !grooves.isEmpty else { throw ComposerError.noTrainingExamples(kind: "grooves") }
        try checkOrders(orders)
        let (inner, check) = heldOutSplit(grooves, heldOutFraction: 0.1, seed: 1)
        let innerSeqs = inner.map { (meter: $0.meter, ids: $0.ids) }
        let checkSeqs = check.map { (meter: $0.meter, ids: $0.ids) }
        var best: (order: Int, nats: Double, discounts: [[Double]])?
        var byOrder: [String: Double] = [:]
        for order in orders {
            let counted = try count(innerSeqs, order: order)
            let discounts = checkSeqs.isEmpty ? counted.discounts
                : counted.optimizedDiscounts(heldOut: checkSeqs.map(\.ids), conditions: checkSeqs.map(conditions), passes: passes)
            let tuned = try counted.with(discounts: discounts)
            let steps = checkSeqs.reduce(0) { $0 + $1.ids.count }
            let nats = -checkSeqs.reduce(0.0) { $0 + tuned.logProbability(of: $1.ids, conditions: conditions($1)) } / Double(max(steps, 1))
            byOrder[String(order)] = nats
            progress(String(format: "order %d: %.4f nats/step on %d tuning grooves", order, nats, check.count))
            if best == nil || nats < best!.nats { best = (order, nats, discounts) }
        }
        let all = grooves.map { (meter: $0.meter, ids: $0.ids) }
        let info = Training(corpus: corpus, grooves: grooves.count, steps: all.reduce(0) { $0 + $1.ids.count }, split: split,
                            tuning: "order and modified Kneser-Ney discounts (\(passes) coordinate-descent passes) chosen on a seeded 10% (seed 1) of the training grooves, then counted on all of them",
                            orderNatsPerStep: byOrder, stepSetCounts: DrumUnigramModel.stepSetCounts(of: grooves))
        return try MarkovDrumModel(order: best!.order, discounts: best!.discounts, sequences: all,
                                   performance: DrumPerformance(grooves: grooves), training: info)
    }

    struct Predictor: DrumStepPredictor {
        let owner: MarkovDrumModel
        let bar: Int
        mutating func next(_ history: [Int]) -> [Double] {
            let context = history.count >= owner.order - 1 ? Array(history.suffix(owner.order - 1))
                : [owner.model.beginID] + history
            return owner.model.distribution(after: context, condition: history.count % bar)
        }
    }

    public func predictor(meter: Meter) -> any DrumStepPredictor { Predictor(owner: self, bar: meter.stepsPerBar) }

    public func score(_ grooves: [DrumGroove]) -> NLLReport { scoreByPrediction(grooves) }

    // MARK: Files

    /// The JSON file: order, discounts, performance statistics, training record, and the training
    /// grooves as `"<meter>: <3 hex digits per step>"` lines (counts are rebuilt on load).
    struct File: ModelConfig {
        static let formatName = "LittleMozart Markov drum model"
        static let currentVersion = 1
        var format: String
        var version: Int
        var order: Int
        var encoding: String
        var discounts: [[Double]]
        var performance: DrumPerformance
        var training: Training
        var grooves: [String]
    }

    /// Writes the model as JSON, atomically (`SMF.AtomicFile`).
    /// - Throws: `EncodingError` (e.g. for a NaN discount); `FileIOError` if writing fails.
    public func save(to url: URL) throws {
        let lines = sequences.map { s in "\(s.meter): " + s.ids.map { String(format: "%03x", $0) }.joined() }
        let file = File(format: File.formatName, version: File.currentVersion, order: order,
                        encoding: "one step set per 16th-note step, 9 bits (bit k = DrumClass k: kick, snare, closed hi-hat, open hi-hat, low tom, mid tom, high tom, crash, ride), 3 hex digits per step; condition = step mod steps per bar",
                        discounts: model.discounts, performance: performance, training: training, grooves: lines)
        try ModelFiles.write(file, to: url)
    }

    /// Reads a model written by `save(to:)`.
    /// - Throws: `FileIOError` when the file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON or a bad groove line.
    public static func load(from url: URL) throws -> MarkovDrumModel {
        let file = try ModelFiles.read(File.self, from: url)
        let sequences: [(meter: Meter, ids: [Int])] = try file.grooves.enumerated().map { i, line in
            func bad() -> ModelFileError { ModelFileError(file: url.path, .malformed("groove \(i + 1): expected \"<meter>: <hex steps>\"")) }
            let parts = line.split(separator: ":", maxSplits: 1)
            let m = parts.first?.split(separator: "/") ?? []
            guard parts.count == 2, m.count == 2, let n = Int(m[0]), let d = Int(m[1]), let meter = try? Meter(n, d),
                  meter.stepsPerBar <= DrumGrid.maxStepsPerBar else { throw bad() }
            let hex = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
            guard hex.count % 3 == 0 else { throw bad() }
            let ids: [Int] = try stride(from: 0, to: hex.count, by: 3).map { k in
                guard let v = Int(String(decoding: hex[k..<k + 3], as: UTF8.self), radix: 16), v < DrumHits.vocabularySize else { throw bad() }
                return v
            }
            return (meter, ids)
        }
        do {
            return try MarkovDrumModel(order: file.order, discounts: file.discounts, sequences: sequences,
                                       performance: file.performance, training: file.training)
        } catch let error as ParameterError {
            throw ModelFileError(file: url.path, .malformed(error.description))
        }
    }
}
