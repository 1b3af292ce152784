import Foundation
import SMF
import TestSupport
import Testing

/// `harmonize IN` and `drums --with IN` keep what the user gave: track names (bytes as they were,
/// Latin-1 included), lyrics, markers, text and cue point events, controllers and program changes,
/// the tempo map and the signatures.
extension ComposeCLITests {
    /// "María" in Latin-1: byte 0xED is not UTF-8 and was written back as U+FFFD (EF BF BD) before.
    static let latin1Name: [UInt8] = [0x4D, 0x61, 0x72, 0xED, 0x61]

    static func meta(_ type: UInt8, _ bytes: [UInt8]) -> [UInt8] { [0xFF, type] + vlq(UInt32(bytes.count)) + bytes }

    /// A hand-built format 1 file, 480 PPQ, 4 bars of 3/4 in G major:
    /// track 0: 3/4, G major, 100 bpm then 90 bpm at bar 3, a text, two markers (one Latin-1) and a
    /// cue point; track 1 "María" (Latin-1) on channel 1: program 73, CC 7/10/64, channel pressure,
    /// a lyric per note (one Latin-1), a text event, and 10 notes.
    static func keepsInputFile() -> [UInt8] {
        var conductor: [UInt8] = []
        conductor += [0x00] + meta(0x58, [3, 2, 24, 8])
        conductor += [0x00] + meta(0x59, [0x01, 0x00])
        conductor += [0x00] + meta(0x51, [0x09, 0x27, 0xC0])                // 600000 µs: 100 bpm
        conductor += [0x00] + meta(0x01, Array("hand-made".utf8))
        conductor += [0x00] + meta(0x06, Array("A".utf8))
        conductor += vlq(2880) + meta(0x51, [0x0A, 0x2C, 0x2B])             // 666667 µs: 90 bpm
        conductor += [0x00] + meta(0x06, [0x42, 0xE9])                      // "Bé" in Latin-1
        conductor += vlq(2880) + meta(0x07, Array("end".utf8))
        conductor += [0x00, 0xFF, 0x2F, 0x00]

        var melody: [UInt8] = []
        melody += [0x00] + meta(0x03, latin1Name)
        melody += [0x00, 0xC0, 73]
        melody += [0x00, 0xB0, 7, 100, 0x00, 0xB0, 10, 40, 0x00, 0xB0, 64, 127]
        melody += [0x00] + meta(0x01, Array("verse one".utf8))
        // G4 A4 B4 | C5 B4 A4 | G4 B4 D5 | G4 (dotted half), a lyric on each.
        let pitches: [UInt8] = [67, 69, 71, 72, 71, 69, 67, 71, 74, 67]
        let lyrics: [[UInt8]] = [Array("Can-".utf8), [0x63, 0x69, 0xF3, 0x6E], Array("la".utf8), Array("la".utf8), Array("la".utf8),
                                 Array("la".utf8), Array("do".utf8), Array("re".utf8), Array("mi".utf8), Array("fin".utf8)]
        for (i, pitch) in pitches.enumerated() {
            melody += [0x00] + meta(0x05, lyrics[i])
            if i == 3 { melody += [0x00, 0xB0, 64, 0, 0x00, 0xD0, 50] }
            let length: UInt32 = i == 9 ? 1440 : 480
            melody += [0x00, 0x90, pitch, 80] + vlq(length) + [0x80, pitch, 0]
        }
        melody += [0x00, 0xFF, 0x2F, 0x00]
        return smf(format: 1, division: 480, conductor, melody)
    }

    /// The events of a track other than notes and End of Track, as "tick: event", sorted (the
    /// writer orders events of one tick its own way).
    static func nonNoteEvents(_ track: Track) -> [String] {
        track.timedEvents().compactMap { e -> String? in
            switch e.event {
            case .channel(.noteOn), .channel(.noteOff), .meta(.endOfTrack): return nil
            default: return "\(e.tick): \(e.event)"
            }
        }.sorted()
    }

    static func trackNameBytes(_ track: Track) -> [UInt8]? {
        for e in track.events { if case .meta(.text(.trackName, let bytes)) = e.event { return bytes } }
        return nil
    }

    /// The events the input's tracks hold: signatures and tempos, texts of track 0, track 1's.
    static func inputParts(_ input: MIDIFile) -> (timing: [String], conductorTexts: [String], melody: [String]) {
        let conductor = nonNoteEvents(input.tracks[0])
        let isText = { (s: String) in s.contains(".text(") }
        return (conductor.filter { !isText($0) }, conductor.filter(isText), nonNoteEvents(input.tracks[1]))
    }

    @Test(.enabled(if: binaryExists && shipped("harmony.json") && shipped("drums-rnn.json"), "compose binary or shipped models missing"))
    func harmonizeAndDrumsWithKeepTextsNamesAndControls() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("maria.mid")
        try Data(Self.keepsInputFile()).write(to: input)
        let source = try MIDIFile(contentsOf: input)
        let (timing, conductorTexts, melody) = Self.inputParts(source)
        #expect(timing.count == 4 && conductorTexts.count == 4 && melody.count == 18, "\(timing) \(conductorTexts) \(melody)")

        // drums --with: every track as it was, then the drums.
        let drums = dir.appendingPathComponent("drums.mid").path
        let d = try run(["drums", "--with", input.path, "--seed", "2", "--out", drums])
        #expect(d.status == 0, "\(d.stderr)")
        let withDrums = try MIDIFile(contentsOf: URL(fileURLWithPath: drums))
        try #require(withDrums.tracks.count == 4)
        #expect(Self.nonNoteEvents(withDrums.tracks[0]) == timing)
        #expect(Self.nonNoteEvents(withDrums.tracks[1]) == conductorTexts)
        #expect(Self.nonNoteEvents(withDrums.tracks[2]) == melody)
        #expect(Self.trackNameBytes(withDrums.tracks[2]) == Self.latin1Name)
        #expect(Self.notes(withDrums.tracks[2]) == Self.notes(source.tracks[1]))
        #expect(Self.trackName(withDrums.tracks[3]) == "Drums")

        // harmonize --style chords: the melody part as it was (its channel moved to 1, its first), the accompaniment.
        let chords = dir.appendingPathComponent("chords.mid").path
        let c = try run(["harmonize", input.path, "--out", chords])
        #expect(c.status == 0, "\(c.stderr)")
        let harmonized = try MIDIFile(contentsOf: URL(fileURLWithPath: chords))
        try #require(harmonized.tracks.count == 4)
        #expect(Self.nonNoteEvents(harmonized.tracks[0]) == timing)
        #expect(Self.nonNoteEvents(harmonized.tracks[1]) == conductorTexts)
        #expect(Self.nonNoteEvents(harmonized.tracks[2]) == melody)
        #expect(Self.trackNameBytes(harmonized.tracks[2]) == Self.latin1Name)
        #expect(Self.notes(harmonized.tracks[2]) == Self.notes(source.tracks[1]))
        #expect(Self.trackName(harmonized.tracks[3]) == "Accompaniment")
        #expect(c.stdout.hasSuffix("; melody: track 1 channel 1 (Flute)\n"), "\(c.stdout)")

        // harmonize --style satb: the soprano keeps the texts and controllers; its program is --program's.
        let satb = dir.appendingPathComponent("satb.mid").path
        let s = try run(["harmonize", input.path, "--style", "satb", "--out", satb])
        #expect(s.status == 0, "\(s.stderr)")
        let voices = try MIDIFile(contentsOf: URL(fileURLWithPath: satb))
        try #require(voices.tracks.count == 6)
        #expect(Self.nonNoteEvents(voices.tracks[0]) == timing)
        #expect(Self.nonNoteEvents(voices.tracks[1]) == conductorTexts)
        let soprano = melody.filter { !$0.contains("trackName") && !$0.contains("programChange") }
            + ["0: \(Event.meta(.text(.trackName, Array("Soprano".utf8))))", "0: \(Event.channel(.programChange(channel: 0, program: 52)))"]
        #expect(Self.nonNoteEvents(voices.tracks[2]) == soprano.sorted())
        #expect(Self.notes(voices.tracks[2]) == Self.notes(source.tracks[1]))
        #expect(voices.tracks[3...].map { Self.trackName($0) } == ["Alto", "Tenor", "Bass"])
    }
}
