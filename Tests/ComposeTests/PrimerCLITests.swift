import Foundation
import Music
import Testing

/// Primer files as a user gives them (issue 16): `--bars` counts new bars, a pickup keeps its
/// place, velocities are kept, what was quantized is reported, the voice can be chosen and is named.
extension ComposeCLITests {
    /// 4/4 at 480 PPQ, 120 bpm. Track 1 "Tune" (channel 1): E4 (velocity 70) on beat 4 of bar 1,
    /// eighth-note triplets C4 D4 E4 (100, 110, 120) on beat 1 of bar 2, G4 (80) from beat 2 for a
    /// half. Track 2 "Pad" (channel 2): C6 (50) held above it from the pickup on.
    func writeTuneWithPad(in dir: URL) throws -> String {
        let tune = Part(name: "Tune", notes: [
            Note(pitch: 64, velocity: 70, channel: 0, start: 1440, duration: 480),
            Note(pitch: 60, velocity: 100, channel: 0, start: 1920, duration: 160),
            Note(pitch: 62, velocity: 110, channel: 0, start: 2080, duration: 160),
            Note(pitch: 64, velocity: 120, channel: 0, start: 2240, duration: 160),
            Note(pitch: 67, velocity: 80, channel: 0, start: 2400, duration: 960),
        ])
        let pad = Part(name: "Pad", notes: [Note(pitch: 84, velocity: 50, channel: 1, start: 1440, duration: 1920)])
        let path = dir.appendingPathComponent("tune.mid").path
        try Score(ticksPerQuarter: 480, parts: [tune, pad], tempoChanges: [TempoChange(tick: 0, bpm: 120)],
                  timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)]).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// [start, pitch, velocity] of a file's notes in time order.
    func notes(of path: String) throws -> [[Int]] {
        try Score(contentsOf: URL(fileURLWithPath: path)).allNotes.map { [$0.start, Int($0.pitch), Int($0.velocity)] }
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json"), "compose binary or shipped Markov model missing"))
    func melodyPrimerFileVoicePickupVelocitiesAndNewBars() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeTuneWithPad(in: dir)
        let out = dir.appendingPathComponent("m.mid").path
        let primed = [[1440, 64, 70], [1920, 60, 100], [2040, 62, 110], [2280, 64, 120], [2400, 67, 80]]

        // The melody rule takes the pad (highest mean pitch): the summary says so.
        let byRule = try run(["melody", "--primer-file", file, "--bars", "2", "--seed", "1", "--out", out])
        #expect(byRule.status == 0, "\(byRule.stderr)")
        #expect(byRule.stdout.hasSuffix("seed 1; primer: track 2 \"Pad\", channel 2, 1 of 1 note taken, a pickup of 12 16ths kept\n"), "\(byRule.stdout)")

        for choice in [["--primer-track", "1"], ["--primer-channel", "1"]] {
            let r = try run(["melody", "--primer-file", file, "--bars", "2", "--seed", "1", "--out", out] + choice)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.hasPrefix("\(out): markov model, 4 bars (2 of primer, 2 new) of "), "\(r.stdout)")
            #expect(r.stdout.hasSuffix("seed 1; primer: track 1 \"Tune\", channel 1, 5 of 5 notes taken, a pickup of 12 16ths kept\n"), "\(r.stdout)")
            #expect(r.stderr == "note: --primer-file \(file): 3 notes moved to the 16th-note grid (by up to 40 ticks, 0.33 of a 16th)\n")
            let written = try notes(of: out)
            #expect(Array(written.prefix(5)) == primed)
            #expect(written.dropFirst(5).allSatisfy { $0[0] >= 3360 })
            #expect(try Score(contentsOf: URL(fileURLWithPath: out)).allNotes.map(\.end).max() == 4 * 1920)
        }

        // continue: the same voice options, --bars counts the new bars in both commands.
        let both = dir.appendingPathComponent("both.mid").path
        let c = try run(["continue", file, "--primer-track", "1", "--bars", "2", "--seed", "1", "--include-primer", "--out", both])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains(" with 2 new bars, "), "\(c.stdout)")
        #expect(c.stdout.hasSuffix("; the answer starts at bar 3; phrase: track 1 \"Tune\", channel 1, 5 of 5 notes taken, a pickup of 12 16ths kept\n"), "\(c.stdout)")
        let answer = try notes(of: both)
        #expect(Array(answer.prefix(5)) == primed)
        #expect(answer.dropFirst(5).allSatisfy { $0[0] >= 2 * 1920 })
        #expect(try Score(contentsOf: URL(fileURLWithPath: both)).allNotes.map(\.end).max() == 4 * 1920)

        // A voice that is not there: one line naming the option, exit 64.
        for bad in [["--primer-track", "7"], ["--primer-channel", "5"], ["--primer-channel", "17"]] {
            let r = try run(["melody", "--primer-file", file, "--out", out] + bad)
            #expect(r.status == 64, "\(bad): \(r.stderr)")
            // The first line names the option and its value (argument parser's usage lines may follow).
            #expect(r.stderr.hasPrefix("Error: \(bad[0]) \(bad[1]): "), "\(r.stderr)")
        }
        let noFile = try run(["melody", "--primer-track", "1", "--out", out])
        #expect(noFile.status == 64)
    }

    @Test(.enabled(if: binaryExists && shipped("drums-markov.json"), "compose binary or shipped drum model missing"))
    func drumsPrimerFileCountsNewBarsAndNamesItsVoice() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Kick (110) on beat 1, a snare (70) played 10 ticks late on beat 2; hi-hat (50) in another track.
        let kit = Part(name: "Kit", notes: [Note(pitch: 36, velocity: 110, channel: 9, start: 0, duration: 60),
                                            Note(pitch: 38, velocity: 70, channel: 9, start: 490, duration: 60)])
        let other = Part(name: "Hats", notes: [Note(pitch: 42, velocity: 50, channel: 9, start: 0, duration: 60)])
        let file = dir.appendingPathComponent("kit.mid").path
        try Score(ticksPerQuarter: 480, parts: [kit, other]).write(to: URL(fileURLWithPath: file))
        let out = dir.appendingPathComponent("d.mid").path
        let r = try run(["drums", "--model", "markov", "--primer-file", file, "--primer-track", "1", "--bars", "2", "--seed", "1", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(out): markov order 6 drums, 3 bars of 4/4 at 120 bpm, bar 1 as primed, "), "\(r.stdout)")
        #expect(r.stdout.hasSuffix("seed 1; primer: track 1 \"Kit\", channel 10, 2 of 2 notes taken\n"), "\(r.stdout)")
        #expect(r.stderr == "note: --primer-file \(file): 1 hit moved to the 16th-note grid (by up to 0.08 of a 16th; --humanize keeps them as played)\n")
        let written = try notes(of: out)
        #expect(written.filter { $0[0] < 1920 } == [[0, 36, 110], [480, 38, 70]])
        #expect(written.allSatisfy { $0[0] < 3 * 1920 } && written.contains { $0[0] >= 2 * 1920 })
        // Every track: both hats and kit.
        let all = try run(["drums", "--model", "markov", "--primer-file", file, "--bars", "2", "--seed", "1", "--out", out])
        #expect(all.stdout.hasSuffix("seed 1; primer: tracks 1, 2, channel 10, 3 of 3 notes taken\n"), "\(all.stdout)")
        #expect(try notes(of: out).filter { $0[0] < 1920 } == [[0, 36, 110], [0, 42, 50], [480, 38, 70]])
        // A text primer: --bars counts new bars too.
        let text = try run(["drums", "--model", "markov", "--bars", "1", "--primer", Self.primer, "--seed", "1", "--out", out])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("2 bars of 4/4 at 120 bpm, bar 1 as primed"), "\(text.stdout)")
    }
}
