import Foundation
import SMF
import Testing
import TestSupport
@testable import Music

/// `Score.bytes(runningStatus:)`, the direct encoder: exact bytes, the same as `midiFile().bytes()`,
/// and notes of one key that overlap, repeat or last 0 ticks written as they are.
@Suite struct ScoreBytesTests {
    /// Track 1's body in `bytes`: after MThd (14), the tempo track (8 + `conductor` bytes) and
    /// track 1's chunk header (8).
    static func partTrack(_ bytes: [UInt8], afterConductor conductor: Int) -> [UInt8] {
        Array(bytes[(14 + 8 + conductor + 8)...])
    }

    @Test func exactBytesOfASmallScore() {
        var part = Part(name: "A", notes: [Note(pitch: 60, velocity: 100, start: 0, duration: 96),
                                          Note(pitch: 64, velocity: 80, start: 0, duration: 48)],
                        controls: [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 5))])
        part.texts = [TextEvent(tick: 48, kind: .lyric, text: "la")]
        let score = Score(ticksPerQuarter: 96, parts: [part], tempoChanges: [TempoChange(tick: 0, microsecondsPerQuarter: 500_000)])
        let expected: [UInt8] = [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 2, 0, 0x60,
                                 0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 11, 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xFF, 0x2F, 0x00,
                                 0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 33,
                                 0x00, 0xFF, 0x03, 0x01, 0x41,        // track name "A"
                                 0x00, 0xC0, 0x05,                    // program change
                                 0x00, 0x90, 0x3C, 0x64, 0x00, 0x40, 0x50,  // note-ons by pitch, running status
                                 0x30, 0x80, 0x40, 0x00,              // 48: E off
                                 0x00, 0xFF, 0x05, 0x02, 0x6C, 0x61,  // 48: lyric "la" after the note-offs
                                 0x30, 0x80, 0x3C, 0x00,              // 96: C off (status again after the meta event)
                                 0x00, 0xFF, 0x2F, 0x00]
        #expect(score.bytes() == expected)
        #expect(score.midiFile().bytes() == expected)
        #expect(score.bytes(runningStatus: false) == score.midiFile().bytes(runningStatus: false))
        #expect(score.bytes(runningStatus: false).count == expected.count + 1)
    }

    /// A key struck again before its note-off (on 0, on 480, off 960, off 1440): read first in, first
    /// out as 0-960 and 480-1440, written back with the file's four events. The old writer cut the
    /// first note at 480 (on 0, off 480, on 480, off 1440), which FluidSynth plays longer: it ends
    /// both voices at the first note-off (960).
    @Test func reStruckNoteIsWrittenAsTheFileHadIt() throws {
        let file = smf(format: 0, division: 480,
                       [0x00, 0x90, 0x3C, 0x64, 0x83, 0x60, 0x3C, 0x50, 0x83, 0x60, 0x3C, 0x00, 0x83, 0x60, 0x80, 0x3C, 0x40,
                        0x00, 0xFF, 0x2F, 0x00])
        let score = Score(file: try MIDIFile(bytes: file))
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, start: 0, duration: 960),
                                         Note(pitch: 60, velocity: 80, start: 480, duration: 960)])
        let written = score.bytes()
        #expect(Self.partTrack(written, afterConductor: 4) == [0x00, 0x90, 0x3C, 0x64, 0x83, 0x60, 0x3C, 0x50,
                                                                 0x83, 0x60, 0x80, 0x3C, 0x00, 0x83, 0x60, 0x3C, 0x00,
                                                                 0x00, 0xFF, 0x2F, 0x00])
        #expect(Score(file: try MIDIFile(bytes: written)).parts[1].notes == score.parts[0].notes)
        #expect(score.writingWarnings.isEmpty)
    }

    /// A note-on repeated before its note-off (both at tick 0) and a zero-length note: kept.
    @Test func doubledAndZeroLengthNotesAreKept() throws {
        let file = smf(format: 0, division: 480,
                       [0x00, 0x90, 0x3C, 0x64, 0x00, 0x3C, 0x32, 0x81, 0x70, 0x3C, 0x00, 0x81, 0x70, 0x3C, 0x00,
                        0x00, 0x3E, 0x40, 0x00, 0x3E, 0x00, 0x00, 0xFF, 0x2F, 0x00])
        let score = Score(file: try MIDIFile(bytes: file))
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, start: 0, duration: 240),
                                         Note(pitch: 60, velocity: 50, start: 0, duration: 480),
                                         Note(pitch: 62, velocity: 64, start: 480, duration: 0)])
        let written = score.bytes()
        #expect(Self.partTrack(written, afterConductor: 4) == [0x00, 0x90, 0x3C, 0x64, 0x00, 0x3C, 0x32,
                                                                 0x81, 0x70, 0x80, 0x3C, 0x00, 0x81, 0x70, 0x3C, 0x00,
                                                                 0x00, 0x90, 0x3E, 0x40, 0x00, 0x80, 0x3E, 0x00,
                                                                 0x00, 0xFF, 0x2F, 0x00])
        #expect(Score(file: try MIDIFile(bytes: written)).parts[1].notes == score.parts[0].notes)
        #expect(score.writingWarnings.isEmpty)
    }

    /// Notes the file cannot hold as they are: reported, not silently changed.
    @Test func whatCannotBeKeptIsReported() throws {
        let score = Score(parts: [Part(notes: [Note(pitch: 60, start: 0, duration: 960), Note(pitch: 60, start: 480, duration: 240),
                                               Note(pitch: 62, velocity: 0, start: 0, duration: 10),
                                               Note(pitch: 64, start: 100, duration: -5)])])
        #expect(score.writingWarnings == [
            "track 1: 2 note(s) of a key that begin while a longer note of that key sounds: read back first in, first out, they get other ends",
            "track 1: 1 note(s) of velocity 0 written with velocity 1 (a note-on of velocity 0 is a note-off)",
            "track 1: 1 note(s) of negative length written with length 0",
        ])
        let back = Score(file: try MIDIFile(bytes: score.bytes())).parts[1].notes
        #expect(back == [Note(pitch: 60, start: 0, duration: 720), Note(pitch: 62, velocity: 1, start: 0, duration: 10),
                         Note(pitch: 64, start: 100, duration: 0), Note(pitch: 60, start: 480, duration: 480)])
    }

    /// Every corpus file read, written and read again gives the same notes, with nothing to report;
    /// and the direct encoder gives the bytes of `midiFile().bytes()`.
    @Test(.enabled(if: TestPaths.corpus("melody") != nil, "../shared/corpus not found: skipped"))
    func corpusNotesSurviveAWriteAndTheTwoWritersAgree() throws {
        let files = TestPaths.midiFiles(in: ["melody", "drums", "songs", "leadsheets", "chorales", "edge"])
        var checked = 0
        for url in files {
            guard let read = try? MIDIFile.read(contentsOf: url, options: .lenient) else { continue }
            let score = Score(file: read.file)
            let bytes = score.bytes()
            #expect(bytes == score.midiFile().bytes(), "\(url.lastPathComponent)")
            let back = Score(file: try MIDIFile(bytes: bytes))
            #expect(back.parts.dropFirst().map(\.notes) == score.parts.map(\.notes), "\(url.lastPathComponent)")
            #expect(score.writingWarnings.isEmpty, "\(url.lastPathComponent)")
            checked += 1
        }
        #expect(checked > 3000)
    }
}
