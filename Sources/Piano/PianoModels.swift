import Composer

/// The shipped melody models the piano uses (duet and genie): found and loaded once, on first use.
extension PianoApp {
    /// A melody model, loaded once; nil (with a message on the screen) when it cannot be found.
    func melodyModel(_ kind: MelodyModel.Kind) -> MelodyModel? {
        if let m = loadedModels[kind] { return m }
        do {
            let m = try MelodyModel.load(kind)
            loadedModels[kind] = m
            return m
        } catch {
            model.message = "\(error)"
            return nil
        }
    }

    /// The model a new duet answers with: the RNN when its file is shipped, else the Markov model.
    func preferredDuetModelKind() -> MelodyModel.Kind {
        ModelLocator.locate(MelodyModel.Kind.rnn.fileName) != nil ? .rnn : .markov
    }
}
