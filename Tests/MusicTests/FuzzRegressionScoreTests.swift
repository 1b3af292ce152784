import Foundation
import Testing
import TestSupport
import SMF
@testable import Music

/// Inputs Scripts/fuzz-score found a problem with after reading (conversion, transposition, note
/// pairing, the Score writer), kept in Tests/SMFFixtures/fuzz-regressions. Both are open: each test
/// states the documented behaviour and is marked as a known issue (or disabled, when the failure is
/// a trap) until the code is fixed; then the marker must go.
@Suite("Fuzz regressions after reading")
struct FuzzRegressionScoreTests {
    static let dir = TestPaths.packageRoot.appendingPathComponent("Tests/SMFFixtures/fuzz-regressions")

    static func score(_ name: String) throws -> (MIDIFile, Score) {
        let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
        let file = try MIDIFile.read(bytes: bytes, options: ReadOptions(mode: .lenient)).file
        return (file, Score(file: file))
    }

    /// One note from tick 0 to 0x1FFFFFFE with a text event in between (two deltas of 0x0FFFFFFF).
    /// The writer used to trap in VLQ.encode when the Score dropped the text event (one delta of
    /// 0x1FFFFFFE ticks; `compose drums --with FILE` stopped with SIGILL). Now the Score keeps the
    /// text, and the writer bridges any gap over 0x0FFFFFFF ticks with empty text events.
    @Test func scoreWriterLongGap() throws {
        let (_, score) = try Self.score("score-writer-long-gap.mid")
        #expect(score.parts.flatMap(\.notes) == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 0x1FFF_FFFE)])
        let again = Score(file: try MIDIFile(bytes: score.bytes()))
        #expect(again.parts.flatMap(\.notes) == score.parts.flatMap(\.notes))
    }

    /// A note of 0x1FFFFFFE ticks with nothing in between: one empty text event at 0x0FFFFFFF.
    @Test func writerBridgesGapsLongerThanADeltaTime() throws {
        let score = Score(ticksPerQuarter: 96, parts: [Part(notes: [Note(pitch: 60, velocity: 100, start: 0, duration: 0x1FFF_FFFE)])])
        let bytes = score.bytes()
        #expect(bytes == score.midiFile().bytes())
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks[1].events.map(\.delta) == [0, 0x0FFF_FFFF, 0x0FFF_FFFF, 0])
        #expect(file.tracks[1].events[1].event == .meta(.text(.text, [])))
        let again = Score(file: file)
        #expect(again.parts[1].notes == score.parts[0].notes)
    }

    @Test("the long-gap input's note is paired as one note of 0x1FFFFFFE ticks")
    func longGapPairing() throws {
        let (_, score) = try Self.score("score-writer-long-gap.mid")
        #expect(score.parts.flatMap(\.notes) == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 0x1FFF_FFFE)])
    }

    /// Note 120 (0 to 0x0FFFFFFF), then note 60 at 0x1FFFFFFE. Transposed by +12, note 120 leaves the
    /// MIDI range and is dropped; its note-off's delta is carried to the next event. It used to be
    /// clamped to 0x0FFFFFFF (note 72 started at 0x0FFFFFFF instead of 0x1FFFFFFE); now an empty
    /// text event bridges the gap.
    @Test("transposition keeps the time of the events after a dropped note")
    func transposeCarriedDelta() throws {
        let (file, _) = try Self.score("transpose-carried-delta.mid")
        let (moved, report) = file.transposed(by: 12)
        #expect(report.notesDroppedOutOfRange == 1)
        let notes = Score(file: moved).parts.flatMap(\.notes)
        #expect(notes == [Note(pitch: 72, velocity: 100, channel: 0, start: 0x1FFF_FFFE, duration: 1)])
        #expect(report.gapEventsInserted == 1)
        #expect(moved.tracks[0].events.filter { $0.event == .meta(.text(.text, [])) }.map(\.delta) == [0x0FFF_FFFF])
    }
}
