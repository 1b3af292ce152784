import Foundation
import Music
import Testing

/// `compose continue`, `compose genie` and `compose evaluate genie` as a user runs them.
@Suite struct DuetGenieCLITests {
    let cli = ComposeCLITests()

    func temporaryDirectory() throws -> URL { try cli.temporaryDirectory() }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func continueWritesTheAnswerAfterThePhrase() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The phrase: D4 F#4 A4 F#4 G4 E4 C#4 quarters and D4 half (36 steps, 3 bars rounded up) at 90 bpm.
        let pitches: [UInt8] = [62, 66, 69, 66, 67, 64, 61, 62]
        let notes = pitches.enumerated().map { i, p in Note(pitch: p, start: i * 480, duration: i == 7 ? 960 : 480) }
        try Score(parts: [Part(notes: notes)], tempoChanges: [TempoChange(tick: 0, bpm: 90)]).write(to: dir.appendingPathComponent("phrase.mid"))
        let phrase = dir.appendingPathComponent("phrase.mid").path
        let answer = dir.appendingPathComponent("answer.mid").path, both = dir.appendingPathComponent("both.mid").path
        let r = try cli.run(["continue", phrase, "--bars", "4", "--seed", "2", "--out", answer])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("D major"))
        let a = try Score(contentsOf: URL(fileURLWithPath: answer))
        #expect(a.endTick == 4 * 16 * 120)                              // 4 bars of 4/4 at 480 ticks per quarter
        #expect(a.keySignatures.first?.key == Key(tonic: 2, mode: .major))
        #expect(Int(a.tempoChanges.first!.bpm.rounded()) == 90)
        #expect(a.allNotes.allSatisfy { Key(tonic: 2, mode: .major).contains(pitchClass: Int($0.pitch)) })
        #expect(a.allNotes.max { $0.end < $1.end }!.pitch % 12 == 2)    // ends on the tonic
        let r2 = try cli.run(["continue", phrase, "--bars", "4", "--seed", "2", "--include-primer", "--out", both])
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(r2.stdout.contains("the answer starts at bar 4"))
        let b = try Score(contentsOf: URL(fileURLWithPath: both))
        let all = b.allNotes.sorted { $0.start < $1.start }
        #expect(all.prefix(8).map(\.pitch) == pitches)
        // The answer: the same notes as answer.mid, 3 bars (5760 ticks) later.
        #expect(all.dropFirst(8).map { $0.start - 5760 } == a.allNotes.sorted { $0.start < $1.start }.map(\.start))
        #expect(all.dropFirst(8).map(\.pitch) == a.allNotes.sorted { $0.start < $1.start }.map(\.pitch))
        #expect(b.endTick == (48 + 64) * 120)
        let bad = try cli.run(["continue", dir.appendingPathComponent("missing.mid").path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("missing.mid"))
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func genieIsDeterministicAndFollowsTheButtons() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.mid").path, b = dir.appendingPathComponent("b.mid").path
        let args = ["genie", "--buttons", "1 3 5 8 6 4 2 1", "--rhythm", "4 4 8 8 4 4 2", "--key", "F", "--seed", "4"]
        let r = try cli.run(args + ["--out", a])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try cli.run(args + ["--out", b]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        let notes = try Score(contentsOf: URL(fileURLWithPath: a)).allNotes.sorted { $0.start < $1.start }
        // Rhythm 4 4 8 8 4 4 2, cycled: the 8th note is a quarter again.
        #expect(notes.map(\.start) == [0, 480, 960, 1200, 1440, 1920, 2400, 3360])
        #expect(notes.map(\.duration) == [480, 480, 240, 240, 480, 480, 960, 480])
        let p = notes.map { Int($0.pitch) }
        #expect(p[0] < p[1] && p[1] < p[2] && p[2] < p[3] && p[3] > p[4] && p[4] > p[5] && p[5] > p[6] && p[6] > p[7])
        #expect(p.allSatisfy { Key(tonic: 5, mode: .major).contains(pitchClass: $0) })
        let bad = try cli.run(["genie", "--buttons", "1 9"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--buttons 9: a button is a number 1...8"))
    }

    /// On a small corpus written here (16 scale tunes): the table's genie rows keep the contour
    /// of every up/down button exactly and every note in key.
    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func evaluateGenieOnASmallCorpus() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scale = [0, 2, 4, 5, 7, 9, 11, 12]
        for i in 0..<16 {
            let degrees = (0..<16).map { j in (i * 3 + j * (j % 3 == 0 ? 2 : 1)) % 8 }
            var notes = degrees.enumerated().map { j, d in Note(pitch: UInt8(60 + scale[d]), start: j * 480, duration: 480) }
            notes.append(Note(pitch: 60, start: 16 * 480, duration: 960))
            try Score(parts: [Part(notes: notes)], tempoChanges: [TempoChange(tick: 0, bpm: 120)],
                      keySignatures: [KeySignature(sharpsFlats: 0, minor: false)])
                .write(to: dir.appendingPathComponent("tune\(i).mid"))
        }
        let r = try cli.run(["evaluate", "genie", "--corpus", dir.path, "--held-out", "0.25", "--rnn-model", "none", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["melodies"] as? String } == ["original tunes", "genie, temperature 0", "genie, temperature 0.5", "constraints only (uniform)"])
        for row in rows.dropFirst(1).prefix(2) {
            #expect(row["contourUpDown"] as? Double == 1)
            #expect(row["contourOverall"] as? Double == 1)
            #expect(row["inKey"] as? Double == 1)
        }
        #expect(rows[0]["notes"] as? Int == rows[1]["notes"] as? Int)
    }
}
