import Foundation
import SMF
import Testing
import TestSupport
@testable import Transcription

@Suite struct PianoLabelsTests {
    @Test func framesFollowMirEvalRounding() {
        // 0.004 s -> frame 0; 0.125 s -> floor(12.5 + 0.5) = 13; a 2 ms note keeps one frame.
        #expect(PianoNote(pitch: 60, onset: 0.004, offset: 0.125, velocity: 100) == PianoNote(pitch: 60, onsetFrame: 0, offsetFrame: 13, velocity: 100))
        #expect(PianoNote(pitch: 60, onset: 1.0, offset: 1.002, velocity: 1) == PianoNote(pitch: 60, onsetFrame: 100, offsetFrame: 101, velocity: 1))
    }

    @Test func labelsOfKnownNotes() {
        let notes = [PianoNote(pitch: 21, onsetFrame: 2, offsetFrame: 5, velocity: 127), PianoNote(pitch: 108, onsetFrame: 0, offsetFrame: 9, velocity: 64),
                     PianoNote(pitch: 20, onsetFrame: 1, offsetFrame: 3, velocity: 100)]  // below A0: not labelled
        let l = PianoLabels(notes: notes, start: 1, frames: 6)  // frames 1...6
        let k = 88
        func column(_ a: [Float], _ key: Int) -> [Float] { (0..<6).map { a[$0 * k + key] } }
        #expect(column(l.onset, 0) == [0, 1, 0, 0, 0, 0])
        #expect(column(l.frame, 0) == [0, 1, 1, 1, 0, 0])
        #expect(column(l.offset, 0) == [0, 0, 0, 0, 1, 0])
        #expect(column(l.velocity, 0) == [0, 1, 0, 0, 0, 0])
        // Key 87 started before the window: frames only, no onset, its offset (frame 9) outside.
        #expect(column(l.onset, 87) == [0, 0, 0, 0, 0, 0])
        #expect(column(l.frame, 87) == [1, 1, 1, 1, 1, 1])
        #expect(column(l.offset, 87) == [0, 0, 0, 0, 0, 0])
        #expect(l.onset.reduce(0, +) == 1 && l.frame.reduce(0, +) == 9 && l.offset.reduce(0, +) == 1)
    }

    /// One track at 480 ticks per quarter and 120 bpm (0.5 s per quarter): program 40 on channel 1,
    /// C4 for a quarter from tick 0 (velocity 90), a drum note on channel 10, E4 for an eighth
    /// from tick 480.
    static let file: [UInt8] = smf(division: 480, (
        [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
         0x00, 0xC0, 40,
         0x00, 0x90, 60, 90, 0x00, 0x99, 36, 100]
        + vlq(480) + [0x80, 60, 0, 0x00, 0x89, 36, 0, 0x00, 0x90, 64, 70]
        + vlq(240) + [0x80, 64, 0, 0x00, 0xFF, 0x2F, 0x00]))

    @Test func pianoPerformanceAndItsNotes() throws {
        let midi = try MIDIFile(bytes: Self.file)
        let piano = PianoPerformance.piano(midi)
        let events = piano.tracks[0].events.map(\.event)
        #expect(events.contains(.channel(.programChange(channel: 0, program: 0))))
        #expect(!events.contains { if case .channel(let m) = $0 { return m.channel == 9 } else { return false } })
        #expect(PianoPerformance.labelNotes(piano) == [PianoNote(pitch: 60, onsetFrame: 0, offsetFrame: 50, velocity: 90),
                                                       PianoNote(pitch: 64, onsetFrame: 50, offsetFrame: 75, velocity: 70)])
        // Tempo x 1.2: 0.6 s per quarter.
        #expect(PianoPerformance.labelNotes(PianoPerformance.piano(midi, tempoFactor: 1.2)) ==
                [PianoNote(pitch: 60, onsetFrame: 0, offsetFrame: 60, velocity: 90), PianoNote(pitch: 64, onsetFrame: 60, offsetFrame: 90, velocity: 70)])
    }

    @Test func heldOutSplitMatchesTheScript() throws {
        let root = try TestPaths.temporaryDirectory("TranscriptionCorpus")
        defer { try? FileManager.default.removeItem(at: root) }
        for (folder, count) in [("chorales", 25), ("leadsheets", 41), ("songs", 10)] {
            let dir = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for i in 0..<count { _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(String(format: "p%02d.mid", i)).path, contents: Data()) }
        }
        #expect(TranscriptionCorpus.heldOut(corpus: root) == ["chorales/p09.mid", "chorales/p19.mid", "leadsheets/p19.mid", "leadsheets/p39.mid", "songs/p09.mid"])
        let training = TranscriptionCorpus.training(corpus: root, counts: ["chorales": 100, "leadsheets": 3, "songs": 1])
        #expect(training.count == 23 + 3 + 1)
        #expect(Set(training).isDisjoint(with: TranscriptionCorpus.heldOut(corpus: root)))
        #expect(training.suffix(4) == ["leadsheets/p00.mid", "leadsheets/p13.mid", "leadsheets/p27.mid", "songs/p00.mid"])
    }
}
