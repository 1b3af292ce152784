import Foundation
import SMF
import Synth
import Testing

/// `compose harmonize` end to end on Samples/jig-g-major.mid with the shipped model.
extension ComposeCLITests {

    /// The notes of a track as (start tick, pitch, duration, velocity, channel), paired from its
    /// note-on / note-off events.
    static func notes(_ track: Track) -> [[Int]] {
        var open: [Int: (start: Int, velocity: Int)] = [:]
        var notes: [[Int]] = []
        for e in track.timedEvents() {
            guard case .channel(let m) = e.event else { continue }
            switch m {
            case .noteOn(let ch, let p, let v) where v > 0:
                open[Int(ch) << 7 | Int(p)] = (e.tick, Int(v))
            case .noteOn(let ch, let p, _), .noteOff(let ch, let p, _):
                if let o = open.removeValue(forKey: Int(ch) << 7 | Int(p)) {
                    notes.append([o.start, Int(p), e.tick - o.start, o.velocity, Int(ch)])
                }
            default: break
            }
        }
        return notes.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func channels(_ track: Track) -> Set<Int> {
        Set(track.events.compactMap { if case .channel(let m) = $0.event { return Int(m.channel) } else { return nil } })
    }

    static func programs(_ track: Track) -> [Int] {
        track.events.compactMap { if case .channel(.programChange(_, let p)) = $0.event { return Int(p) } else { return nil } }
    }

    static func trackName(_ track: Track) -> String? {
        for e in track.events { if case .meta(.text(.trackName, let bytes)) = e.event { return String(decoding: bytes, as: UTF8.self) } }
        return nil
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func harmonizeChordsAndSATB() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MIDIFile(contentsOf: Self.jig)
        let melody = Self.notes(input.tracks[1])
        #expect(melody.count == 76)

        // Chords: melody track unchanged on channel 1 with its flute, accompaniment on channel 2.
        let chordsOut = dir.appendingPathComponent("chords.mid")
        let chords = try run(["harmonize", Self.jig.path, "--style", "chords", "--accompaniment", "arpeggio",
                              "--print-chords", "--out", chordsOut.path])
        #expect(chords.status == 0, "\(chords.stderr)")
        // stdout: the chart, then the summary line.
        let lines = chords.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines.last?.hasPrefix("\(chordsOut.path): key: G major (key signature), 32 chord slots, arpeggio accompaniment") == true)
        let chart = lines.first ?? ""
        // 16 bars of 6/8: 17 bar lines, each bar one or two chord symbols.
        #expect(chart.hasPrefix("| ") && chart.hasSuffix(" |"))
        let bars = chart.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        #expect(bars.count == 16)
        #expect(bars.allSatisfy { (1...2).contains($0.split(separator: " ").count) })
        #expect(bars.first == "G" && bars.last == "G")
        let c = try MIDIFile(contentsOf: chordsOut)
        #expect(c.tracks.count == 3)
        #expect(Self.notes(c.tracks[1]) == melody)
        #expect(Self.channels(c.tracks[1]) == [0] && Self.programs(c.tracks[1]) == [73])
        #expect(Self.trackName(c.tracks[2]) == "Accompaniment")
        #expect(Self.channels(c.tracks[2]) == [1] && Self.programs(c.tracks[2]) == [0])
        let accompaniment = Self.notes(c.tracks[2])
        // Arpeggio in eighth notes (240 ticks at 480 PPQN) under the melody, to the melody's end.
        #expect(accompaniment.allSatisfy { $0[2] == 240 && $0[1] < 72 })
        #expect(accompaniment.last.map { $0[0] + $0[2] } == melody.map { $0[0] + $0[2] }.max())

        // Print only: no file needed.
        let printOnly = try run(["harmonize", Self.jig.path, "--chords-per-bar", "1", "--print-chords"])
        #expect(printOnly.status == 0 && printOnly.stdout.components(separatedBy: " | ").count == 16)

        // SATB: four named tracks on channels 1-4, the soprano exactly the input melody.
        let satbOut = dir.appendingPathComponent("satb.mid")
        let satb = try run(["harmonize", Self.jig.path, "--style", "satb", "--out", satbOut.path])
        #expect(satb.status == 0, "\(satb.stderr)")
        let s = try MIDIFile(contentsOf: satbOut)
        #expect(s.tracks.count == 5)
        #expect(s.tracks.dropFirst().map(Self.trackName) == ["Soprano", "Alto", "Tenor", "Bass"])
        #expect(s.tracks.dropFirst().map(Self.channels) == [[0], [1], [2], [3]])
        #expect(s.tracks.dropFirst().map(Self.programs) == [[52], [52], [52], [52]])
        #expect(Self.notes(s.tracks[1]) == melody)
        let ranges = [55...74, 48...67, 40...60]
        for (i, range) in ranges.enumerated() {
            let pitches = Self.notes(s.tracks[i + 2]).map { $0[1] }
            #expect(!pitches.isEmpty && pitches.allSatisfy { range.contains($0) })
        }
        // It renders: 28.8 s of music (16 bars of 6/8 at 100 bpm) plus the release tail, audible.
        let wav = dir.appendingPathComponent("satb.wav")
        let render = try run(["render", satbOut.path, "--out", wav.path, "--sample-rate", "22050"])
        try #require(render.status == 0, "\(render.stderr)")
        let audio = try WAVReader.read(path: wav.path)
        #expect(audio.durationSeconds >= 28.8 && audio.durationSeconds < 35)
        #expect(audio.peakDBFS > -30)
        // Sound throughout: every second up to 28 s has some signal.
        let mono = audio.mono
        for second in 0..<28 {
            let slice = mono[second * 22050..<(second + 1) * 22050]
            #expect(slice.reduce(0) { max($0, abs($1)) } > 0.001, "silent second \(second)")
        }
        // Deterministic: the same command writes the same bytes.
        let again = dir.appendingPathComponent("satb2.mid")
        #expect(try run(["harmonize", Self.jig.path, "--style", "satb", "--out", again.path]).status == 0)
        #expect(try Data(contentsOf: satbOut) == Data(contentsOf: again))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func harmonizeErrorsNameTheProblem() throws {
        let bad = try run(["harmonize", Self.jig.path, "--chords-per-bar", "3", "--print-chords"])
        #expect(bad.status != 0 && bad.stderr.contains("--chords-per-bar must be 1 or 2, got 3"))
        let noOutput = try run(["harmonize", Self.jig.path])
        #expect(noOutput.status != 0 && noOutput.stderr.contains("--out"))
        let missing = try run(["harmonize", "/nonexistent/tune.mid", "--print-chords"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/tune.mid"))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("text.mid")
        try Data("not midi\n".utf8).write(to: text)
        let notMIDI = try run(["harmonize", text.path, "--print-chords"])
        #expect(notMIDI.status != 0 && notMIDI.stderr.contains("byte offset 0"))
        // The path is named once.
        #expect(notMIDI.stderr.components(separatedBy: text.path).count == 2)
        let model = try run(["harmonize", Self.jig.path, "--print-chords", "--model-file", Self.jig.path])
        #expect(model.status != 0 && model.stderr.contains("not a LittleMozart harmony model"))
    }
}
