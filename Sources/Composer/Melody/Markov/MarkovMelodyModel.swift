import ModelKit
import Representations
import Foundation
import Music

/// The variable-order Markov melody model: an interpolated modified Kneser-Ney n-gram model over
/// `MelodyToken`s (`KneserNeyModel`), with separate statistics per mode, each token predicted
/// under its metrical position.
///
/// - Mode: major and minor tunes train separate models (a tune's mode is decided by
///   `TuneKey.decide`). Pitches are encoded relative to the tonic, so pooling the modes would put
///   major thirds and sixths into minor melodies whenever the context is short or ambiguous; on
///   the shared corpus the separate minor model also scores minor tunes better than a pooled one.
///   A mode with no training tunes borrows the other mode's statistics when scoring; `compose`
///   refuses it.
/// - Metrical position: each token is predicted under the condition
///   `MetricPosition.condition` of the step where it starts (downbeat, beat, eighth, 16th; simple
///   or compound meter), which is never backed off. Without it, sampled melodies drift off the
///   beat: in 16-bar samples only 43% of the bars started with a note (88% with it; 94-99% with
///   the default top-p 0.9), against 99.9% in the Nottingham tunes; held-out NLL also drops from
///   2.52 to 2.40 nats per token. `metricConditioning: false` gives the plain token model.
public struct MarkovMelodyModel: Sendable {
    /// What the model was trained on (recorded in the model file).
    public struct CorpusInfo: Hashable, Sendable, Codable {
        /// A label for the corpus (e.g. its folder name); not a path.
        public var name: String?
        /// .mid/.midi files found.
        public var files: Int
        /// Files skipped (unreadable or without notes).
        public var skippedFiles: Int
        /// Training tunes per mode (`"major"`, `"minor"`).
        public var tunes: [String: Int]
        /// Training tokens (notes and rests, without begin/end).
        public var tokens: Int
        /// Training notes.
        public var notes: Int
    }

    /// How discounts are tuned on held-out data at training time (Chen & Goodman 1998, section
    /// 4.1): per mode, a seeded `heldOutFraction` of the training tunes is set aside, the counts of
    /// the rest start from the `smoothing` estimates, `KneserNeyModel.optimizedDiscounts` fits the
    /// discounts to the set-aside tunes, and the final model counts all tunes with those discounts.
    /// A mode with fewer than 10 tunes keeps the closed-form discounts.
    public struct DiscountTuning: Hashable, Sendable, Codable {
        public var heldOutFraction: Double
        public var seed: UInt64
        public var passes: Int
        public init(heldOutFraction: Double = 0.1, seed: UInt64 = 1, passes: Int = 3) {
            self.heldOutFraction = heldOutFraction
            self.seed = seed
            self.passes = passes
        }
    }

    /// A training sequence as the model keeps it (and saves it).
    struct TrainingSequence: Hashable, Sendable {
        var meter: Meter
        var start: Int
        var tokens: [MelodyToken]
    }

    /// The n-gram order (context of up to `order - 1` tokens).
    public let order: Int
    /// Whether tokens are predicted under their metrical position (`MetricPosition`).
    public let metricConditioning: Bool
    /// How the discounts were obtained, in words (recorded in the model file).
    public let smoothingDescription: String
    public let corpus: CorpusInfo
    /// Training sequences per mode (the model's sufficient statistics; saved in the model file).
    let sequences: [Key.Mode: [TrainingSequence]]
    /// The n-gram model of each mode that has training tunes.
    public let models: [Key.Mode: KneserNeyModel]

    /// The default order: 5 (contexts of up to 4 tokens, about a beat or two of melody). Held-out
    /// NLL on the shared corpus: order 3 2.47, 4 2.43, 5 2.40, 6 2.39 nats per token; 5 keeps most
    /// of the gain while copying less of the training tunes verbatim than 6.
    public static let defaultOrder = 5
    /// The orders a model can be trained with: `1...KneserNeyModel.maxOrder`.
    public static let orderRange = 1...KneserNeyModel.maxOrder

    /// - Throws: `ParameterError` (`order`) for an order outside `orderRange`.
    public static func checkOrder(_ order: Int) throws(ParameterError) {
        try ParameterError.check("order", order, in: orderRange)
    }

    /// Trains on a corpus: one `KneserNeyModel` per mode, starting from `smoothing` and, unless
    /// `tuning` is nil, with discounts tuned on held-out tunes (`DiscountTuning`).
    /// - Throws: `ParameterError` for an order outside `orderRange`; `ComposerError.noTrainingExamples`
    ///   for no tunes.
    public static func train(corpus: MelodyCorpus, name: String? = nil, order: Int = defaultOrder,
                             metricConditioning: Bool = true,
                             smoothing: KneserNeyModel.Smoothing = .modifiedKneserNey,
                             tuning: DiscountTuning? = DiscountTuning()) throws -> MarkovMelodyModel {
        try MarkovMelodyModel(tunes: corpus.tunes, name: name, files: corpus.fileCount, skippedFiles: corpus.skipped.count,
                              order: order, metricConditioning: metricConditioning, smoothing: smoothing, tuning: tuning)
    }

    /// Trains on tunes (`files` and `skippedFiles` are only recorded); see `train(corpus:...)`.
    public init(tunes: [EncodedTune], name: String? = nil, files: Int? = nil, skippedFiles: Int = 0,
                order: Int = defaultOrder, metricConditioning: Bool = true,
                smoothing: KneserNeyModel.Smoothing = .modifiedKneserNey,
                tuning: DiscountTuning? = DiscountTuning()) throws {
        guard !tunes.isEmpty else { throw ComposerError.noTrainingExamples(kind: "tunes") }
        var byMode: [Key.Mode: [EncodedTune]] = [:]
        for tune in tunes { byMode[tune.key.mode, default: []].append(tune) }
        let info = CorpusInfo(name: name, files: files ?? tunes.count, skippedFiles: skippedFiles,
                              tunes: Dictionary(uniqueKeysWithValues: byMode.map { ($0.key.rawValue, $0.value.count) }),
                              tokens: tunes.reduce(0) { $0 + $1.tokens.count },
                              notes: tunes.reduce(0) { $0 + $1.noteCount })
        let sequences = byMode.mapValues { $0.map { TrainingSequence(meter: $0.meter, start: $0.startPosition, tokens: $0.tokens) } }
        var models: [Key.Mode: KneserNeyModel] = [:]
        var tuned = false
        for mode in Key.Mode.allCases {
            guard let modeSequences = sequences[mode] else { continue }
            var model = try MarkovMelodyModel.countModel(modeSequences, order: order, metricConditioning: metricConditioning,
                                                         smoothing: smoothing)
            if let tuning, modeSequences.count >= 10 {
                let (inner, check) = MarkovMelodyModel.split(modeSequences, fraction: tuning.heldOutFraction, seed: tuning.seed)
                if !check.isEmpty && !inner.isEmpty {
                    let innerModel = try MarkovMelodyModel.countModel(inner, order: order, metricConditioning: metricConditioning,
                                                                      smoothing: smoothing)
                    let discounts = innerModel.optimizedDiscounts(
                        heldOut: check.map { $0.tokens.map(\.id) + [MelodyToken.end.id] },
                        conditions: metricConditioning ? check.map { MetricPosition.conditions(of: $0.tokens, meter: $0.meter, start: $0.start) } : nil,
                        passes: tuning.passes)
                    model = try model.with(discounts: discounts)
                    tuned = true
                }
            }
            models[mode] = model
        }
        var description = smoothing.description
        if let tuning, tuned {
            description += String(format: ", discounts tuned on a held-out %.0f%% of the training tunes (seed %llu)",
                                  tuning.heldOutFraction * 100, tuning.seed)
        }
        self.init(models: models, sequences: sequences, order: order, metricConditioning: metricConditioning,
                  smoothingDescription: description, corpus: info)
    }

    init(models: [Key.Mode: KneserNeyModel], sequences: [Key.Mode: [TrainingSequence]], order: Int, metricConditioning: Bool,
         smoothingDescription: String, corpus: CorpusInfo) {
        self.order = order
        self.metricConditioning = metricConditioning
        self.smoothingDescription = smoothingDescription
        self.corpus = corpus
        self.sequences = sequences
        self.models = models
    }

    /// Counts one mode's sequences.
    static func countModel(_ sequences: [TrainingSequence], order: Int, metricConditioning: Bool,
                           smoothing: KneserNeyModel.Smoothing) throws -> KneserNeyModel {
        try KneserNeyModel(order: order, vocabularySize: MelodyToken.vocabularySize,
                           conditionCount: metricConditioning ? MetricPosition.conditionCount : 1,
                           sequences: sequences.map { $0.tokens.map(\.id) + [MelodyToken.end.id] },
                           conditions: metricConditioning
                               ? sequences.map { MetricPosition.conditions(of: $0.tokens, meter: $0.meter, start: $0.start) } : nil,
                           smoothing: smoothing)
    }

    /// A seeded split of sequences (`heldOutSplit`, as `MelodyCorpus.split(.heldOut(...))`).
    static func split(_ sequences: [TrainingSequence], fraction: Double, seed: UInt64) -> ([TrainingSequence], [TrainingSequence]) {
        let s = heldOutSplit(sequences, heldOutFraction: fraction, seed: seed)
        return (s.training, s.heldOut)
    }

    /// The statistics used for `mode`: its own, or the other mode's when it has no tunes.
    func model(for mode: Key.Mode) -> KneserNeyModel {
        models[mode] ?? models[mode == .major ? .minor : .major]!
    }

    /// The model's condition for a token starting at bar position `step` of `meter`.
    public func condition(step: Int, meter: Meter) -> Int {
        metricConditioning ? MetricPosition.condition(step: step, meter: meter) : 0
    }

    /// P(token | context) in `mode` for a token starting at bar position `step` of `meter`.
    /// `context` is the preceding tokens, oldest first, starting with `.begin` at the start of a
    /// melody; only the last `order - 1` matter. `token` must not be `.begin`.
    public func probability(of token: MelodyToken, after context: [MelodyToken], mode: Key.Mode,
                            step: Int = 0, meter: Meter = .common) -> Double {
        model(for: mode).probability(of: token.id, after: context.map(\.id), condition: condition(step: step, meter: meter))
    }

    /// The next-token distribution in `mode` at bar position `step` of `meter`, indexed by
    /// `MelodyToken.id` (0 ..< vocabularySize; sums to 1).
    public func distribution(after context: [MelodyToken], mode: Key.Mode, step: Int = 0, meter: Meter = .common) -> [Double] {
        model(for: mode).distribution(after: context.map(\.id), condition: condition(step: step, meter: meter))
    }

    /// Natural-log probability, in nats, of a melody's tokens followed by `end`, from `begin`, in
    /// `mode`, the first token at bar position `start` of `meter`.
    public func logProbability(of tokens: [MelodyToken], mode: Key.Mode, meter: Meter, start: Int) -> Double {
        model(for: mode).logProbability(of: tokens.map(\.id) + [MelodyToken.end.id],
                                        conditions: metricConditioning ? MetricPosition.conditions(of: tokens, meter: meter, start: start) : nil)
    }

    /// `logProbability(of:mode:meter:start:)` in 4/4 from a downbeat.
    public func logProbability(of tokens: [MelodyToken], mode: Key.Mode) -> Double {
        logProbability(of: tokens, mode: mode, meter: .common, start: 0)
    }

    /// Natural-log probability of a tune (its tokens, then `end`) under its own mode, meter and
    /// start position.
    public func logProbability(of tune: EncodedTune) -> Double {
        logProbability(of: tune.tokens, mode: tune.key.mode, meter: tune.meter, start: tune.startPosition)
    }
}
