import ModelKit
import Representations
import Music
import Foundation

/// Measures the harmonizer. Lead sheets: per beat, the decoded chord against the lead sheet's
/// chord (root; root + quality family), for each chords-per-bar choice, against a baseline that
/// always plays the key's tonic triad. Chorales: each scored chorale's soprano harmonized in four
/// parts; rule violations, voice ranges and diatonic chords of the generated voices and of Bach's
/// own (`HarmonyMetrics`).
public enum HarmonyEvaluation {
    /// A folder read as lead sheets or as chorales.
    public enum Corpus: Sendable {
        case leadSheets(LeadSheetCorpus)
        case chorales(ChoraleCorpus)

        /// Reads `directory` as chorales when more of its files are four-part chorales than not
        /// (a lead sheet has two parts: none reads as a chorale), else as lead sheets.
        /// - Throws: `LeadSheetCorpus.load`'s errors when it is read as lead sheets.
        public static func load(directory: URL) throws -> Corpus {
            if let c = try? ChoraleCorpus.load(directory: directory), c.chorales.count > c.skipped.count { return .chorales(c) }
            return .leadSheets(try LeadSheetCorpus.load(directory: directory))
        }
    }

    /// Scores the lead sheets and chorales held out by `split`. With `.heldOut(fraction:seed:)`
    /// (the same split for both corpora) a model is trained on the rest; with `.all` every piece
    /// is scored with `model` (the shipped one).
    /// - Throws: `EvaluationError.nothingHeldOut` for `.all` (or a held-out fraction of 0)
    ///   without a `model`; `CorpusError.noSplitTable` for `.corpusSplit`;
    ///   `ComposerError.noTrainingData` when the training part gives no chord.
    public static func run(leadSheets: LeadSheetCorpus?, chorales: ChoraleCorpus?, split: DataSplit, model: HarmonyModel?) throws
        -> HarmonyEvaluationReport {
        let text: String, trained: Bool
        switch split {
        case .heldOut(let fraction, let seed) where fraction > 0:
            text = String(format: "held-out %.0f%% (seed %llu); the model is trained on the rest", fraction * 100, seed)
            trained = true
        case .corpusSplit:
            throw CorpusError.noSplitTable
        case .heldOut, .all:
            guard let model else { throw EvaluationError.nothingHeldOut(kind: "piece") }
            let p = model.provenance
            text = "every piece scored with the shipped model (trained on \(p.leadSheetCount) lead sheets of \(p.leadSheets) and \(p.choraleCount) chorales of \(p.chorales)"
                + (p.heldOutFraction > 0 ? String(format: " minus a held-out %g, seed %llu", p.heldOutFraction, p.splitSeed) : "")
                + "): not held-out if these pieces come from them"
            trained = false
        }
        let split = trained ? split : .all
        var report = HarmonyEvaluationReport(split: text, heldOut: trained)
        if let leadSheets {
            let (training, test) = try leadSheets.split(split)
            let chordModel = trained ? try ChordHMM(training: training.map { $0.example(grid: HarmonyModel.leadSheetGrid) }) : model!.leadSheetModel
            report.leadSheets = HarmonyModel.chordsPerBarChoices.map { n in
                let r = HarmonyMetrics.chordAccuracy(model: chordModel, sheets: test, grid: HarmonyModel.leadSheetGrid, changesOnlyAtBarLines: n == 1)
                return .init(chordsPerBar: n, sheets: test.count, model: r.model, tonicBaseline: r.tonicBaseline)
            }
        }
        if let chorales {
            let (training, test) = try chorales.split(split)
            let (chordModel, voicing) = trained ? (try ChordHMM(training: training.map(\.example)), VoicingStatistics(chorales: training))
                                                : (model!.choraleModel, model!.voicing)
            report.generated = HarmonyMetrics.generated(test, chordModel: chordModel, voicing: voicing)
            report.bachHeldOut = HarmonyMetrics.bach(test)
            report.bachAll = HarmonyMetrics.bach(chorales.chorales)
        }
        return report
    }
}
