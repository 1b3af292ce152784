import ModelKit
import Music
import Representations
import Foundation

/// One of the two melody models, to compose with either through the same call.
public enum MelodyModel: Sendable {
    case markov(MarkovMelodyModel)
    case rnn(RNNMelodyModel)

    /// The model kinds, by the names the command lines use.
    public enum Kind: String, Sendable, CaseIterable {
        case markov, rnn
        /// The shipped file of this kind in `Models/`.
        public var fileName: String { self == .markov ? "melody-markov.json" : "melody-rnn.json" }
    }

    public var kind: Kind {
        switch self {
        case .markov: return .markov
        case .rnn: return .rnn
        }
    }

    /// The nucleus each model samples best with when none is given: 0.9 for the Markov model
    /// (its smoothing gives the tail mass), 1 (off) for the RNN.
    public var defaultTopP: Double { kind == .markov ? 0.9 : 1 }

    /// Composes with `MarkovMelodyModel.compose(_:)` or `RNNMelodyModel.compose(_:beamSize:branchFactor:)`.
    public func compose(_ request: CompositionRequest, beamSize: Int = 1, branchFactor: Int = 1) throws -> Composition {
        switch self {
        case .markov(let m): return try m.compose(request)
        case .rnn(let m): return try m.compose(request, beamSize: beamSize, branchFactor: branchFactor)
        }
    }

    /// Loads a model of `kind` from `file`, or else the shipped one (`ModelLocator`).
    /// - Throws: `ComposerError.invalidModelFile` with a one-line message naming the file (or the
    ///   places searched when no file was found, and how to train one).
    public static func load(_ kind: Kind, file: URL? = nil) throws -> MelodyModel {
        guard let url = file ?? ModelLocator.locate(kind.fileName) else {
            let train = kind == .markov ? "compose train melody --corpus DIR" : "compose train melody --model rnn --corpus DIR"
            throw ComposerError.invalidModelFile("no \(kind) melody model found (looked in \(ModelLocator.searched(kind.fileName))); train one with `\(train)` or pass --model-file")
        }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ComposerError.invalidModelFile("\(url.path): no such readable file")
        }
        do {
            switch kind {
            case .markov: return .markov(try MarkovMelodyModel.load(from: url))
            case .rnn: return .rnn(try RNNMelodyModel.load(from: url))
            }
        } catch is DecodingError {
            throw ComposerError.invalidModelFile("\(url.path): not a LittleMozart \(kind) melody model (the JSON does not match the model file format)")
        } catch let error as ModelFileError {
            throw ComposerError.invalidModelFile(error.description)   // names the file
        } catch let error as ComposerError {
            throw ComposerError.invalidModelFile("\(url.path): \(error)")
        } catch {
            throw ComposerError.invalidModelFile("\(url.path): cannot read the model: \(error.localizedDescription)")
        }
    }

    /// The shipped RNN when it is found, else the shipped Markov model.
    public static func loadPreferringRNN() throws -> MelodyModel {
        if ModelLocator.locate(Kind.rnn.fileName) != nil, let rnn = try? load(.rnn) { return rnn }
        return try load(.markov)
    }
}
