/// The model files that ship in `Models/`, the one list of them: what `ModelCatalog` finds and
/// loads when no file is named.
public enum ShippedModel: String, CaseIterable, Sendable {
    case melodyMarkov, melodyRNN, drumsMarkov, drumsRNN, harmony, loopsMelody, loopsDrums

    /// The file name in `Models/` (and under `$LITTLEMOZART_MODELS`), e.g. `melody-markov.json`.
    public var fileName: String {
        switch self {
        case .melodyMarkov: return "melody-markov.json"
        case .melodyRNN: return "melody-rnn.json"
        case .drumsMarkov: return "drums-markov.json"
        case .drumsRNN: return "drums-rnn.json"
        case .harmony: return "harmony.json"
        case .loopsMelody: return "loops-melody.json"
        case .loopsDrums: return "loops-drums.json"
        }
    }

    /// The model in a few words, for messages: "markov melody", "rnn drum", "harmony".
    public var displayName: String {
        switch self {
        case .melodyMarkov: return "markov melody"
        case .melodyRNN: return "rnn melody"
        case .drumsMarkov: return "markov drum"
        case .drumsRNN: return "rnn drum"
        case .harmony: return "harmony"
        case .loopsMelody: return "melody loops"
        case .loopsDrums: return "drum loops"
        }
    }

    /// The shipped loops model of a kind.
    public static func loops(_ kind: LoopKind) -> ShippedModel { kind == .melody ? .loopsMelody : .loopsDrums }

    /// The shipped file of a melody model kind.
    public static func melody(_ kind: MelodyModel.Kind) -> ShippedModel {
        kind == .markov ? .melodyMarkov : .melodyRNN
    }
}
