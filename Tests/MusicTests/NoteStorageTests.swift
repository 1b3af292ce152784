import Foundation
import Testing
import SMF
import TestSupport
@testable import Music

/// `Note` in 16 bytes: every field reads back what was stored, across the whole range of each; the
/// encoding and the printed form are those of the plain struct it replaced; a file with a longer
/// note than a `Note` holds is refused (or, from a `MIDIFile`, ended with a warning), never wrapped.
@Suite struct NoteStorageTests {
    @Test func aNoteTakesSixteenBytes() {
        #expect(MemoryLayout<Note>.size == 16)
        #expect(MemoryLayout<Note>.stride == 16)
    }

    @Test func everyFieldKeepsItsValueAtTheEdgesOfItsRange() {
        let durations = [0, 1, 479, 1 << 31, (1 << 32) + 5, Note.durationRange.upperBound, -1, Note.durationRange.lowerBound]
        let starts = [0, 7, Int.max, Int.min, -480]
        for duration in durations {
            for start in starts {
                for (pitch, velocity, channel) in [(0, 0, 0), (127, 127, 15), (255, 255, 255), (60, 1, 9)] as [(UInt8, UInt8, UInt8)] {
                    let note = Note(pitch: pitch, velocity: velocity, channel: channel, start: start, duration: duration)
                    #expect(note.pitch == pitch && note.velocity == velocity && note.channel == channel)
                    #expect(note.start == start && note.duration == duration)
                }
            }
        }
        #expect(Note.durationRange == -549_755_813_888...549_755_813_887)
    }

    @Test func settingOneFieldLeavesTheOthers() {
        var note = Note(pitch: 60, velocity: 90, channel: 3, start: 960, duration: 480)
        note.pitch = 127
        note.velocity = 1
        note.channel = 15
        note.duration = Note.durationRange.lowerBound
        #expect((note.pitch, note.velocity, note.channel, note.start, note.duration) == (127, 1, 15, 960, Note.durationRange.lowerBound))
        note.duration = 5
        note.start = -3
        #expect((note.pitch, note.velocity, note.channel, note.start, note.duration, note.end) == (127, 1, 15, -3, 5, 2))
        #expect(note == Note(pitch: 127, velocity: 1, channel: 15, start: -3, duration: 5))
        #expect(note != Note(pitch: 127, velocity: 1, channel: 14, start: -3, duration: 5))
    }

    @Test func encodesAndPrintsAsThePlainStructDid() throws {
        let note = Note(pitch: 60, velocity: 90, channel: 9, start: 1920, duration: 480)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // The synthesized encoding of the former struct: its five fields under their names.
        #expect(String(decoding: try encoder.encode(note), as: UTF8.self)
                == #"{"channel":9,"duration":480,"pitch":60,"start":1920,"velocity":90}"#)
        #expect(try JSONDecoder().decode(Note.self, from: Data(#"{"start":1920,"duration":480,"pitch":60,"channel":9,"velocity":90}"#.utf8)) == note)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Note.self, from: Data(#"{"pitch":60,"velocity":90,"channel":0,"start":0,"duration":549755813888}"#.utf8))
        }
        #expect("\(note)" == "Note(pitch: 60, velocity: 90, channel: 9, start: 1920, duration: 480)")
        #expect("\([note])" == "[Music.Note(pitch: 60, velocity: 90, channel: 9, start: 1920, duration: 480)]")
    }

    /// A track whose note lasts 2,049 delta times of 0x0FFFFFFF ticks (550,024,247,295 ticks, past
    /// 2^39 - 1): note-on, 2,049 empty text events, then `ending`.
    static func longNoteFile(ending: [UInt8]) -> (bytes: [UInt8], endOffset: Int) {
        var body: [UInt8] = [0x00, 0x90, 60, 100]
        for _ in 0..<2049 { body += vlq(0x0FFF_FFFF) + [0xFF, 0x01, 0x00] }
        let endOffset = 14 + 8 + body.count
        body += ending
        return (smf(body), endOffset)
    }

    @Test func aLongerNoteThanANoteHoldsIsRefusedInStrictModeAtTheByteThatEndsIt() throws {
        let withOff = Self.longNoteFile(ending: [0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00])
        let unclosed = Self.longNoteFile(ending: [0x00, 0xFF, 0x2F, 0x00])
        for (file, what) in [(withOff, "note-off"), (unclosed, "End of Track")] {
            for options in [ReadOptions.strict] {
                do {
                    _ = try Score.read(bytes: file.bytes, options: options)
                    Issue.record("a note of 550,024,247,295 ticks was read (\(what))")
                } catch {
                    #expect(error.kind == .noteTooLong)
                    #expect(error.track == 0)
                    #expect(error.offset == file.endOffset, "the offset of the \(what)")
                    #expect(error.expected == "a note of at most 549755813887 ticks (what a score holds), found one of 550024247295 ticks from tick 0")
                }
            }
        }
    }

    @Test func leniently_aLongerNoteEndsAtTheLongestDurationWithAWarningNamingItsByteOffset() throws {
        let file = Self.longNoteFile(ending: [0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00])
        let score = try Score.read(bytes: file.bytes, options: .lenient).score
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: Note.durationRange.upperBound)])
        #expect(score.readingWarnings
                == ["track 0: a note of 550024247295 ticks from tick 0 (ended at byte offset \(file.endOffset)) is longer than a score holds (549755813887 ticks): ended there"])
    }

    @Test func fromAMIDIFileALongerNoteEndsAtTheLongestDurationWithAWarning() throws {
        let file = try MIDIFile.read(bytes: Self.longNoteFile(ending: [0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00]).bytes,
                                     options: .strict).file
        let score = Score(file: file)
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: Note.durationRange.upperBound)])
        #expect(score.readingWarnings
                == ["track 0: a note of 550024247295 ticks from tick 0 is longer than a score holds (549755813887 ticks): ended there"])
    }

    @Test func theLongestNoteAScoreHoldsIsRead() throws {
        // 2,048 delta times of 0x0FFFFFFF = 549,755,811,840 ticks: within the range.
        var body: [UInt8] = [0x00, 0x90, 60, 100]
        for _ in 0..<2048 { body += vlq(0x0FFF_FFFF) + [0xFF, 0x01, 0x00] }
        body += [0x00, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00]
        let score = try Score.read(bytes: smf(body), options: .strict).score
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 2048 * 0x0FFF_FFFF)])
    }

    @Test func notesComeInStartThenPitchOrderAndOneKeyKeepsFirstInFirstOut() throws {
        // A chord struck high to low, then the same key struck twice at one tick with two velocities.
        let body: [UInt8] = [0x00, 0x90, 67, 80, 0x00, 64, 81, 0x00, 60, 82,
                             0x60, 0x80, 60, 0, 0x00, 64, 0, 0x00, 67, 0,
                             0x00, 0x90, 50, 10, 0x00, 50, 20,
                             0x10, 0x80, 50, 0, 0x20, 50, 0, 0x00, 0xFF, 0x2F, 0x00]
        for options in [ReadOptions.strict, .lenient] {
            let streamed = try Score.read(bytes: smf(body), options: options).score
            let viaFile = Score(file: try MIDIFile.read(bytes: smf(body), options: options).file)
            let expected = [Note(pitch: 60, velocity: 82, start: 0, duration: 96), Note(pitch: 64, velocity: 81, start: 0, duration: 96),
                            Note(pitch: 67, velocity: 80, start: 0, duration: 96),
                            Note(pitch: 50, velocity: 10, start: 96, duration: 16), Note(pitch: 50, velocity: 20, start: 96, duration: 48)]
            #expect(streamed.parts[0].notes == expected)
            #expect(viaFile.parts[0].notes == expected)
        }
    }

    @Test func partSortsAnyOrderStablyAsTheStandardSortDoes() {
        // Reversed (the insertion sort gives up and the standard sort finishes) and nearly sorted.
        var reversed: [Note] = []
        for i in 0..<500 { reversed.append(Note(pitch: UInt8(i % 3), velocity: UInt8(i % 100 + 1), start: (500 - i) / 2, duration: i)) }
        var chords: [Note] = []
        for i in 0..<300 { chords.append(Note(pitch: UInt8(70 - i % 4), velocity: UInt8(i % 7 + 1), start: i / 4 * 10, duration: i)) }
        func before(_ a: Note, _ b: Note) -> Bool { (a.start, a.pitch, a.channel) < (b.start, b.pitch, b.channel) }
        for notes in [reversed, chords, [], [Note(pitch: 1, start: 0, duration: 0)]] {
            let stable = notes.enumerated().sorted { before($0.element, $1.element) || (!before($1.element, $0.element) && $0.offset < $1.offset) }.map(\.element)
            #expect(Part(notes: notes).notes == stable)
        }
    }
}
