import Foundation
import ModelKit
import Representations

/// A corpus cut into 2-bar loops for a loops model: split by tune (melody, a seeded held-out
/// share, `DataSplit.heldOut`) or by groove (drums: info.csv's train / validation / test rows when
/// present), each part's windows listed apart so no tune or groove is on both sides.
public struct LoopsCorpus: Sendable {
    public var kind: LoopKind
    /// MIDI files found.
    public var files: Int
    /// How the items were split, for records.
    public var splitDescription: String
    /// Tunes or grooves in each part.
    public var trainingItems: Int
    public var validationItems: Int
    public var heldOutItems: Int
    /// "tune" or "groove".
    public var itemName: String { kind == .melody ? "tune" : "groove" }
    /// Training windows (augmented by `shifts`, `hopBars` apart), validation windows (no shift,
    /// same hop), held-out windows (no shift, 2 bars apart: no two overlap).
    public var training: [[Int32]]
    public var validation: [[Int32]]
    public var heldOut: [[Int32]]
    /// The held-out tunes (melody), for measures that need whole tunes.
    public var heldOutTunes: [EncodedTune]
    /// The validation tunes (melody), for measuring settings without touching the held-out ones.
    public var validationTunes: [EncodedTune] = []
    public var shifts: [Int]

    /// Reads `directory` and cuts it. Melody: `split` holds out tunes, then `validation` of the
    /// rest (seed 1) picks the best epoch. Drums: with an info.csv, its train grooves are trained
    /// on (less `validation` of them, seed 1, for the best epoch) and all others held out; without
    /// one, as melody.
    /// - Throws: `CorpusError` for a folder that is not one or gives nothing; `ComposerError` when
    ///   no windows are left to train on is the trainer's.
    /// `drumMixes` (drums): that many times the training windows again, made by `DrumWindowMixing`
    /// (seed 1) from them and added to them (never to the validation or held-out windows).
    public static func load(_ kind: LoopKind, directory: URL, split: DataSplit, validation: Double, shifts: [Int], hopBars: Int,
                            drumMixes: Int = 0, progress: (Int, Int) -> Void = { _, _ in }) throws -> LoopsCorpus {
        switch kind {
        case .melody:
            let corpus = try MelodyCorpus.load(directory: directory, progress: progress)
            let (train, test) = try corpus.split(split)
            let (fit, check) = heldOutSplit(train, heldOutFraction: validation, seed: 1)
            return LoopsCorpus(kind: kind, files: corpus.fileCount, splitDescription: "\(split)", trainingItems: fit.count,
                               validationItems: check.count, heldOutItems: test.count,
                               training: LoopsTraining.melodyWindows(fit, shifts: shifts, hopBars: hopBars),
                               validation: LoopsTraining.melodyWindows(check, shifts: [0], hopBars: hopBars),
                               heldOut: LoopsTraining.melodyWindows(test, shifts: [0], hopBars: 2), heldOutTunes: test,
                               validationTunes: check, shifts: shifts)
        case .drums:
            let corpus = try DrumCorpus.load(directory: directory, progress: progress)
            let fit: [DrumGroove], check: [DrumGroove], test: [DrumGroove], description: String
            if corpus.hasSplitFile {
                // As `compose evaluate drums`: every groove outside the train split is held out.
                (fit, check) = heldOutSplit(corpus.grooves(.train), heldOutFraction: validation, seed: 1)
                test = corpus.grooves(.validation) + corpus.grooves(.test)
                description = "info.csv (train split; its validation and test grooves held out)"
            } else {
                let (train, held) = try corpus.split(split)
                (fit, check) = heldOutSplit(train, heldOutFraction: validation, seed: 1)
                test = held
                description = "\(split)"
            }
            return LoopsCorpus(kind: kind, files: corpus.fileCount, splitDescription: description, trainingItems: fit.count,
                               validationItems: check.count, heldOutItems: test.count,
                               training: trainingDrumWindows(fit, hopBars: hopBars, mixes: drumMixes),
                               validation: LoopsTraining.drumWindows(check, hopBars: hopBars),
                               heldOut: LoopsTraining.drumWindows(test, hopBars: 2), heldOutTunes: [], shifts: [0])
        }
    }

    /// The real training windows of `grooves`, then `mixes` times as many mixed ones.
    static func trainingDrumWindows(_ grooves: [DrumGroove], hopBars: Int, mixes: Int) -> [[Int32]] {
        let real = LoopsTraining.drumWindows(grooves, hopBars: hopBars)
        return real + DrumWindowMixing.mixed(real, count: mixes * real.count, seed: 1)
    }
}
