import Foundation
import Testing

/// What a fresh user ran into: doctor and broken models, exit codes of roll and of missing corpus
/// folders, a dangling $SOUNDFONT, the --max-duration message.
extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func doctorLoadsEveryShippedModelAndFailsOnABrokenOne() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = Self.packageRoot.appendingPathComponent("Models")
        for name in ["melody-markov.json", "melody-rnn.json", "melody-rnn.safetensors", "drums-markov.json"] {
            try FileManager.default.copyItem(at: models.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        for name in ["harmony.json", "drums-rnn.json", "drums-openings.json"] { try Data("{broken".utf8).write(to: dir.appendingPathComponent(name)) }
        let doctor = try run(["doctor", "--json"], environment: ["LITTLEMOZART_MODELS": dir.path])
        #expect(doctor.status == 69, "\(doctor.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as? [String: Any])
        #expect(json["ok"] as? Bool == false)
        let checks = try #require(json["checks"] as? [[String: Any]]).filter { ($0["name"] as? String)?.hasPrefix("model ") == true }
        #expect(checks.compactMap { $0["name"] as? String }
                == ["model melody-markov.json", "model melody-rnn.json", "model drums-markov.json", "model drums-rnn.json", "model harmony.json",
                    "model loops-melody.json", "model loops-drums.json", "model drums-openings.json"])
        // The loops models are not in the folder: they are found in the package's Models/ beside the executable.
        #expect(checks.compactMap { $0["status"] as? String } == ["ok", "ok", "ok", "fail", "fail", "ok", "ok", "fail"])
        #expect((checks[7]["detail"] as? String)?.hasPrefix("\(dir.path)/drums-openings.json: ") == true, "\(checks[7])")
        #expect((checks[7]["detail"] as? String)?.hasSuffix("; needed by drums without a primer") == true)
        #expect(checks[7]["fix"] as? String == "restore it from git (`git checkout Models/drums-openings.json`, or re-clone the repository) or relearn it "
                + "with `LITTLEMOZART_WRITE_DRUM_OPENINGS=1 swift test --filter ShippedDrumOpeningsTests` (see Models/README.md)")
        #expect(checks.allSatisfy { $0["required"] as? Bool == true })
        #expect((checks[2]["detail"] as? String)?.hasPrefix("\(dir.path)/drums-markov.json: Markov order ") == true, "\(checks[2])")
        #expect((checks[3]["detail"] as? String)?.hasPrefix("\(dir.path)/drums-rnn.json: ") == true)
        #expect(checks[3]["fix"] as? String == "restore it from git (`git checkout Models/drums-rnn.json`, or re-clone the repository) or retrain it "
                + "with `compose train drums --model rnn --corpus ../shared/corpus/drums/gmd` (see Models/README.md)")
        #expect(checks[4]["fix"] as? String == "restore it from git (`git checkout Models/harmony.json`, or re-clone the repository) or retrain it "
                + "with `compose train harmony --leadsheets ../shared/corpus/leadsheets --chorales ../shared/corpus/chorales --out Models/harmony.json` "
                + "(see Models/README.md)")
        // The text report says the same.
        let text = try run(["doctor"], environment: ["LITTLEMOZART_MODELS": dir.path, "NO_COLOR": "1"])
        #expect(text.status == 69)
        #expect(text.stdout.contains("FAIL  model harmony.json: \(dir.path)/harmony.json: "))
        #expect(text.stdout.contains("      fix: restore it from git (`git checkout Models/harmony.json`"))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func missingCorpusFoldersExit66NamingTheOption() throws {
        let missing = "/nonexistent-\(UUID().uuidString)"
        let runs: [([String], String)] = [
            (["evaluate", "melody", "--corpus", missing], "--corpus"),
            (["evaluate", "drums", "--corpus", missing], "--corpus"),
            (["evaluate", "genie", "--corpus", missing], "--corpus"),
            (["evaluate", "harmonize", "--corpus", missing], "--corpus"),
            (["train", "melody", "--corpus", missing], "--corpus"),
            (["train", "melody", "--model", "rnn", "--corpus", missing], "--corpus"),
            (["train", "drums", "--corpus", missing], "--corpus"),
            (["train", "harmony", "--leadsheets", missing, "--chorales", missing], "--leadsheets"),
            (["train", "harmony", "--leadsheets", Self.packageRoot.path, "--chorales", missing], "--chorales"),
        ]
        for (arguments, option) in runs {
            let result = try run(arguments)
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr == "Error: \(option) \(missing): no such folder\n", "\(arguments)")
        }
        // A file where a folder belongs is a usage error.
        let file = try run(["evaluate", "melody", "--corpus", Self.jig.path])
        #expect(file.status == 64 && file.stderr == "Error: --corpus \(Self.jig.path): is a file, not a folder of MIDI files\n", "\(file.stderr)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func aSetButMissingSOUNDFONTIsAnErrorAndDurationsRead() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("s.wav").path
        let missing = dir.appendingPathComponent("nosuch.sf2").path
        let result = try run(["render", Self.jig.path, "--out", wav], environment: ["SOUNDFONT": missing])
        #expect(result.status == 66)
        #expect(result.stderr == "Error: SoundFont not found: $SOUNDFONT is set to \(missing), which does not exist or is not a regular file; "
                + "point $SOUNDFONT at a .sf2/.sf3 file or unset it.\n")
        #expect(!FileManager.default.fileExists(atPath: wav))

        guard BatchCLITests.hasSoundFont else { return }
        // The jig lasts 28.8 s up to its last event (16 bars of 6/8 at its tempo).
        let long = try run(["render", Self.jig.path, "--out", wav, "--max-duration", "1"], environment: ["SOUNDFONT": nil])
        #expect(long.status == 65)
        #expect(long.stderr.hasPrefix("Error: \(Self.jig.path): The MIDI file lasts 28.8 s up to its last event, more than the render limit of 1 s;"),
                "\(long.stderr)")
    }
}
