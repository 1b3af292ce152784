import Foundation
import Music
import Testing

/// `compose evaluate drums`, `harmonize` and `genie` on small folders written here: which pieces
/// are scored, and `--held-out 0` with the shipped models.
@Suite struct EvaluateCLITests {
    let cli = ComposeCLITests()

    static func shipped(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: ComposeCLITests.packageRoot.appendingPathComponent("Models/\(name)").path)
    }

    /// Writes `count` two-bar rock grooves (kick, snare, hi-hat on channel 10) as `groove<i>.mid`.
    func writeGrooves(_ count: Int, in dir: URL) throws {
        for i in 0..<count {
            var notes: [Note] = []
            for step in 0..<32 {
                let tick = step * 120
                if step % 2 == 0 { notes.append(Note(pitch: 42, velocity: 80, channel: 9, start: tick, duration: 60)) }
                if step % 8 == 0 || (i == 1 && step == 10) { notes.append(Note(pitch: 36, velocity: 100, channel: 9, start: tick, duration: 60)) }
                if step % 8 == 4 { notes.append(Note(pitch: 38, velocity: 100, channel: 9, start: tick, duration: 60)) }
            }
            try Score(parts: [Part(notes: notes)], tempoChanges: [TempoChange(tick: 0, bpm: 100)]).write(to: dir.appendingPathComponent("groove\(i).mid"))
        }
    }

    func writeInfo(_ splits: [String], in dir: URL) throws {
        let rows = splits.enumerated().map { "groove\($0.offset).mid,\($0.element)" }
        try (["midi_filename,split"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("info.csv"), atomically: true, encoding: .utf8)
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists && shipped("drums-markov.json") && shipped("drums-rnn.json"), "compose or the drum models not found"))
    func drumsScoreValidationAndTestWithTheShippedUnigram() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeGrooves(3, in: dir)
        try writeInfo(["train", "validation", "test"], in: dir)
        let r = try cli.run(["evaluate", "drums", "--corpus", dir.path, "--following", "1", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(report["grooves"] as? Int == 2)
        #expect(report["scoredSplits"] as? [String: Int] == ["validation": 1, "test": 1])
        let split = try #require(report["split"] as? String)
        #expect(split.hasPrefix("info.csv validation and test splits: 1 + 1 = 2 grooves scored (train split: 1 groove"))
        #expect(split.contains("unigram: step sets of the 286882 training steps recorded in rnn 2x128 (drums-rnn.json)"))
        let models = (report["nll"] as? [[String: Any]] ?? []).compactMap { $0["model"] as? String }
        #expect(models == ["rnn 2x128 (drums-rnn.json)", "markov order 6 (drums-markov.json)", "unigram", "uniform"])
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func drumsWithoutTrainingGroovesOrModelsHaveNoUnigram() throws {
        let dir = try cli.temporaryDirectory(), empty = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: empty) }
        try writeGrooves(2, in: dir)
        try writeInfo(["validation", "test"], in: dir)
        let r = try cli.run(["evaluate", "drums", "--corpus", dir.path, "--models", empty.path, "--following", "1"])
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("no training grooves known: no unigram baseline"))
        #expect(!r.stdout.contains("\nunigram "))
        #expect(r.stdout.contains("\nuniform "))
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists && shipped("harmony.json"), "compose or Models/harmony.json not found"))
    func harmonizeHeldOutZeroScoresEveryChoraleWithTheShippedModel() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // C F G C in four voices, quarters, three times transposed by 0, 2, 5 semitones.
        let voices: [[Int]] = [[72, 72, 74, 72], [67, 69, 71, 67], [64, 65, 67, 64], [48, 53, 55, 48]]
        let names = ["Soprano", "Alto", "Tenor", "Bass"]
        for (k, shift) in [0, 2, 5].enumerated() {
            let parts = zip(names, voices).map { name, line in
                Part(name: name, notes: line.enumerated().map { Note(pitch: UInt8($0.element + shift), start: $0.offset * 480, duration: 480) })
            }
            try Score(parts: parts, tempoChanges: [TempoChange(tick: 0, bpm: 90)]).write(to: dir.appendingPathComponent("chorale\(k).mid"))
        }
        let r = try cli.run(["evaluate", "harmonize", "--corpus", dir.path, "--held-out", "0", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((report["split"] as? String)?.hasPrefix("every piece scored with the shipped model (trained on 867 lead sheets") == true)
        for key in ["generated", "bachHeldOut", "bachAll"] {
            #expect((report[key] as? [String: Any])?["pieces"] as? Int == 3)
            #expect((report[key] as? [String: Any])?["beats"] as? Int == 12)
        }
        let bad = try cli.run(["evaluate", "harmonize", "--corpus", dir.path, "--held-out", "1"])
        #expect(bad.status != 0 && bad.stderr.contains("--held-out must be in [0, 1), got 1.0"))
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists && shipped("melody-markov.json"), "compose or Models/melody-markov.json not found"))
    func genieHeldOutZeroScoresEveryTune() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scale = [0, 2, 4, 5, 7, 9, 11, 12]
        for i in 0..<4 {
            var notes = (0..<8).map { j in Note(pitch: UInt8(60 + scale[(i + j * 3) % 8]), start: j * 480, duration: 480) }
            notes.append(Note(pitch: 60, start: 8 * 480, duration: 960))
            try Score(parts: [Part(notes: notes)], tempoChanges: [TempoChange(tick: 0, bpm: 120)],
                      keySignatures: [KeySignature(sharpsFlats: 0, minor: false)]).write(to: dir.appendingPathComponent("tune\(i).mid"))
        }
        let r = try cli.run(["evaluate", "genie", "--corpus", dir.path, "--held-out", "0", "--rnn-model", "none"])
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(dir.lastPathComponent): 4 tunes (all of them, with the shipped Markov model: not held-out if it was trained on them), 36 notes as buttons 1-8"))
        #expect(r.stdout.contains("| original tunes | 100.00% | "))
    }
}

/// Models and folders named on the command line of `compose evaluate` must exist and load.
@Suite struct EvaluateNamedInputsCLITests {
    let cli = ComposeCLITests()

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose not built"))
    func aNamedModelOrFolderThatCannotBeUsedStopsTheEvaluation() throws {
        let samples = ComposeCLITests.packageRoot.appendingPathComponent("Samples").path
        let missing = try cli.run(["evaluate", "genie", "--corpus", samples, "--held-out", "0", "--rnn-model", "/nonexistent/rnn.json"])
        #expect(missing.status == 66 && missing.stderr == "Error: /nonexistent/rnn.json: no such readable file\n", "\(missing.stderr)")
        let drums = ComposeCLITests.packageRoot.appendingPathComponent("Models/drums-rnn.json").path
        if FileManager.default.fileExists(atPath: drums) {
            let wrong = try cli.run(["evaluate", "genie", "--corpus", samples, "--held-out", "0", "--rnn-model", drums])
            #expect(wrong.status == 65 && wrong.stderr == "Error: \(drums): format is \"LittleMozart RNN drum model\", expected \"LittleMozart RNN melody model\"\n", "\(wrong.stderr)")
        }
        let folder = try cli.run(["evaluate", "drums", "--corpus", samples, "--models", "/nonexistent-models"])
        #expect(folder.status == 66 && folder.stderr == "Error: --models /nonexistent-models: no such folder\n", "\(folder.stderr)")
        let all = try cli.run(["evaluate", "melody", "--corpus", samples, "--held-out", "1"])
        #expect(all.status == 64 && all.stderr.hasPrefix("Error: --held-out must be in [0, 1), got 1.0\n"), "\(all.stderr)")
    }
}
