import Foundation
import Music
@testable import Piano
import SMF
import Testing

@Suite("Journal")
struct JournalTests {
    func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("piano-tests-\(UUID().uuidString)")
        return dir.appendingPathComponent(name).path
    }

    @Test func writeThenReadBack() throws {
        let path = temporaryPath("j.txt")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let writer = try JournalWriter(path: path, bpm: 100)
        let messages: [(Int, ChannelMessage)] = [
            (0, .programChange(channel: 0, program: 40)),
            (1000, .noteOn(channel: 0, note: 60, velocity: 80)),
            (501_000, .noteOff(channel: 0, note: 60, velocity: 0)),
            (600_000, .controlChange(channel: 0, controller: 64, value: 127)),
            (700_000, .pitchBend(channel: 0, value: -8192)),
            (800_000, .pitchBend(channel: 0, value: 8191)),
        ]
        for (t, m) in messages { try writer.append(time: t, message: m) }
        // Not stopped, not closed: as after SIGKILL. Read while the writer still holds the file.
        let r = try Journal.read(path: path)
        #expect(r.bpm == 100)
        #expect(r.stopTime == nil)
        #expect(r.entries.map(\.time) == messages.map(\.0))
        #expect(r.entries.map(\.message) == messages.map(\.1))
        #expect(r.startDate != nil)
        try writer.stop(time: 900_000)
        #expect(try Journal.read(path: path).stopTime == 900_000)
    }

    @Test func tornLastLineIsIgnored() throws {
        let text = "littlemozart-piano-journal 1\ntempo 120\nev 0 90 3C 50\nev 500000 80 3C 00\nev 600000 90 3"
        let r = try Journal.parse(text)
        #expect(r.entries.count == 2)
        // Garbage lines are skipped too.
        let r2 = try Journal.parse("littlemozart-piano-journal 1\nev x 90 3C 50\nev 5 ZZ\nev 7 90 3C 50\n")
        #expect(r2.entries == [Recording.Entry(time: 7, message: .noteOn(channel: 0, note: 60, velocity: 80))])
        #expect(throws: JournalError.notAJournal(path: "journal")) { try Journal.parse("not a journal\n") }
        #expect(JournalError.notAJournal(path: "j.txt").description == "j.txt is not a piano recording journal")
        #expect(JournalError.cannotCreate(path: "/x/j.txt", reason: "Permission denied").description == "cannot create the recording journal /x/j.txt: Permission denied")
    }

    @Test func scoreHasExactlyThePlayedNotes() {
        // At 120 bpm and 480 ticks per quarter, 1 ms = 0.96 ticks.
        var r = Recording(bpm: 120)
        r.entries = [
            .init(time: 0, message: .programChange(channel: 0, program: 40)),
            .init(time: 250_000, message: .noteOn(channel: 0, note: 60, velocity: 80)),   // tick 0 (leading silence dropped)
            .init(time: 750_000, message: .noteOn(channel: 0, note: 64, velocity: 100)),  // tick 480
            .init(time: 1_250_000, message: .noteOff(channel: 0, note: 60, velocity: 0)), // C4 lasts 960
            .init(time: 1_250_000, message: .noteOn(channel: 0, note: 64, velocity: 0)),  // E4 lasts 480
            .init(time: 1_500_000, message: .noteOn(channel: 0, note: 67, velocity: 90)), // tick 1200
            .init(time: 1_600_000, message: .noteOff(channel: 0, note: 67, velocity: 0)), // 96 ticks
        ]
        let score = r.score()
        let notes = score.allNotes
        #expect(notes.map(\.pitch) == [60, 64, 67])
        #expect(notes.map(\.start) == [0, 480, 1200])
        #expect(notes.map(\.duration) == [960, 480, 96])
        #expect(notes.map(\.velocity) == [80, 100, 90])
        #expect(score.parts[0].programs == [40])
        #expect(score.tempoChanges.first?.bpm == 120)
        #expect(r.noteCount == 3)
        // And through a MIDI file and back.
        let back = Score(file: score.midiFile())
        #expect(back.allNotes == notes)
    }

    @Test func unterminatedNotesEndAtTheLastMomentAndLastABeat() {
        var r = Recording(bpm: 120)
        r.entries = [
            .init(time: 0, message: .noteOn(channel: 0, note: 60, velocity: 80)),
            .init(time: 2_000_000, message: .noteOn(channel: 0, note: 62, velocity: 80)),
        ]
        let notes = r.score().allNotes
        #expect(notes.map(\.pitch) == [60, 62])
        #expect(notes[0].duration == 1920) // to the last event (2 s)
        #expect(notes[1].duration == 480)  // nothing after it: one beat
        r.stopTime = 3_000_000
        #expect(r.score().allNotes.map(\.duration) == [2880, 960])
    }

    @Test func repeatedPitchWithoutNoteOffRestarts() {
        var r = Recording(bpm: 120)
        r.entries = [
            .init(time: 0, message: .noteOn(channel: 0, note: 60, velocity: 80)),
            .init(time: 500_000, message: .noteOn(channel: 0, note: 60, velocity: 80)),
            .init(time: 1_000_000, message: .noteOff(channel: 0, note: 60, velocity: 0)),
        ]
        let notes = r.score().allNotes
        #expect(notes.map(\.start) == [0, 480])
        #expect(notes.map(\.duration) == [480, 480])
    }

    @Test func recoverCommandWritesTheFileAndRemovesTheJournal() throws {
        let path = temporaryPath("j.txt")
        let dir = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try JournalWriter(path: path, bpm: 120)
        try writer.append(time: 10, message: .noteOn(channel: 0, note: 69, velocity: 80))
        try writer.append(time: 500_010, message: .noteOff(channel: 0, note: 69, velocity: 0))
        let out = dir + "/out.mid"
        let message = try PianoApp.recover(journalPath: path, out: out)
        #expect(message.contains("Recovered 1 notes"))
        #expect(!FileManager.default.fileExists(atPath: path))
        let score = try Score(contentsOf: URL(fileURLWithPath: out))
        #expect(score.allNotes.map(\.pitch) == [69])
        #expect(score.allNotes.map(\.duration) == [480])
        #expect(throws: PianoError.noJournal(path: path)) { try PianoApp.recover(journalPath: path, out: out) }
    }

    @Test func defaultPath() {
        #expect(Journal.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/littlemozart/piano-journal.txt")
        #expect(Journal.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/littlemozart/piano-journal.txt")
    }

    @Test func wireBytesRoundTrip() {
        let ms: [ChannelMessage] = [.noteOn(channel: 3, note: 1, velocity: 2), .noteOff(channel: 15, note: 127, velocity: 64),
                                    .polyPressure(channel: 1, note: 2, pressure: 3), .controlChange(channel: 0, controller: 7, value: 100),
                                    .programChange(channel: 9, program: 0), .channelPressure(channel: 2, pressure: 5),
                                    .pitchBend(channel: 0, value: 0), .pitchBend(channel: 0, value: -1)]
        for m in ms { #expect(Journal.message(from: Journal.bytes(of: m)) == m) }
    }
}
