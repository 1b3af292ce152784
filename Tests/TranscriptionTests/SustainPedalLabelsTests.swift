import Foundation
import SMF
import Testing
import TestSupport
@testable import Transcription

/// The sustain pedal in training labels: notes sustained as Onsets and Frames sustains them
/// (`PianoPerformance.labelNotes`), the pedal's own frames (`pedalIntervals`, `PianoLabels.pedal`).
@Suite struct SustainPedalLabelsTests {
    /// 480 ticks per quarter at 120 bpm (960 ticks a second; frame f at tick 9.6 f), channel 1:
    /// C4 0-0.5 s, pedal down at 0.25 s; E4 0.6-0.7 s; C4 again at 0.8-0.9 s; pedal up at 1.0 s;
    /// G4 1.0-1.2 s (released after the pedal: unchanged); the pedal down again at 1.5 s to the
    /// end (tick 1920, 2.0 s) with nothing released under it; a drum's pedal on channel 10 ignored.
    static let file: [UInt8] = smf(division: 480, (
        [0x00, 0x90, 60, 80]
        + vlq(240) + [0xB0, 64, 127]
        + vlq(240) + [0x80, 60, 0]
        + vlq(96) + [0x90, 64, 70]
        + vlq(96) + [0x80, 64, 0]
        + vlq(96) + [0x90, 60, 90]
        + vlq(96) + [0x80, 60, 0]
        + vlq(96) + [0xB0, 64, 0, 0x00, 0x90, 67, 60, 0x00, 0xB9, 64, 127]
        + vlq(192) + [0x80, 67, 0]
        + vlq(288) + [0xB0, 64, 100]
        + vlq(480) + [0xFF, 0x2F, 0x00]))

    @Test func notesReleasedUnderThePedalSoundUntilItLiftsOrTheKeyIsStruckAgain() throws {
        let midi = PianoPerformance.piano(try MIDIFile(bytes: Self.file))
        #expect(PianoPerformance.labelNotes(midi) == [
            PianoNote(pitch: 60, onsetFrame: 0, offsetFrame: 80, velocity: 80),    // cut where C4 is struck again
            PianoNote(pitch: 64, onsetFrame: 60, offsetFrame: 100, velocity: 70),  // to the pedal's lift
            PianoNote(pitch: 60, onsetFrame: 80, offsetFrame: 100, velocity: 90),
            PianoNote(pitch: 67, onsetFrame: 100, offsetFrame: 120, velocity: 60),  // released with the pedal up
        ])
        #expect(PianoPerformance.pedalIntervals(midi) == [PedalInterval(onFrame: 25, offFrame: 100), PedalInterval(onFrame: 150, offFrame: 200)])
    }

    @Test func pedalLabelsMarkItsFrames() {
        let l = PianoLabels(notes: [], pedal: [PedalInterval(onFrame: 2, offFrame: 4), PedalInterval(onFrame: 6, offFrame: 20)], start: 1, frames: 7)
        #expect(l.pedal == [0, 1, 1, 0, 0, 1, 1])
        #expect(PianoLabels(notes: [], start: 0, frames: 3).pedal == [0, 0, 0])
    }

    /// Overlapping presses of two channels merge; a pedal never lifted ends at the score's end.
    @Test func intervalsOfTwoChannelsMerge() throws {
        let bytes = smf(division: 480, (
            [0x00, 0xB0, 64, 127, 0x00, 0x90, 60, 80]
            + vlq(480) + [0xB1, 64, 127]
            + vlq(480) + [0xB0, 64, 0]
            + vlq(960) + [0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00]))
        let midi = PianoPerformance.piano(try MIDIFile(bytes: bytes))
        #expect(PianoPerformance.pedalIntervals(midi) == [PedalInterval(onFrame: 0, offFrame: 200)])
    }
}
