import Composer
import ModelKit
import Foundation

/// What `compose` says about the shipped models (`Composer.ShippedModel`): who needs them, how
/// to train them, and the one-line messages for a model file that cannot be used.
extension ShippedModel {
    /// The default output of the train command: Models/<fileName>.
    var defaultTrainingOutput: String { "Models/" + fileName }

    /// The commands that need this model.
    var usedBy: String {
        switch self {
        case .melodyMarkov, .melodyRNN: return "melody, continue, genie, piano"
        case .drumsMarkov, .drumsRNN: return "drums"
        case .harmony: return "harmonize"
        case .loopsMelody: return "loops"
        case .loopsDrums: return "loops --kind drums"
        }
    }

    /// The command that trains this model again (the corpus folders as in Models/README.md).
    var retrainCommand: String {
        switch self {
        case .melodyMarkov: return "compose train melody --corpus ../shared/corpus/melody --out Models/melody-markov.json"
        case .melodyRNN: return "compose train melody --model rnn --corpus ../shared/corpus/melody --epochs 31"
        case .drumsMarkov: return "compose train drums --model markov --corpus ../shared/corpus/drums/gmd"
        case .drumsRNN: return "compose train drums --model rnn --corpus ../shared/corpus/drums/gmd"
        case .harmony: return "compose train harmony --leadsheets ../shared/corpus/leadsheets --chorales ../shared/corpus/chorales --out Models/harmony.json"
        case .loopsMelody: return "compose train loops --kind melody --corpus ../shared/corpus/melody"
        case .loopsDrums: return "compose train loops --kind drums --corpus ../shared/corpus/drums/gmd --free-bits 48"
        }
    }

    /// The command that trains one from any corpus, for "no model found" messages.
    var trainHint: String {
        switch self {
        case .melodyMarkov: return "compose train melody --corpus DIR"
        case .melodyRNN: return "compose train melody --model rnn --corpus DIR"
        case .drumsMarkov: return "compose train drums --model markov --corpus DIR"
        case .drumsRNN: return "compose train drums --model rnn --corpus DIR"
        case .harmony: return "compose train harmony"
        case .loopsMelody: return "compose train loops --kind melody --corpus DIR"
        case .loopsDrums: return "compose train loops --kind drums --corpus DIR"
        }
    }

    /// Loads this model with `ModelCatalog` (`file`, else the shipped one) and describes it in a
    /// few words (e.g. "Markov order 5, 1041 training files", "LSTM 2x256"), for `compose doctor`.
    /// - Throws: what the catalog throws (`ModelFileError`, a file error).
    func loadAndDescribe(from file: URL? = nil) throws -> String {
        switch self {
        case .melodyMarkov:
            let model = try ModelCatalog.loadMarkovMelody(from: file)
            return "Markov order \(model.order), \(model.corpus.files) training files"
        case .melodyRNN:
            let model = try ModelCatalog.loadRNNMelody(from: file)
            return "LSTM \(model.config.shape.layers)x\(model.config.shape.hiddenSize)"
        case .drumsMarkov:
            let model = try ModelCatalog.loadMarkovDrums(from: file)
            return "Markov order \(model.order), \(model.training.grooves) training grooves"
        case .drumsRNN:
            let model = try ModelCatalog.loadRNNDrums(from: file)
            return "LSTM \(model.config.shape.layers)x\(model.config.shape.hiddenSize)"
        case .harmony:
            let model = try ModelCatalog.loadHarmony(from: file)
            return "chord HMMs from \(model.provenance.leadSheetCount) lead sheets and \(model.provenance.choraleCount) chorales"
        case .loopsMelody, .loopsDrums:
            let model = try ModelCatalog.loadLoops(self == .loopsMelody ? .melody : .drums, from: file)
            let s = model.config.shape
            return "VAE: encoder 2x\(s.encoderHidden), z \(s.latentSize), decoder \(s.decoderLayers)x\(s.decoderHidden)"
        }
    }

    /// The one-line message for `error` while loading this model: a shipped model not found
    /// names the places searched and how to get one; a named file that does not exist is "no
    /// such readable file"; anything else is the error's own line (it names the file).
    func message(for error: ModelFileError) -> String {
        guard case .notFound(let searched) = error.problem else { return error.description }
        if searched == [error.file] { return "\(error.file): no such readable file" }
        return "no \(displayName) model found (looked in \(searched.joined(separator: ", "))); train one with `\(trainHint)` or pass --model-file"
    }
}

/// Runs a `ModelCatalog` load for `model`; a `ModelFileError` becomes a one-line `StatusError`
/// (`ShippedModel.message(for:)`) with the status `ExitStatus.of` gives it (66 not found, else 65).
func loadingModel<T>(_ model: ShippedModel, _ load: () throws -> T) throws -> T {
    do {
        return try load()
    } catch let error as ModelFileError {
        throw StatusError(ExitStatus.of(error), model.message(for: error))
    }
}

/// The melody model of `kind`: `file` (a --model-file) when given, else the shipped one.
func loadMelodyModel(_ kind: MelodyModel.Kind, file: String?) throws -> MelodyModel {
    try loadingModel(.melody(kind)) { try ModelCatalog.loadMelody(kind, from: file.map { URL(fileURLWithPath: $0) }) }
}
