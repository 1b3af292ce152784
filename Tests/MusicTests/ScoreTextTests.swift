import Testing
import SMF
import TestSupport
@testable import Music

/// Lyrics, markers, other text metas and track names survive reading a file into a `Score` and
/// writing it back, byte for byte (issue 16: `drums --with` and `harmonize` dropped them).
@Suite struct ScoreTextTests {
    /// One track: Latin-1 track name "Canción" (0xF3), a marker, two lyrics on the notes, a cue
    /// point, a second track name, and one note per lyric.
    static let file: [UInt8] = smf(format: 0, division: 96,
        [0x00, 0xFF, 0x03, 0x07] + Array("Canci".utf8) + [0xF3, 0x6E]
        + [0x00, 0xFF, 0x06, 0x05] + Array("Verse".utf8)
        + [0x00, 0xFF, 0x05, 0x03] + Array("la ".utf8)
        + [0x00, 0x90, 60, 100]
        + [0x60, 0x80, 60, 0]
        + [0x00, 0xFF, 0x05, 0x02] + Array("lo".utf8)
        + [0x00, 0x90, 62, 90]
        + [0x60, 0x80, 62, 0]
        + [0x00, 0xFF, 0x07, 0x03] + Array("end".utf8)
        + [0x00, 0xFF, 0x03, 0x02] + Array("P2".utf8)
        + [0x00, 0xFF, 0x2F, 0x00])

    @Test func textsAreReadWithTheirTicksKindsAndBytes() throws {
        let result = try MIDIFile.read(bytes: Self.file, options: .strict)
        let score = Score(file: result.file)
        let part = score.parts[0]
        #expect(part.name == "Canción")
        #expect(part.nameBytes == Array("Canci".utf8) + [0xF3, 0x6E])
        #expect(part.texts == [
            TextEvent(tick: 0, kind: .marker, text: "Verse"),
            TextEvent(tick: 0, kind: .lyric, text: "la "),
            TextEvent(tick: 96, kind: .lyric, text: "lo"),
            TextEvent(tick: 192, kind: .cuePoint, text: "end"),
            TextEvent(tick: 192, kind: .trackName, text: "P2"),
        ])
        #expect(score.readingWarnings == ["track 0: track name is not UTF-8, read as Latin-1 (its bytes are kept)"])
    }

    @Test func writingKeepsEveryTextByteForByteBeforeTheNotesOfItsTick() throws {
        let score = Score(file: try MIDIFile.read(bytes: Self.file, options: .strict).file)
        let written = score.midiFile()
        let track = written.tracks[1].events
        var tick = 0
        var seen: [(Int, String)] = []
        for e in track {
            tick += Int(e.delta)
            switch e.event {
            case .meta(.text(let kind, let bytes)): seen.append((tick, "\(kind):\(bytes)"))
            case .channel(.noteOn(_, let pitch, _)): seen.append((tick, "on \(pitch)"))
            default: break
            }
        }
        #expect(seen.map(\.0) == [0, 0, 0, 0, 96, 96, 192, 192])
        #expect(seen.map(\.1) == [
            "trackName:\(Array("Canci".utf8) + [0xF3, 0x6E])",
            "marker:\(Array("Verse".utf8))",
            "lyric:\(Array("la ".utf8))",
            "on 60",
            "lyric:\(Array("lo".utf8))",
            "on 62",
            "cuePoint:\(Array("end".utf8))",
            "trackName:\(Array("P2".utf8))",
        ])
        // And the whole score reads back equal.
        let again = Score(file: try MIDIFile.read(bytes: written.bytes(), options: .strict).file)
        #expect(again.parts[1].texts == score.parts[0].texts)
        #expect(again.parts[1].nameBytes == score.parts[0].nameBytes)
    }

    @Test func renamingAPartWritesTheNewNameAsUTF8() throws {
        var score = Score(file: try MIDIFile.read(bytes: Self.file, options: .strict).file)
        score.parts[0].name = "Lied"
        #expect(score.parts[0].nameBytes == nil)
        guard case .meta(.text(.trackName, let bytes)) = score.midiFile().tracks[1].events[0].event else {
            Issue.record("first event is not the track name"); return
        }
        #expect(bytes == Array("Lied".utf8))
    }

    @Test func latin1DecodingMapsEachByteToOneScalar() {
        #expect(TextEvent(tick: 0, kind: .text, bytes: [0x41, 0xED, 0xFF]).text == "A\u{ED}\u{FF}")
        #expect(TextEvent(tick: 0, kind: .text, bytes: Array("Ré".utf8)).text == "Ré")
        #expect(TextEvent(tick: 0, kind: .text, bytes: Array("Ré".utf8)).isUTF8)
        #expect(!TextEvent(tick: 0, kind: .text, bytes: [0xE9]).isUTF8)
    }
}
