import Composer
import ModelKit
import Representations
import Foundation

/// The model files that ship in Models/ and that `compose` commands load by default (found by
/// `ModelLocator`): the one list of them, for `compose doctor` and the commands' lookups.
/// (The melody file names come from `MelodyModel.Kind.fileName`, which the Composer and Piano
/// modules use too.)
enum ShippedModel: CaseIterable, Sendable {
    case melodyMarkov, melodyRNN, drumsMarkov, drumsRNN, harmony

    /// The file name in Models/ (and under $LITTLEMOZART_MODELS).
    var fileName: String {
        switch self {
        case .melodyMarkov: return MelodyModel.Kind.markov.fileName
        case .melodyRNN: return MelodyModel.Kind.rnn.fileName
        case .drumsMarkov: return "drums-markov.json"
        case .drumsRNN: return "drums-rnn.json"
        case .harmony: return "harmony.json"
        }
    }

    /// The default output of the train command: Models/<fileName>.
    var defaultTrainingOutput: String { "Models/" + fileName }

    /// The commands that need this model.
    var usedBy: String {
        switch self {
        case .melodyMarkov, .melodyRNN: return "melody, continue, genie, piano"
        case .drumsMarkov, .drumsRNN: return "drums"
        case .harmony: return "harmonize"
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
        }
    }

    /// The file a command loads: `file` (its --model-file) when given, else this model as found by
    /// `ModelLocator`. `description` names the model in messages ("drum", "harmony"); `train` is
    /// the command that trains one.
    /// - Throws: `StatusError` (66, missing input) naming the places searched and how to train one.
    func url(file: String?, description: String, train: String) throws -> URL {
        if let file { return URL(fileURLWithPath: file) }
        guard let found = ModelLocator.locate(fileName) else {
            throw StatusError(.noInput, "no \(description) model found (looked in \(ModelLocator.searched(fileName))); train one with `\(train)` or pass --model-file")
        }
        return found
    }

    /// Runs `load(url)`. A JSON that does not match the model file format is bad data (65) and is
    /// named as "not a LittleMozart <description> model"; other errors keep their own exit status,
    /// with the path put before their message.
    func loading<Model>(_ url: URL, description: String, _ load: (URL) throws -> Model) throws -> Model {
        do {
            return try load(url)
        } catch is DecodingError {
            throw StatusError(.dataError, "\(url.path): not a LittleMozart \(description) model (the JSON does not match the model file format)")
        } catch {
            throw StatusError(url.path, error)
        }
    }

    /// Loads the model at `url` with its Composer loader and describes it in a few words
    /// (e.g. "Markov order 5, 1041 training files", "LSTM 2x256").
    /// - Throws: what the loader throws (`ComposerError.invalidModelFile`, `DecodingError`, a file error).
    func load(from url: URL) throws -> String {
        switch self {
        case .melodyMarkov:
            let model = try MarkovMelodyModel.load(from: url)
            return "Markov order \(model.order), \(model.corpus.files) training files"
        case .melodyRNN:
            let model = try RNNMelodyModel.load(from: url)
            return "LSTM \(model.config.shape.layers)x\(model.config.shape.hiddenSize)"
        case .drumsMarkov:
            let model = try MarkovDrumModel.load(from: url)
            return "Markov order \(model.order), \(model.training.grooves) training grooves"
        case .drumsRNN:
            let model = try RNNDrumModel.load(from: url)
            return "LSTM \(model.config.shape.layers)x\(model.config.shape.hiddenSize)"
        case .harmony:
            let model = try HarmonyModel.load(from: url)
            return "chord HMMs from \(model.provenance.leadSheetCount) lead sheets and \(model.provenance.choraleCount) chorales"
        }
    }
}
