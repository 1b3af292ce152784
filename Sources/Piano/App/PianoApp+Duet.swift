import Composer

/// Turning the AI duet on and off and setting it up.
extension PianoApp {
    func setDuet(_ setting: DuetSetting) {
        switch setting {
        case .enabled(let on):
            if on == false || (on == nil && duet != nil) {
                if let duet { for m in duet.cancel() { send(m) } }
                duet = nil
                model.answerNotes = []
                status.duet = ""
                model.message = "Duet off"
                return
            }
            if duet != nil { return }
            let kind = preferredDuetModelKind()
            guard let m = melodyModel(kind) ?? melodyModel(.markov) else { return }
            var channel = (model.channel + 1) % 16
            if channel == 9 { channel = 10 }
            let d = DuetMode(model: m, channel: UInt8(channel))
            duet = d
            send(.programChange(channel: d.channel, program: UInt8(d.program)))
            model.message = "Duet ON: play a phrase and pause; the \(m.kind) model answers (any key stops it)"
        case .bars(let n):
            duet?.bars = n
            model.message = duet == nil ? "Duet is off (:duet on)" : "Duet answers \(n) bars"
        case .pause(let seconds):
            duet?.pause = seconds
            model.message = duet == nil ? "Duet is off (:duet on)" : "Duet answers after \(seconds.formatted()) s of silence"
        case .model(let kind):
            guard let duet else { model.message = "Duet is off (:duet on)"; return }
            guard let m = melodyModel(kind) else { return }
            duet.model = m
            model.message = "Duet answers with the \(kind) model"
        }
        status.duet = duet?.summary ?? ""
    }
}
