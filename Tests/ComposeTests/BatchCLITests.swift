import TestSupport
import Foundation
import Testing

/// `compose render|convert|inspect` over a corpus with broken files in it, run as a user runs them:
/// outputs, resumption, sharding, the failure summary, exit statuses, colours, --version, doctor.
@Suite struct BatchCLITests {
    static let cli = ComposeCLITests()
    static let enabled = ComposeCLITests.binaryExists

    /// A SoundFont is installed (render tests skip otherwise).
    static let hasSoundFont: Bool = {
        if let env = ProcessInfo.processInfo.environment["SOUNDFONT"], FileManager.default.fileExists(atPath: env) { return true }
        return ["/usr/share/sounds/sf2/default-GM.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/TimGM6mb.sf2",
                "/usr/share/sounds/sf3/default-GM.sf3"].contains { FileManager.default.fileExists(atPath: $0) }
    }()

    /// A 1-bar melody made once (the model loads once for all the tests).
    static let melody: Data? = {
        guard enabled, let dir = try? cli.temporaryDirectory() else { return nil }
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.mid")
        guard (try? cli.run(["melody", "--bars", "1", "--seed", "1", "--tempo", "240", "--out", file.path]))?.status == 0 else { return nil }
        return try? Data(contentsOf: file)
    }()

    /// corpus/good1.mid, corpus/sub/good2.mid, corpus/sub/deeper/good3.MID (a 1-bar melody),
    /// corpus/sub/truncated.mid (a header cut short) and corpus/text.mid (text).
    func makeCorpus() throws -> (root: URL, corpus: URL) {
        let root = try Self.cli.temporaryDirectory()
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        let good = try #require(Self.melody, "compose melody failed")
        for name in ["good1.mid", "sub/good2.mid", "sub/deeper/good3.MID"] {
            try good.write(to: corpus.appendingPathComponent(name))
        }
        try good.prefix(10).write(to: corpus.appendingPathComponent("sub/truncated.mid"))
        try Data("just some text\n".utf8).write(to: corpus.appendingPathComponent("text.mid"))
        return (root, corpus)
    }

    func modificationDate(_ url: URL) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date)
    }

    @Test(.enabled(if: enabled && hasSoundFont, "needs the compose binary and a SoundFont"))
    func renderABatchWithBrokenFilesThenResume() throws {
        let (root, corpus) = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("wav")
        let args = ["render", corpus.path, "--out-dir", out.path, "--jobs", "2", "--sample-rate", "8000"]
        let first = try Self.cli.run(args)
        #expect(first.status == 65, "\(first.stderr)")   // EX_DATAERR: the failures are bad input data
        let wavs = ["good1.wav", "sub/good2.wav", "sub/deeper/good3.wav"].map { out.appendingPathComponent($0) }
        for wav in wavs {
            let bytes = try Data(contentsOf: wav)
            #expect(bytes.prefix(4) == Data("RIFF".utf8) && bytes.count > 1000, "\(wav.path)")
        }
        // No output for the broken files, no temporary files anywhere.
        let written = FileManager.default.enumerator(atPath: out.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".wav") || $0.contains(".tmp") }
        #expect(written.sorted() == ["good1.wav", "sub/deeper/good3.wav", "sub/good2.wav"])
        // One stdout line per rendered file, in input order; the summary names the broken files.
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.map { String($0.prefix { $0 != ":" }) } == [wavs[0].path, wavs[2].path, wavs[1].path])
        #expect(first.stderr.contains("render: 3 done, 0 skipped, 2 failed of 5 file(s)"))
        #expect(first.stderr.contains("failed \(corpus.path)/sub/truncated.mid") || first.stderr.contains("sub/truncated.mid:"))
        #expect(first.stderr.contains("text.mid") && first.stderr.contains("not a Standard MIDI File"))
        #expect(!first.stderr.contains("\r"))   // no progress bar when stderr is not a terminal

        // Second run: complete outputs are skipped and left untouched.
        let before = try wavs.map(modificationDate)
        let second = try Self.cli.run(args + ["--quiet"])
        #expect(second.status == 65)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("render: 0 done, 3 skipped (already complete), 2 failed of 5 file(s)"))
        #expect(try wavs.map(modificationDate) == before)

        // --overwrite redoes them; --json gives the summary as data.
        let third = try Self.cli.run(args + ["--overwrite", "--json"])
        #expect(third.status == 65)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(third.stdout.utf8)) as? [String: Any])
        #expect(json["done"] as? Int == 3 && json["skipped"] as? Int == 0 && json["failed"] as? Int == 2)
        #expect(json["exitCode"] as? Int == 65)
        let failures = try #require(json["failures"] as? [[String: Any]])
        #expect(failures.compactMap { $0["path"] as? String }.map { ($0 as NSString).lastPathComponent }.sorted() == ["text.mid", "truncated.mid"])
        #expect(failures.allSatisfy { $0["exitCode"] as? Int == 65 })
        #expect(try wavs.map(modificationDate) != before)
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func convertAndInspectABatchWithBrokenFiles() throws {
        let (root, corpus) = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("converted")
        let convert = try Self.cli.run(["convert", corpus.path, "--out-dir", out.path, "--ppq", "96", "--jobs", "2"])
        #expect(convert.status == 65, "\(convert.stderr)")
        for name in ["good1.mid", "sub/good2.mid", "sub/deeper/good3.mid"] {
            let bytes = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(Array(bytes.prefix(14)) == [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 2, 0, 96])   // MThd, format 1, 2 tracks, 96 PPQN
        }
        #expect(convert.stderr.contains("convert: 3 done, 0 skipped, 2 failed of 5 file(s)"))

        // inspect: JSON Lines in input order, a failed file as {path, error, exitCode}.
        let inspect = try Self.cli.run(["inspect", corpus.path, "--json", "--jobs", "2"])
        #expect(inspect.status == 65)
        let objects = try inspect.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let relative = objects.compactMap { $0["path"] as? String }.map { String($0.dropFirst(corpus.path.count + 1)) }
        #expect(relative == ["good1.mid", "sub/deeper/good3.MID", "sub/good2.mid", "sub/truncated.mid", "text.mid"])
        #expect(objects.map { $0["exitCode"] as? Int } == [nil, nil, nil, 65, 65])
        #expect(objects.prefix(3).allSatisfy { $0["division"] as? String == "480 ticks per quarter note" })

        // Reports as files under --out-dir inside the corpus: written once, skipped the second time,
        // and never taken for inputs.
        let reports = corpus.appendingPathComponent("reports")
        let toFiles = try Self.cli.run(["inspect", corpus.path, "--json", "--out-dir", reports.path])
        #expect(toFiles.status == 65 && toFiles.stdout.isEmpty)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: reports.appendingPathComponent("sub/deeper/good3.json"))) as? [String: Any])
        #expect(report["path"] as? String == corpus.appendingPathComponent("sub/deeper/good3.MID").path)
        let again = try Self.cli.run(["inspect", corpus.path, "--json", "--out-dir", reports.path])
        #expect(again.stderr.contains("inspect: 0 done, 3 skipped (already complete), 2 failed of 5 file(s)"))
        let converted = try Self.cli.run(["convert", corpus.path, "--out-dir", corpus.appendingPathComponent("fixed").path, "-q"])
        #expect(converted.stderr.contains("2 failed of 5 file(s)"))
        let reconverted = try Self.cli.run(["convert", corpus.path, "--out-dir", corpus.appendingPathComponent("fixed").path])
        #expect(reconverted.stderr.contains("convert: 0 done, 3 skipped (already complete), 2 failed of 5 file(s)"))

        // A missing input among good ones: the others are done, the batch exits 66.
        let missing = try Self.cli.run(["inspect", corpus.appendingPathComponent("good1.mid").path, corpus.appendingPathComponent("nope.mid").path, "-q"])
        #expect(missing.status == 66)
        #expect(missing.stdout.hasPrefix(corpus.appendingPathComponent("good1.mid").path + ": SMF format 1"))
        #expect(missing.stderr.contains("nope.mid: no such file or folder"))
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func aFileThatCrashedComposeTwiceIsQuarantinedByTheJournal() throws {
        let (root, corpus) = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let reports = root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let journal = reports.appendingPathComponent(".compose-inspect.journal")
        // As two runs that crashed inside good1.mid, one that crashed inside sub/good2.mid, and
        // two that were killed inside text.mid (kills leave no crash record) would leave it.
        try Data(("start good1.mid\ncrash good1.mid\nstart sub/good2.mid\ncrash sub/good2.mid\nend sub/truncated.mid\n"
                  + "start good1.mid\ncrash good1.mid\nstart text.mid\nstart text.mid\n").utf8).write(to: journal)
        let args = ["inspect", corpus.path, "--json", "--out-dir", reports.path, "--jobs", "2"]
        let run = try Self.cli.run(args)
        #expect(run.status == 70, "\(run.stderr)")   // the quarantined file outranks the bad data
        #expect(run.stderr.contains("good1.mid: compose crashed twice while working on this file"))
        #expect(run.stderr.contains("inspect: 2 done, 0 skipped, 3 failed of 5 file(s)"))
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("good1.json").path))
        #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent("sub/good2.json").path))   // one stop: retried
        #expect(FileManager.default.fileExists(atPath: journal.path))   // kept while a file is quarantined
        // --overwrite forgets the journal, tries everything, and a run through every file removes it.
        let again = try Self.cli.run(args + ["--overwrite"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("inspect: 3 done, 0 skipped, 2 failed of 5 file(s)"))
        #expect(!FileManager.default.fileExists(atPath: journal.path))
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func shardsPartitionTheInputsExactly() throws {
        let (root, corpus) = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = try Data(contentsOf: corpus.appendingPathComponent("good1.mid"))
        for i in 0..<20 { try good.write(to: corpus.appendingPathComponent("copy\(i).mid")) }
        func paths(_ extra: [String]) throws -> [String] {
            let r = try Self.cli.run(["inspect", corpus.path + "/*.mid", "--json", "-q"] + extra)
            #expect(r.status == 65 || r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["path"] as? String
            }
        }
        let all = try paths([])
        #expect(all.count == 22)   // 20 copies, good1.mid, text.mid (the glob does not descend into sub/)
        var union: [String] = []
        for i in 1...3 {
            let shard = try paths(["--shard", "\(i)/3"])
            #expect(Set(shard).isDisjoint(with: union))
            union += shard
            // The same shard twice is the same files.
            #expect(try paths(["--shard", "\(i)/3", "--jobs", "1"]) == shard)
        }
        #expect(union.sorted() == all.sorted())
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func exitStatusesByKind() throws {
        let (root, corpus) = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let good = corpus.appendingPathComponent("good1.mid").path
        // 64 usage.
        #expect(try Self.cli.run(["inspect", good, "--jobs", "0"]).status == 64)
        #expect(try Self.cli.run(["render", corpus.path, "--shard", "4/3"]).status == 64)
        #expect(try Self.cli.run(["convert", corpus.path]).status == 64)   // a batch needs --out-dir
        // 65 bad input data, 66 missing input: one line naming the file.
        let bad = try Self.cli.run(["inspect", corpus.appendingPathComponent("text.mid").path])
        #expect(bad.status == 65)
        #expect(bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains("text.mid"))
        let none = try Self.cli.run(["inspect", root.appendingPathComponent("none.mid").path])
        #expect(none.status == 66)
        #expect(none.stderr == "Error: cannot read \(root.appendingPathComponent("none.mid").path): No such file or directory\n")
        // A batch that cannot start (the SoundFont named does not exist) stops before any file, with one line.
        let noFont = try Self.cli.run(["render", corpus.path, "--soundfont", root.appendingPathComponent("none.sf2").path,
                                       "--out-dir", root.appendingPathComponent("wav").path, "--jobs", "2"])
        #expect(noFont.status == 66)
        #expect(noFont.stderr == "Error: SoundFont not found: \(root.appendingPathComponent("none.sf2").path) does not exist or is not a regular file.\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("wav").path))
        // 73 cannot write: the output's folder is a file.
        let blocked = try Self.cli.run(["convert", good, "--out", good + "/x.mid"])
        #expect(blocked.status == 73)
        #expect(blocked.stderr.split(separator: "\n").count == 1 && blocked.stderr.contains(good + "/x.mid"))
        let blockedBatch = try Self.cli.run(["convert", good, "--out-dir", good + "/sub", "-q"])
        #expect(blockedBatch.status == 73)
        #expect(blockedBatch.stderr.contains("cannot create the output folder"))
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func coloursFollowNO_COLOR() throws {
        let dir = try Self.cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("text.mid")
        try Data("text".utf8).write(to: text)
        // A pipe gets no colour; CLICOLOR_FORCE=1 forces it; NO_COLOR always wins.
        let plain = try Self.cli.run(["inspect", text.path], environment: ["NO_COLOR": nil, "CLICOLOR_FORCE": nil])
        #expect(plain.stderr.hasPrefix("Error: ") && !plain.stderr.contains("\u{1B}["))
        let forced = try Self.cli.run(["inspect", text.path], environment: ["NO_COLOR": nil, "CLICOLOR_FORCE": "1"])
        #expect(forced.stderr.hasPrefix("\u{1B}[31mError:\u{1B}[0m "))
        let noColor = try Self.cli.run(["inspect", text.path], environment: ["NO_COLOR": "1", "CLICOLOR_FORCE": "1"])
        #expect(noColor.stderr.hasPrefix("Error: ") && !noColor.stderr.contains("\u{1B}["))
        #expect(noColor.status == 65)
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func versionAndDoctor() throws {
        let version = try Self.cli.run(["--version"])
        #expect(version.status == 0)
        let number = version.stdout.trimmingCharacters(in: .newlines)
        #expect(number.split(separator: ".").count == 3 && number.split(separator: ".").allSatisfy { Int($0) != nil })

        // Help still goes through ArgumentParser (exit 0, on stdout) despite compose's own main().
        let help = try Self.cli.run(["render", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--shard <I/N>") && help.stdout.contains("--out-dir <dir>"))
        #expect(try Self.cli.run(["help", "inspect"]).status == 0)
        for shell in ["bash", "zsh", "fish"] {
            let script = try Self.cli.run(["--generate-completion-script", shell])
            #expect(script.status == 0 && script.stdout.contains("--shard") && script.stdout.contains("doctor"), "\(shell)")
        }

        let doctor = try Self.cli.run(["doctor", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])
        #expect(json["version"] as? String == number)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["name"] as? String } == ["fluidsynth-library", "soundfont", "model melody-markov.json", "model melody-rnn.json",
                                                               "model drums-markov.json", "model drums-rnn.json", "model harmony.json",
                                                               "model loops-melody.json", "model loops-drums.json", "model drums-openings.json", "alsa-playback", "alsa-sequencer", "fluidsynth-cli", "sox-cli"])
        for check in checks {
            let status = check["status"] as? String
            #expect(["ok", "warn", "fail"].contains(status))
            // Every check that is not ok says what to do.
            #expect((status == "ok") == (check["fix"] == nil), "\(check)")
        }
        let ok = try #require(json["ok"] as? Bool)
        #expect(ok == !checks.contains { $0["required"] as? Bool == true && $0["status"] as? String == "fail" })
        #expect(doctor.status == (ok ? 0 : 69))
        // The library check reads FluidSynth's own version string, e.g. "FluidSynth 2.3.1 (libfluidsynth, linked)".
        #expect((checks[0]["detail"] as? String)?.hasPrefix("FluidSynth 2.") == true)
    }
}

/// The batch commands over the 95 damaged files of `../shared/corpus/edge` (skipped when absent).
@Suite struct BatchEdgeCorpusTests {
    /// `../shared/corpus/edge` relative to the package root, or `$SMF_TESTS_CORPUS/edge` when set.
    static let edge: URL = TestPaths.corpusRoot.appendingPathComponent("edge")
    static let present = FileManager.default.fileExists(atPath: edge.path)

    @Test(.enabled(if: ComposeCLITests.binaryExists && present, "needs the compose binary and ../shared/corpus/edge"))
    func everyDamagedFileIsReportedAndTheRestAreConverted() throws {
        let cli = ComposeCLITests()
        let midi = try FileManager.default.contentsOfDirectory(atPath: Self.edge.path)
            .filter { ["mid", "midi", "rmi", "kar"].contains(($0 as NSString).pathExtension.lowercased()) }
        #expect(midi.count == 94)   // 95 files, one of them a MIDI 2.0 clip (.midi2), not an SMF
        let inspect = try cli.run(["inspect", Self.edge.path, "--json", "--jobs", "2", "-q"])
        #expect(inspect.status == 65)
        let objects = try inspect.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 94)
        // Lenient reading repairs all but the five files that are not Standard MIDI Files at all.
        let failed = objects.filter { $0["exitCode"] != nil }.compactMap { ($0["path"] as? String).map { ($0 as NSString).lastPathComponent } }
        #expect(failed == ["dwm__no-header-chunk__Amanda_Wilson_-_Gotta_Let_You_Go.mid", "dwm__no-header-chunk__JOYWRLD.MID",
                           "dwm__no-header-chunk__victoria.mid", "jazzsoft__test-empty-file.mid", "jazzsoft__test-not-a-midi-file.mid"])
        #expect(inspect.stderr.hasPrefix("inspect: 89 done, 0 skipped, 5 failed of 94 file(s)"))

        let out = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let convert = try cli.run(["convert", Self.edge.path, "--out-dir", out.path, "--jobs", "2", "-q"])
        #expect(convert.status == 65)
        #expect(convert.stderr.hasPrefix("convert: 89 done, 0 skipped, 5 failed of 94 file(s)"))
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.count == 89 && written.allSatisfy { $0.hasSuffix(".mid") })

        // A damaged delta time stretches this file to 285 hours: render refuses it at once instead of
        // asking for 66 GB of samples, and the batch goes on.
        guard BatchCLITests.hasSoundFont else { return }
        let stretched = Self.edge.appendingPathComponent("dwm__unknown-channel-event__brand_3.mid").path
        let render = try cli.run(["render", stretched, Self.edge.appendingPathComponent("dwm__misc__Misc_14000_events.mid").path + "x",
                                  "--out-dir", out.path, "--jobs", "2", "-q"])
        #expect(render.status == 66)   // the missing second input outranks the bad data of the first
        #expect(render.stderr.contains("brand_3.mid: The MIDI file lasts 285 h 45 min up to its last event, more than the render limit of 2 h"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("dwm__unknown-channel-event__brand_3.wav").path))
    }
}
