import Composer
import ModelKit

/// The shipped models the piano uses (duet and genie: melody; `:loops`: loops): found and loaded
/// once, on first use.
extension PianoApp {
    /// A melody model, loaded once; nil (with a message on the screen) when it cannot be found.
    func melodyModel(_ kind: MelodyModel.Kind) -> MelodyModel? {
        if let m = loadedModels[kind] { return m }
        let m = loadShipped("\(kind) melody", train: "compose train melody\(kind == .rnn ? " --model rnn" : "") --corpus DIR") {
            try ModelCatalog.loadMelody(kind)
        }
        loadedModels[kind] = m
        return m
    }

    /// A loops model, loaded once; nil (with a message on the screen) when it cannot be found.
    func loopsModel(_ kind: LoopKind) -> LoopsModel? {
        if let m = loadedLoopsModels[kind] { return m }
        let m = loadShipped("\(kind.rawValue) loops", train: "compose train loops --kind \(kind.rawValue) --corpus DIR") {
            try ModelCatalog.loadLoops(kind)
        }
        loadedLoopsModels[kind] = m
        return m
    }

    /// Runs `load`; on failure puts one line on the screen (for a missing file: the count of
    /// places searched, where `compose doctor` lists them, and `train`, the command that makes one).
    func loadShipped<Model>(_ name: String, train: String, _ load: () throws -> Model) -> Model? {
        do {
            return try load()
        } catch let error as ModelFileError {
            if case .notFound(let searched) = error.problem {
                model.message = "No \(name) model in \(searched.count) places ($LITTLEMOZART_MODELS, Models/; `compose doctor` lists them): "
                    + "train one with `\(train)`"
            } else {
                model.message = "\(error)"
            }
            return nil
        } catch {
            model.message = "\(error)"
            return nil
        }
    }

    /// The model a new duet answers with: the RNN when its file is shipped, else the Markov model.
    func preferredDuetModelKind() -> MelodyModel.Kind {
        (try? ModelCatalog.locate(.melodyRNN)) != nil ? .rnn : .markov
    }
}
