import Foundation
import Music

/// Recording into the journal, playing the take back, and `--recover`.
extension PianoApp {
    func stopRecording() {
        guard let journal else { return }
        let t = Int(((monotonicNow() - recordStart) * 1e6).rounded())
        take?.stopTime = t
        try? journal.stop(time: t)
        journal.close()
        self.journal = nil
        status.isRecording = false
        model.message = "Stopped: \(take?.noteCount ?? 0) notes recorded. :save FILE.mid keeps them, :play plays them."
        updateRecordingStatus()
    }

    func stopPlayback() {
        guard playing else { return }
        for e in scheduled where e.playback {
            if case .noteOff = e.message { synth.send(e.message) }
        }
        scheduled.removeAll { $0.playback }
        model.externalNotes.removeAll()
        playing = false
    }

    static func stamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }

    /// `piano --recover`: writes the journal's recording to `out` (default recovered-DATE.mid) and
    /// removes the journal. Returns a message for the user.
    package static func recover(journalPath: String, out: String?) throws -> String {
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw PianoError.noJournal(path: journalPath)
        }
        let take = try Journal.read(path: journalPath)
        guard take.noteCount > 0 else {
            throw PianoError.emptyJournal(path: journalPath)
        }
        let path = out ?? "recovered-\(stamp(take.startDate ?? Date())).mid"
        let score = take.score()
        try score.write(to: URL(fileURLWithPath: path))
        Journal.remove(at: journalPath)
        return String(format: "Recovered %d notes (%.1f s) from %@ into %@.", take.noteCount, score.durationSeconds, journalPath, path)
    }
}
