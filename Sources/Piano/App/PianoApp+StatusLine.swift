import Foundation
import Synth

/// The status lines under the keyboard, and drawing the screen.
extension PianoApp {
    func updateRecordingStatus() {
        if journal != nil {
            let t = monotonicNow() - recordStart
            status.recording = String(format: "REC %02d:%04.1f  %d notes", Int(t) / 60, t.truncatingRemainder(dividingBy: 60), take?.noteCount ?? 0)
        } else if playing {
            status.recording = "PLAYING the recording"
        } else if let take, take.noteCount > 0 {
            status.recording = "Not recording. Last take: \(take.noteCount) notes, \(takeSaved ? "saved" : "UNSAVED (kept in the journal)")"
        } else {
            status.recording = "Not recording (:record starts)"
        }
    }

    func redraw(_ size: (width: Int, height: Int)) {
        updateRecordingStatus()
        status.loops = loops.map(loopGridView)
        Terminal.draw(Screen.render(model, status: status, width: size.width, height: size.height))
    }

    /// The status line for MIDI input: the sources connected, or how to connect one.
    static func midiInputSummary(_ port: MIDIInputPort) -> String {
        port.connectedSources.isEmpty
            ? "MIDI in: no keyboard connected (aconnect SOURCE 'LittleMozart piano')"
            : "MIDI in: " + port.connectedSources.joined(separator: ", ")
    }
}
