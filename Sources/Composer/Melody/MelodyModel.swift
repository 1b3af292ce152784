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
}
