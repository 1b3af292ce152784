import Foundation
import Music
import Testing

/// Defects a fresh user met: --out equal to an input, the key of `continue`, what `melody
/// --primer-file` takes from the file, models found through a symlinked `compose` on PATH, and
/// train commands whose output folder is missing.
extension ComposeCLITests {
    /// Writes the tester's G major 6/8 phrase (its file has a G major key signature) to `dir/jig.mid`.
    func writeJigPhrase(in dir: URL) throws -> String {
        let jig = dir.appendingPathComponent("jig.mid").path
        // 8 bars: the 2-bar primer and 6 new bars (--bars counts the new bars).
        let r = try run(["melody", "--bars", "6", "--key", "G", "--meter", "6/8", "--primer", "D4 G4 B4:2", "--program", "flute", "--out", jig])
        #expect(r.status == 0, "\(r.stderr)")
        return jig
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json") && shipped("harmony.json"), "compose binary or shipped models missing"))
    func outputEqualToAnInputIsRefusedAndTheInputKept() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jig = try writeJigPhrase(in: dir)
        let original = try Data(contentsOf: URL(fileURLWithPath: jig))
        let dotted = dir.appendingPathComponent("./jig.mid").path
        let link = dir.appendingPathComponent("link.mid").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "jig.mid")
        let cases: [(arguments: [String], message: String)] = [
            (["continue", jig, "--out", jig], "--out \(jig) is the phrase \(jig)"),
            (["melody", "--primer-file", jig, "--out", dotted], "--out \(dotted) is --primer-file \(jig)"),
            (["drums", "--with", jig, "--out", link], "--out \(link) is --with \(jig)"),
            (["drums", "--primer-file", link, "--out", jig], "--out \(jig) is --primer-file \(link)"),
            (["harmonize", jig, "--out", jig], "--out \(jig) is the input melody \(jig)"),
            (["render", jig, "--out", link], "--out \(link) is the input file \(jig)"),
        ]
        for c in cases {
            let r = try run(c.arguments)
            #expect(r.status == 64, "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: \(c.message); choose another file\n"), "\(c.arguments): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: jig)) == original, "\(c.arguments) changed the input")
        }
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json"), "compose binary or shipped Markov model missing"))
    func continueKeepsThePhraseFilesKeySignature() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jig = try writeJigPhrase(in: dir)
        let answer = dir.appendingPathComponent("jc8.mid").path
        let r = try run(["continue", jig, "--bars", "8", "--seed", "4", "--out", answer])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(96 steps, G major) with 8 new bars,"), "\(r.stdout)")
        let score = try Score(contentsOf: URL(fileURLWithPath: answer))
        let pitchClasses = Set(score.allNotes.map { Int($0.pitch) % 12 })
        #expect(!pitchClasses.isEmpty)
        #expect(pitchClasses.isSubset(of: [7, 9, 11, 0, 2, 4, 6]), "not all in G major: \(pitchClasses.sorted())")
        #expect(score.keySignatures.first == KeySignature(sharpsFlats: 1, minor: false))

        // --mode alone keeps the signature and takes its relative key; --key names the tonic.
        let minor = try run(["continue", jig, "--bars", "2", "--mode", "minor", "--out", answer])
        #expect(minor.status == 0, "\(minor.stderr)")
        #expect(minor.stdout.contains("(96 steps, E minor) with 2 new bars,"), "\(minor.stdout)")
        let d = try run(["continue", jig, "--bars", "2", "--key", "D", "--out", answer])
        #expect(d.stdout.contains("(96 steps, D major) with 2 new bars,"), "\(d.stdout)")
        let bad = try run(["continue", jig, "--key", "H", "--out", answer])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("Error: --key H: not a note name like C, F# or Bb\n"), "\(bad.stderr)")
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json"), "compose binary or shipped Markov model missing"))
    func melodyTakesKeyMeterAndTempoFromThePrimerFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let primer = Self.packageRoot.appendingPathComponent("Samples/primer.mid").path
        let out = dir.appendingPathComponent("m.mid").path
        let r = try run(["melody", "--primer-file", primer, "--bars", "4", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        // --bars counts the new bars: the primer's 2 bars, then 4.
        #expect(r.stdout == "\(out): markov model, 6 bars (2 of primer, 4 new) of D minor in 4/4 at 110 bpm, 27 notes, seed 1; primer: track 1 \"Primer\", channel 1, 7 of 7 notes taken\n")
        let score = try Score(contentsOf: URL(fileURLWithPath: out))
        #expect(score.tempoChanges.first?.microsecondsPerQuarter == 545_455)
        // From a 6/8 G major file: its meter and key; an explicit option still wins.
        let jig = try writeJigPhrase(in: dir)
        let fromJig = try run(["melody", "--primer-file", jig, "--bars", "10", "--tempo", "90", "--out", out])
        #expect(fromJig.stdout.hasPrefix("\(out): markov model, 18 bars (8 of primer, 10 new) of G major in 6/8 at 90 bpm,"), "\(fromJig.stdout)")
        // --key alone keeps the file's mode (D minor -> C minor); --mode too makes it C major.
        let explicit = try run(["melody", "--primer-file", primer, "--bars", "4", "--key", "C", "--meter", "3/4", "--out", out])
        #expect(explicit.stdout.hasPrefix("\(out): markov model, 7 bars (3 of primer, 4 new) of C minor in 3/4 at 110 bpm,"), "\(explicit.stdout)")
        let major = try run(["melody", "--primer-file", primer, "--bars", "4", "--key", "C", "--mode", "major", "--tempo", "120", "--out", out])
        #expect(major.stdout.hasPrefix("\(out): markov model, 6 bars (2 of primer, 4 new) of C major in 4/4 at 120 bpm,"), "\(major.stdout)")

        // The documented Samples commands (Samples/README.md) still give the shipped files byte for byte.
        let samples = Self.packageRoot.appendingPathComponent("Samples")
        let documented: [(name: String, arguments: [String])] = [
            ("melody-d-minor.mid", ["--bars", "16", "--key", "D", "--mode", "minor", "--tempo", "110", "--seed", "7", "--primer-file", primer]),
            ("jig-g-major.mid", ["--bars", "16", "--key", "G", "--meter", "6/8", "--tempo", "100", "--seed", "3", "--program", "flute", "--form", "none"]),
        ]
        for sample in documented {
            let path = dir.appendingPathComponent(sample.name).path
            let s = try run(["melody"] + sample.arguments + ["--out", path])
            #expect(s.status == 0, "\(s.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: samples.appendingPathComponent(sample.name)), "\(sample.name)")
        }
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json"), "compose binary or shipped Markov model missing"))
    func modelsAreFoundWhenComposeIsASymlinkOnPath() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("compose"), withDestinationURL: Self.binary)
        // Run as the user does: `compose` found through PATH (argv[0] has no folder), from a folder without Models/.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["compose", "melody", "--bars", "2", "--out", "s.mid"]
        var environment = ProcessInfo.processInfo.environment
        environment["LITTLEMOZART_MODELS"] = nil
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        process.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stdout == "s.mid: markov model, 2 bars of C major in 4/4 at 120 bpm, 8 notes, seed 1\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.mid").path))
    }

    @Test(.enabled(if: binaryExists && shipped("drums-markov.json"), "compose binary or shipped drums model missing"))
    func trainCommandsCheckTheOutputFolderBeforeTraining() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let melodies = dir.appendingPathComponent("melodies"), drums = dir.appendingPathComponent("drums")
        for folder in [melodies, drums] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(at: Self.jig, to: melodies.appendingPathComponent("jig.mid"))
        #expect(try run(["drums", "--bars", "4", "--out", drums.appendingPathComponent("beat.mid").path]).status == 0)
        let work = dir.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let small = ["--epochs", "1", "--hidden", "8", "--layers", "1"]

        // The default --out: ./Models is created (it is missing in `work`).
        let rnn = try run(["train", "melody", "--model", "rnn", "--corpus", melodies.path, "-q"] + small, directory: work)
        #expect(rnn.status == 0, "\(rnn.stderr)")
        #expect(rnn.stdout.hasPrefix("Models/melody-rnn.json: 1 epoch, best epoch 1,"), "\(rnn.stdout)")
        let drumsRNN = try run(["train", "drums", "--model", "rnn", "--corpus", drums.path] + small, directory: work)
        #expect(drumsRNN.status == 0, "\(drumsRNN.stderr)")
        #expect(drumsRNN.stderr.contains("training 1x8 LSTM (6784 parameters) on 1 groove (64 steps)"), "\(drumsRNN.stderr)")
        let markov = try run(["train", "drums", "--model", "markov", "--corpus", drums.path], directory: work)
        #expect(markov.status == 0, "\(markov.stderr)")
        #expect(markov.stdout.hasPrefix("Models/drums-markov.json: order "), "\(markov.stdout)")
        let models = work.appendingPathComponent("Models")
        for name in ["melody-rnn.json", "melody-rnn.safetensors", "melody-rnn.checkpoint.safetensors", "drums-rnn.json", "drums-markov.json"] {
            #expect(FileManager.default.fileExists(atPath: models.appendingPathComponent(name).path), "\(name)")
        }

        // A folder the user named that does not exist: exit 73 before any training, naming the folder.
        let missing = work.appendingPathComponent("nope").standardizedFileURL.path
        let refusals: [(arguments: [String], option: String)] = [
            (["train", "melody", "--corpus", melodies.path, "--out", "nope/m.json"], "--out nope/m.json"),
            (["train", "melody", "--model", "rnn", "--corpus", melodies.path, "--out", "nope/m.json"] + small, "--out nope/m.json"),
            (["train", "drums", "--model", "rnn", "--corpus", drums.path, "--out", "d.json", "--checkpoint", "nope/c.safetensors"] + small, "--checkpoint nope/c.safetensors"),
            (["train", "drums", "--model", "markov", "--corpus", drums.path, "--out", "nope/d.json"], "--out nope/d.json"),
            // The corpora are not lead sheets or chorales: the folder check comes before reading them.
            (["train", "harmony", "--leadsheets", melodies.path, "--chorales", melodies.path, "--out", "nope/h.json"], "--out nope/h.json"),
        ]
        for refusal in refusals {
            let r = try run(refusal.arguments, directory: work)
            #expect(r.status == 73, "\(refusal.arguments): \(r.stderr)")
            #expect(r.stderr == "Error: \(refusal.option): the folder \(missing) does not exist; create it or choose another path\n", "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: missing))

        // A --resume checkpoint that is not there: exit 66 before reading the corpus, naming it;
        // one that is not a checkpoint: the error names it too.
        for kind in [["melody", "--corpus", melodies.path], ["drums", "--corpus", drums.path]] {
            let r = try run(["train"] + kind + ["--model", "rnn", "--resume", "gone.safetensors", "--out", "x.json"] + small, directory: work)
            #expect(r.status == 66, "\(r.stderr)")
            #expect(r.stderr == "Error: --resume gone.safetensors: no such checkpoint file (or it is unreadable)\n", "\(r.stderr)")
            #expect(!r.stderr.contains("training"))
        }
        let notCheckpoint = try run(["train", "melody", "--corpus", melodies.path, "--model", "rnn", "--resume", Self.jig.path, "--out", "x.json", "-q"] + small, directory: work)
        #expect(notCheckpoint.status != 0)
        #expect(notCheckpoint.stderr.hasPrefix("Error: --resume \(Self.jig.path): "), "\(notCheckpoint.stderr)")
    }
}
