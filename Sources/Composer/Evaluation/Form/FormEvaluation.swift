import Foundation
import ModelKit
import Music
import Representations

/// Measures the form of real and generated music side by side: the held-out pieces of a corpus
/// folder ("real") and every piece of each folder of generated ones, each measured alike by the
/// measures of its kind (`MelodyFormMetrics` with the copy check of `MelodyCopyIndex`,
/// `DrumGrooveMetrics`, `ChoraleVoiceMetrics`).
public enum FormEvaluation {
    /// What the folders hold.
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// Melodies (`MelodyCorpus`): the first `bars` bars of each.
        case melody
        /// Drum grooves (`DrumCorpus`, channel 10): every whole `bars`-bar window of each (bars
        /// 1...`bars`, then the next `bars` ...), so that a long performance counts as several
        /// grooves of the length generated.
        case drums
        /// Four-part chorales (`ChoraleCorpus`: parts named Soprano, Alto, Tenor, Bass, or the
        /// first four parts with notes): whole pieces.
        case satb

        /// The bars measured by default: 16 for melodies, 8 for drums, nil (whole pieces) for SATB.
        public var defaultBars: Int? {
            switch self {
            case .melody: return 16
            case .drums: return 8
            case .satb: return nil
            }
        }
    }

    /// The bars that can be measured.
    public static let barsRange = 1...1000

    /// Which part of the corpus's split the real pieces are.
    public enum Part: String, CaseIterable, Codable, Sendable {
        /// The held-out pieces: the blind test of settings chosen elsewhere.
        case heldOut = "held-out"
        /// The training pieces: where settings may be tuned without looking at the held-out ones.
        case train
    }

    /// What to measure and how.
    public struct Options: Sendable {
        public var kind: Kind
        /// Bars measured from the start of each melody, or per window of a groove (`barsRange`; nil:
        /// the kind's `defaultBars`); pieces shorter than that are left out and counted. Ignored
        /// for SATB.
        public var bars: Int?
        /// Which pieces of the corpus folder are the real ones: the held-out part of this split.
        /// Drum folders with an `info.csv` use its split instead (`DataSplit.corpusSplit`: its
        /// validation and test grooves), as `DrumEvaluation` does.
        public var split = DataSplit.shipped
        /// Which part of `split` the real pieces are: the held-out part (the default) or the
        /// training part.
        public var part = Part.heldOut
        /// When not empty, only the real pieces whose path contains one of these strings (e.g.
        /// "reels", "hpps").
        public var only: [String] = []
        /// The Jaccard distance above which a drum bar is a fill (`DrumGrooveMetrics.fills`), 0...1.
        public var fillThreshold = 0.5
        /// Melodies: a harmony model whose lead-sheet chords (one per bar) also judge the phrase
        /// endings (`MelodyFormMetrics.harmonizedBarChords`); nil for the melody's own estimate only.
        public var harmony: HarmonyModel?

        public init(kind: Kind) { self.kind = kind }
    }

    /// Measures the real pieces of `corpus` and every piece of each folder of `generated`.
    /// `progress` gets a line per folder read.
    /// - Throws: `ParameterError` for `bars` outside `barsRange` or `fillThreshold` outside 0...1;
    ///   `CorpusError` when a folder cannot be read or holds no piece of the kind (or
    ///   `.noSplitTable` for `.corpusSplit` without one); `EvaluationError.nothingHeldOut` (or
    ///   `.nothingInTraining` for the training part) when the split and `only` leave no real piece.
    public static func run(corpus: URL, generated: [URL], options: Options, progress: (String) -> Void = { _ in }) throws
        -> FormEvaluationReport {
        let bars = options.kind == .satb ? nil : (options.bars ?? options.kind.defaultBars)
        if let bars { try ParameterError.check("bars", bars, in: barsRange) }
        try ParameterError.check("fill threshold", options.fillThreshold, in: 0.0...1.0)
        func kept(_ name: String) -> Bool { options.only.isEmpty || options.only.contains { name.contains($0) } }
        /// The real part of `parts`, or the error naming `kind` when it is empty.
        func realPart<T>(_ parts: (training: [T], heldOut: [T]), name: (T) -> String, kind: String) throws -> [T] {
            let chosen = (options.part == .train ? parts.training : parts.heldOut).filter { kept(name($0)) }
            guard !chosen.isEmpty else {
                throw options.part == .train ? EvaluationError.nothingInTraining(kind: kind) : EvaluationError.nothingHeldOut(kind: kind)
            }
            return chosen
        }
        func splitText(_ split: DataSplit, count: Int) -> String {
            let what: String
            switch (split, options.part) {
            case (.heldOut(let f, let s), .heldOut): what = String(format: "the held-out %g%% (seed %llu)", f * 100, s)
            case (.heldOut(let f, let s), .train): what = String(format: "the training part (all but the held-out %g%%, seed %llu)", f * 100, s)
            case (.corpusSplit, .heldOut): what = "the validation and test pieces of info.csv"
            case (.corpusSplit, .train): what = "the train pieces of info.csv"
            case (.all, _): what = "every piece"
            }
            return "real = \(what) of \(corpus.path)" + (options.only.isEmpty ? "" : " whose path contains \(options.only.joined(separator: " or "))")
                + ": \(count) pieces"
        }
        var columns: [FormEvaluationReport.Column] = []
        var split = "", real: [String] = []

        switch options.kind {
        case .melody:
            let all = try MelodyCorpus.load(directory: corpus)
            let realTunes = try realPart(all.split(options.split), name: \.name, kind: "tune").map(BarredMelody.init(tune:))
            split = splitText(options.split, count: realTunes.count)
            progress(split)
            let index = MelodyCopyIndex(tunes: all.tunes.map(BarredMelody.init(tune:)))
            func column(_ name: String, _ folder: URL, _ tunes: [BarredMelody], excludingSelf: Bool) -> FormEvaluationReport.Column {
                let long = tunes.filter { $0.bars >= bars! }
                let counts = long.map { MelodyFormMetrics.counts($0, bars: bars!, chordModel: options.harmony?.leadSheetModel) }
                let copies = long.map { ($0.name, index.longestSharedRun($0, bars: bars!, excluding: excludingSelf ? $0.name : nil)) }
                if name == "real" { real = long.map(\.name) }
                return .init(name: name, folder: folder.path, pieces: long.count, shorterThanBars: tunes.count - long.count,
                             melody: MelodyFormSummary(counts, copies: copies))
            }
            columns.append(column("real", corpus, realTunes, excludingSelf: true))
            for folder in generated {
                let tunes = try MelodyCorpus.load(directory: folder).tunes.map(BarredMelody.init(tune:))
                progress("\(folder.path): \(tunes.count) tunes")
                columns.append(column(folder.lastPathComponent, folder, tunes, excludingSelf: false))
            }
        case .drums:
            let all = try DrumCorpus.load(directory: corpus)
            let dataSplit: DataSplit = all.hasSplitFile ? .corpusSplit : options.split
            let realGrooves = try realPart(all.split(dataSplit), name: \.name, kind: "groove")
            split = splitText(dataSplit, count: realGrooves.count)
            progress(split)
            func column(_ name: String, _ folder: URL, _ grooves: [DrumGroove]) -> FormEvaluationReport.Column {
                let long = grooves.filter { $0.bars >= bars! }
                var counts = DrumGrooveMetrics.Counts()
                for g in long {
                    for w in 0..<(g.bars / bars!) { counts.add(g.bars((w * bars!)..<((w + 1) * bars!)), bars: bars!, threshold: options.fillThreshold) }
                }
                if name == "real" { real = long.map(\.name) }
                return .init(name: name, folder: folder.path, pieces: long.count, shorterThanBars: grooves.count - long.count,
                             drums: DrumFormSummary(counts))
            }
            columns.append(column("real", corpus, realGrooves))
            for folder in generated {
                let grooves = try DrumCorpus.load(directory: folder).items
                progress("\(folder.path): \(grooves.count) grooves")
                columns.append(column(folder.lastPathComponent, folder, grooves))
            }
        case .satb:
            let realChorales = try realPart(ChoraleCorpus.load(directory: corpus).split(options.split), name: \.name, kind: "chorale")
            split = splitText(options.split, count: realChorales.count)
            progress(split)
            real = realChorales.map(\.name)
            func column(_ name: String, _ folder: URL, _ chorales: [Chorale]) -> FormEvaluationReport.Column {
                var counts = ChoraleVoiceMetrics.Counts()
                for c in chorales { counts.add(c) }
                return .init(name: name, folder: folder.path, pieces: chorales.count, shorterThanBars: 0, satb: ChoraleFormSummary(counts))
            }
            columns.append(column("real", corpus, realChorales))
            for folder in generated {
                let chorales = try ChoraleCorpus.load(directory: folder).chorales
                progress("\(folder.path): \(chorales.count) chorales")
                columns.append(column(folder.lastPathComponent, folder, chorales))
            }
        }
        return FormEvaluationReport(kind: options.kind, bars: bars, split: split, realPieces: real, columns: columns)
    }
}
