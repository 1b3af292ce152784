import TestSupport
import Composer
import Foundation
import Music
@testable import Piano
import Representations
import SMF
import Testing

/// The player's phrases, the corners read from phrases and files, a cell as notes, the grid.
@Suite("Piano loops: phrases, corners, cells")
struct LoopsCornersTests {
    static let models = TestPaths.packageRoot.appendingPathComponent("Models")
    static let melodyModel: LoopsModel? = try? ModelCatalog.loadLoops(.melody, from: models.appendingPathComponent("loops-melody.json"))
    static let samples = TestPaths.packageRoot.appendingPathComponent("Samples").path

    /// Plays `pitches` as eighths at 120 bpm (0.25 s apart, 0.2 s long) from `t` on `channel`.
    func play(_ memory: inout PhraseMemory, _ pitches: [UInt8], from t: Double, channel: UInt8 = 0) {
        for (i, p) in pitches.enumerated() {
            let on = t + Double(i) * 0.25
            memory.played(.noteOn(channel: channel, note: p, velocity: 80), now: on, bpm: 120)
            memory.played(.noteOff(channel: channel, note: p, velocity: 0), now: on + 0.2, bpm: 120)
        }
    }

    @Test func phrasesAreCutBySilencesAndTheLastFourKept() {
        var m = PhraseMemory()
        play(&m, [60, 62, 64], from: 10)               // ends 10.7
        play(&m, [65, 67], from: 11.2)                 // 0.5 s later: the same phrase
        #expect(m.phrases.isEmpty)
        m.finishIfPaused(now: 12.4, bpm: 120)          // 0.75 s of silence after 11.65: not yet
        #expect(m.phrases.isEmpty)
        m.finishIfPaused(now: 12.5, bpm: 120)          // 0.85 s
        #expect(m.phrases.map { $0.notes.map(\.pitch) } == [[60, 62, 64, 65, 67]])
        play(&m, [72], from: 20)                        // one note: not a phrase
        for k in 0..<4 { play(&m, [UInt8(60 + k), UInt8(62 + k)], from: 30 + Double(k) * 5) }
        m.finishIfPaused(now: 60, bpm: 90)
        #expect(m.phrases.map { $0.notes.map(\.pitch) } == [[60, 62], [61, 63], [62, 64], [63, 65]])
        #expect(m.finishedCount == 5)
        #expect(m.phrases.last?.bpm == 90)
        // A note held through a silence keeps the phrase open; another channel starts a new one.
        m.played(.noteOn(channel: 0, note: 70, velocity: 80), now: 70, bpm: 120)
        m.played(.noteOn(channel: 0, note: 71, velocity: 80), now: 70.1, bpm: 120)
        m.finishIfPaused(now: 75, bpm: 120)
        #expect(m.finishedCount == 5)
        m.played(.noteOn(channel: 9, note: 36, velocity: 80), now: 75.1, bpm: 120)
        #expect(m.finishedCount == 6)
        #expect(m.phrases.last?.notes.map(\.pitch) == [70, 71])
    }

    @Test func aPhraseBecomesAMelodyCornerOnItsTemposGrid() throws {
        var m = PhraseMemory()
        play(&m, [67, 69, 71, 74], from: 5)            // G4 A4 B4 D5 eighths
        m.finishIfPaused(now: 10, bpm: 120)
        let corner = try #require(LoopCorner.phrase(m.phrases[0], number: 3, kind: .melody))
        #expect(corner.source == .phrase(3))
        #expect(corner.meter == .common)
        let events = try #require(corner.events)
        #expect(events.count == 32)
        // Notes every 2 steps, each 0.2 s = 1.6 steps rounded to 2 (no note-off between them).
        let ons = events.enumerated().filter { $0.element >= 2 }.map { $0.offset }
        #expect(ons == [0, 2, 4, 6])
        let track = LoopTrack(events: events, kind: .melody, meter: corner.meter, key: corner.key, reference: corner.reference, channel: 2)
        #expect(track.notes.map(\.pitch) == [67, 69, 71, 74])
        #expect(corner.summary.hasPrefix("phrase 3: track 0, channel 1, 4 of 4 notes, bars 1-2 of 4/4"))
        // Not a drum phrase.
        #expect(LoopCorner.phrase(m.phrases[0], number: 3, kind: .drums) == nil)
    }

    @Test func aPhraseOnChannel10BecomesADrumCorner() throws {
        var m = PhraseMemory()
        play(&m, [36, 42, 38, 42], from: 0, channel: 9)   // kick, hat, snare, hat
        m.finishIfPaused(now: 5, bpm: 120)
        let corner = try #require(LoopCorner.phrase(m.phrases[0], number: 1, kind: .drums))
        let events = try #require(corner.events)
        #expect(Array(events.prefix(8)) == [Int32(DrumHits.kick.rawValue), 0, Int32(DrumHits.closedHiHat.rawValue), 0,
                                            Int32(DrumHits.snare.rawValue), 0, Int32(DrumHits.closedHiHat.rawValue), 0])
        #expect(corner.summary == "phrase 1: channel 10, bars 1-2 of 4/4, 4 hits")
        let track = LoopTrack(events: events, kind: .drums, meter: corner.meter, key: corner.key, reference: corner.reference, channel: 2)
        #expect(track.channel == 9)
        #expect(track.notes.map(\.pitch) == [36, 42, 38, 42])
        #expect(track.notes.map(\.start) == [0, 2, 4, 6])
        #expect(track.notes.allSatisfy { $0.steps == 1 })
    }

    @Test func aFileCornerSaysWhatItTook() throws {
        let jig = try LoopCorner.read(file: Self.samples + "/jig-g-major.mid", kind: .melody)
        #expect(jig.summary == "jig-g-major.mid: track 1 \"Melody\", channel 1, 11 of 76 notes, bars 1-2 of 6/8, G major; 65 after the two bars")
        #expect(jig.events?.count == 24)
        #expect(jig.meter == (try Meter(6, 8)))
        #expect(jig.source == .file(Self.samples + "/jig-g-major.mid"))
    }

    @Test func aBadCornerFileIsOneLineNamingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("piano-loops-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func message(_ path: String, _ kind: LoopKind = .melody) -> String {
            do { _ = try LoopCorner.read(file: path, kind: kind); return "" } catch { return error.description }
        }
        let missing = message(dir + "/missing.mid")
        #expect(missing.hasPrefix("cannot read \(dir)/missing.mid: "))
        try Data("MThd junk".utf8).write(to: URL(fileURLWithPath: dir + "/junk.mid"))
        let junk = message(dir + "/junk.mid")
        #expect(junk.hasPrefix("\(dir)/junk.mid: ") && junk.contains("byte offset"))
        let noDrums = message(Self.samples + "/primer.mid", .drums)
        #expect(noDrums == "\(Self.samples)/primer.mid: no drum hits on channel 10")
        for m in [missing, junk, noDrums] { #expect(!m.contains("\n")) }
    }

    @Test func theGridCellsArePicturedWithCornersSelectionAndPlayMarks() {
        typealias N = LoopTrack.Note
        // Four cells of 8 steps: a rising line, a rest, a held note, a falling line.
        let meter = try! Meter(2, 4)     // 8 steps a bar, 16 a loop
        func cell(_ notes: [N]) -> LoopTrack { LoopTrack(notes: notes, steps: 16, meter: meter, channel: 2) }
        let cells = [cell([N(pitch: 60, velocity: 90, start: 0, steps: 4), N(pitch: 67, velocity: 90, start: 8, steps: 8)]),
                     cell([]),
                     cell([N(pitch: 64, velocity: 90, start: 0, steps: 16)]),
                     cell([N(pitch: 67, velocity: 90, start: 0, steps: 8), N(pitch: 61, velocity: 90, start: 8, steps: 8)])]
        let view = LoopGridView(kind: .melody, size: 2, tracks: cells, selected: 3, playing: 0, queued: 3,
                                corners: ["A phrase 1", "B phrase 2", "C x.mid", "D sampled"], state: "grid in 5 ms")
        let lines = view.lines(width: 24, height: 20).map { $0.replacingOccurrences(of: "\u{1B}[", with: "^").replacingOccurrences(of: #"\^[0-9;]*m"#, with: "", options: .regularExpression) }
        // 12 columns a cell: [, a 2-column mark, 8 columns of picture, ].
        #expect(lines[1] == "Corners: A phrase 1   B phrase 2   C x.mid   D sampled")
        #expect(lines[2] == " ▶ ▁▁··████    ········ ")
        #expect(lines[3] == " A:CG        B:         ")
        #expect(lines[4] == String(repeating: " ", count: 24))
        #expect(lines[5] == "   ▅▅▅▅▅▅▅▅ [» ████▂▂▂▂]")
        #expect(lines[6] == " C:E        [D:GC#     ]")
        #expect(lines.count == 8)
        // Too small: a line says so.
        #expect(view.lines(width: 24, height: 3).last == "(the terminal is too small for a 2 x 2 grid)")
    }
}
