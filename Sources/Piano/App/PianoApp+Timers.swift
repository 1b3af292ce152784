import Foundation

/// Timers: key release timeouts, metronome clicks, playback of the take, the duet's answer.
extension PianoApp {
    /// Fires due timers: release timeouts, metronome clicks, playback events.
    func timers(now: Double) -> Bool {
        var dirty = false
        for a in model.expire(now: now) { perform(a); dirty = true }
        if let click = nextClick, click <= now {
            let accent = beatNumber % 4 == 0
            let note: UInt8 = accent ? 76 : 77
            synth.send(.noteOn(channel: 9, note: note, velocity: accent ? 110 : 80))
            scheduled.append((now + 0.08, .noteOff(channel: 9, note: note, velocity: 0), false))
            scheduled.sort { $0.time < $1.time }
            beatNumber += 1
            var next = click + 60 / model.bpm
            if next < now { next = now + 60 / model.bpm }
            nextClick = next
        }
        while let first = scheduled.first, first.time <= now {
            scheduled.removeFirst()
            synth.send(first.message)
            if first.playback {
                dirty = true
                switch first.message {
                case .noteOn(_, let p, let v) where v > 0: model.externalNotes.insert(p)
                case .noteOn(_, let p, _), .noteOff(_, let p, _): model.externalNotes.remove(p)
                default: break
                }
            }
        }
        if let loops, loops.channel == UInt8(model.channel) {
            // `:channel` moved the player onto the loop's channel: the loop moves to another.
            stopLoops()
            startLoops()
            dirty = true
        }
        if playLoops(now: now) { dirty = true }
        if let duet {
            _ = duet.checkPause(now: now, bpm: model.bpm)
            let messages = duet.due(now: now)
            for m in messages { send(m) }
            if !messages.isEmpty { model.answerNotes = duet.sounding }
            let summary = duet.summary
            if summary != status.duet { status.duet = summary; dirty = true }
            if !messages.isEmpty { dirty = true }
        }
        if playing, !scheduled.contains(where: { $0.playback }) {
            playing = false
            model.externalNotes.removeAll()
            model.message = "Playback finished."
            dirty = true
        }
        updateRecordingStatus()
        return dirty
    }
}
