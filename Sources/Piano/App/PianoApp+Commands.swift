import Composer
import Foundation

/// The `:` commands and the shortcuts that map to them.
extension PianoApp {
    func perform(_ command: PianoCommand) {
        switch command {
        case .record, .recordDiscarding:
            if journal != nil { model.message = "Already recording."; return }
            if command == .record, !takeSaved, let take, take.noteCount > 0 {
                model.message = "The last recording (\(take.noteCount) notes) is unsaved: :save FILE.mid first, or :record! to discard it."
                return
            }
            stopPlayback()
            do {
                let writer = try JournalWriter(path: options.journalPath, bpm: model.bpm)
                journal = writer
                recordStart = monotonicNow()
                take = Recording(startDate: Date(), bpm: model.bpm)
                takeSaved = false
                // The sound at the start: program, sustain.
                play(.programChange(channel: UInt8(model.channel), program: UInt8(model.program)))
                if let duet { send(.programChange(channel: duet.channel, program: UInt8(duet.program))) }
                if let loops, loops.kind == .melody { send(.programChange(channel: loops.channel, program: UInt8(LoopsMode.melodyProgram))) }
                if model.sustain { play(.controlChange(channel: UInt8(model.channel), controller: 64, value: 127)) }
                status.isRecording = true
                model.message = "Recording (journal \(options.journalPath)). :stop to end, :save FILE.mid to keep it."
            } catch {
                model.message = "\(error)"
            }
        case .stop:
            if let duet, !duet.sounding.isEmpty || duet.generating || !duet.pending.isEmpty {
                for m in duet.cancel() { send(m) }
                model.answerNotes = []
            }
            if journal != nil { stopRecording() } else if playing {
                stopPlayback()
                model.message = "Playback stopped."
            }
        case .save(let path):
            if journal != nil { stopRecording() }
            guard let take, take.noteCount > 0 else {
                model.message = "Nothing recorded yet: :record, play, :stop, then :save FILE.mid"
                return
            }
            do {
                try take.score().write(to: URL(fileURLWithPath: path))
                takeSaved = true
                Journal.remove(at: options.journalPath)
                model.message = "Saved \(take.noteCount) notes to \(path)."
            } catch {
                model.message = "Could not save \(path): \(error)"
            }
        case .play:
            if journal != nil { stopRecording() }
            guard let take, take.noteCount > 0 else { model.message = "Nothing recorded to play."; return }
            stopPlayback()
            let start = monotonicNow() + 0.05
            scheduled += take.playbackEvents.map { (start + Double($0.time) / 1e6, $0.message, true) }
            scheduled.sort { $0.time < $1.time }
            playing = true
            model.message = "Playing the recording (\(take.noteCount) notes). Esc or :stop stops."
        case .metronome(let on):
            if let loops, loops.player.nextBarLine != nil {
                loops.player.metronome = on == true // from the loop's next bar line
            } else if on == true {
                nextClick = monotonicNow()
                beatNumber = 0
            } else {
                nextClick = nil
            }
        case .tempo(let bpm):
            loops?.player.bpm = bpm // the next click and the loop's next bar use the new tempo
        case .quit:
            quit()
        case .duet(let setting):
            setDuet(setting)
        case .loops(let setting):
            setLoops(setting)
        case .genie(let key):
            guard let key else { return }
            guard let markov = melodyModel(.markov), case .markov(let m) = markov else { return }
            for a in model.allNotesOff() { perform(a) }
            model.genie = GenieDecoder(model: m, key: key, temperature: 0.5, seed: UInt64(Date().timeIntervalSince1970))
            model.message = "Genie ON in \(key): a s d f j k l ; are buttons 1-8, low to high"
        case .recover(let save):
            guard let take else { return }
            if save {
                let name = "recovered-\(Self.stamp(take.startDate ?? Date())).mid"
                do {
                    try take.score().write(to: URL(fileURLWithPath: name))
                    takeSaved = true
                    Journal.remove(at: options.journalPath)
                    model.message = "Recovered \(take.noteCount) notes into \(name)."
                } catch {
                    model.message = "Could not write \(name): \(error)"
                }
            } else {
                Journal.remove(at: options.journalPath)
                self.take = nil
                takeSaved = true
                model.message = "Discarded the unsaved recording."
            }
        default:
            for a in model.apply(command) { perform(a) }
        }
    }
}
