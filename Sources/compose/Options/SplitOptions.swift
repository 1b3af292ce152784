import ArgumentParser
import Representations

/// The help text and default fraction of a command's held-out split options.
protocol SplitStyle {
    static var heldOutHelp: String { get }
    static var defaultHeldOut: Double { get }
    static var splitSeedHelp: String { get }
}

/// --held-out and --split-seed: the seeded held-out split (`DataSplit.heldOut(fraction:seed:)`,
/// the same for every corpus) that training leaves out and evaluation scores. The default seed is
/// `DataSplit.defaultSeed`, the one the shipped models were trained with.
struct SplitOptions<Style: SplitStyle>: ParsableArguments {

    @Option(name: .customLong("held-out"), help: ArgumentHelp(Style.heldOutHelp))
    var heldOut: Double = Style.defaultHeldOut

    @Option(name: .customLong("split-seed"), help: ArgumentHelp(Style.splitSeedHelp))
    var splitSeed: UInt64 = DataSplit.defaultSeed

    /// Throws a usage error unless --held-out is in [0, 1) (`zeroAllowed`) or (0, 1).
    func check(zeroAllowed: Bool) throws {
        guard heldOut < 1, zeroAllowed ? heldOut >= 0 : heldOut > 0 else {
            throw ValidationError("--held-out must be in \(zeroAllowed ? "[0, 1)" : "(0, 1)"), got \(heldOut)")
        }
    }
}

/// compose train melody (RNN).
enum MelodyTrainingSplit: SplitStyle {
    static let heldOutHelp = "RNN: fraction of tunes held out for testing, never trained on (0 = train on all)."
    static let defaultHeldOut = 0.1
    static let splitSeedHelp = "RNN: seed of the held-out split (MelodyCorpus.split)."
}

/// compose train harmony.
enum HarmonyTrainingSplit: SplitStyle {
    static let heldOutHelp = "Leave this seeded fraction of each corpus out of training (0 = train on all)."
    static let defaultHeldOut = 0.0
    static let splitSeedHelp = "Seed of the held-out split."
}

/// compose evaluate (melody): 0 scores all of the folder.
enum MelodyEvaluationSplit: SplitStyle {
    static let heldOutHelp = "Score only this held-out fraction of DIR (train baselines on the rest); 0 = all of DIR."
    static let defaultHeldOut = DataSplit.defaultFraction
    static let splitSeedHelp = "Seed of the held-out split."
}

/// compose evaluate genie.
enum GenieEvaluationSplit: SplitStyle {
    static let heldOutHelp = "Held-out fraction scored (the rest trains the Markov model); 0 = all of DIR with the shipped Markov model."
    static let defaultHeldOut = DataSplit.defaultFraction
    static let splitSeedHelp = "Seed of the held-out split."
}

/// compose evaluate harmonize.
enum HarmonyEvaluationSplit: SplitStyle {
    static let heldOutHelp = "Held-out fraction scored (the rest trains the model); 0 = all of DIR with the shipped model."
    static let defaultHeldOut = DataSplit.defaultFraction
    static let splitSeedHelp = "Seed of the held-out split."
}
