import Composer
import ModelKit

/// The shipped melody models the piano uses (duet and genie): found and loaded once, on first use.
extension PianoApp {
    /// A melody model, loaded once; nil (with a message on the screen) when it cannot be found.
    func melodyModel(_ kind: MelodyModel.Kind) -> MelodyModel? {
        if let m = loadedModels[kind] { return m }
        do {
            let m = try ModelCatalog.loadMelody(kind)
            loadedModels[kind] = m
            return m
        } catch let error as ModelFileError {
            if case .notFound(let searched) = error.problem {
                // One status line: the count of places (compose doctor lists them) and the fix.
                model.message = "No \(kind) melody model in \(searched.count) places ($LITTLEMOZART_MODELS, Models/; `compose doctor` lists them): "
                    + "train one with `compose train melody\(kind == .rnn ? " --model rnn" : "") --corpus DIR`"
            } else {
                model.message = "\(error)"
            }
            return nil
        } catch {
            model.message = "\(error)"
            return nil
        }
    }

    /// A loops model, loaded once; nil (with a message on the screen) when it cannot be found.
    func loopsModel(_ kind: LoopKind) -> LoopsModel? {
        if let m = loadedLoopsModels[kind] { return m }
        do {
            let m = try ModelCatalog.loadLoops(kind)
            loadedLoopsModels[kind] = m
            return m
        } catch let error as ModelFileError {
            if case .notFound(let searched) = error.problem {
                model.message = "No \(kind.rawValue) loops model in \(searched.count) places ($LITTLEMOZART_MODELS, Models/; `compose doctor` lists them): "
                    + "train one with `compose train loops --kind \(kind.rawValue) --corpus DIR`"
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
