import Foundation
import Music
import Testing

/// `compose train loops` and `compose loops ...` as a user runs them (issue 17): a tiny model
/// trained on the samples, the four commands' outputs, and their one-line errors.
extension ComposeCLITests {
    /// A folder holding the three Samples/ files as a corpus, and a 1-epoch tiny loops model
    /// trained on it (then resumed for a second epoch).
    func tinyLoopsModel(in dir: URL) throws -> String {
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        for name in ["jig-g-major.mid", "melody-d-minor.mid", "primer.mid"] {
            try FileManager.default.copyItem(at: Self.packageRoot.appendingPathComponent("Samples/\(name)"), to: corpus.appendingPathComponent(name))
        }
        let model = dir.appendingPathComponent("loops.json").path
        let tiny = ["train", "loops", "--corpus", corpus.path, "--out", model, "--encoder", "8", "--latent", "4", "--decoder", "16",
                    "--held-out", "0", "--validation", "0", "--batch-size", "8", "-q"]
        let first = try run(tiny + ["--epochs", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("\(model): 1 epoch, best epoch 1"), "\(first.stdout)")
        let checkpoint = dir.appendingPathComponent("loops.checkpoint.safetensors").path
        let resumed = try run(tiny + ["--epochs", "2", "--resume", checkpoint])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed \(checkpoint) after epoch 1"), "\(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix("\(model): 2 epochs"), "\(resumed.stdout)")
        return model
    }

    func markers(of path: String) throws -> [String] {
        try Score(contentsOf: URL(fileURLWithPath: path)).parts.flatMap(\.texts).filter { $0.kind == .marker }.map(\.text)
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func loopsTrainReconstructInterpolateGridAndErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try tinyLoopsModel(in: dir)
        let jig = Self.jig.path, primer = Self.packageRoot.appendingPathComponent("Samples/primer.mid").path
        let out = dir.appendingPathComponent("out.mid").path

        let rec = try run(["loops", "reconstruct", jig, "--out", out, "--model-file", model])
        #expect(rec.status == 0, "\(rec.stderr)")
        #expect(rec.stderr == "input \(jig): track 1 \"Melody\", channel 1, 11 of 76 notes taken, bars 1-2 of 6/8 from the bar line before the first note (24 steps), G major; 65 after the two bars\n")
        #expect(try markers(of: out) == ["reconstruction of jig-g-major.mid", "end"])

        let path = try run(["loops", "interpolate", jig, primer, "--steps", "4", "--out", out, "--model-file", model])
        #expect(path.status == 0, "\(path.stderr)")
        #expect(try markers(of: out) == ["1/4: jig-g-major.mid", "2/4", "3/4", "4/4: primer.mid", "end"])
        // The file lasts exactly its four 2-bar loops of 6/8 (24 16ths each, 120 ticks a 16th).
        #expect(try Score(contentsOf: URL(fileURLWithPath: out)).trackEndTick == 4 * 24 * 120)

        let png = dir.appendingPathComponent("grid.png").path
        let grid = try run(["loops", "grid", jig, primer, primer, jig, "--size", "3", "--out", out, "--picture", png, "--model-file", model])
        #expect(grid.status == 0, "\(grid.stderr)")
        let gridMarkers = try markers(of: out)
        #expect(gridMarkers.count == 10 && gridMarkers.first == "row 1 col 1: jig-g-major.mid" && gridMarkers.suffix(2) == ["row 3 col 3: jig-g-major.mid", "end"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: png)).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

        let sampled = try run(["loops", "sample", "--count", "2", "--meter", "3/4", "--seed", "4", "--out", out, "--model-file", model])
        #expect(sampled.status == 0, "\(sampled.stderr)")
        #expect(try markers(of: out) == ["sample 1", "sample 2", "end"])
        #expect(try Score(contentsOf: URL(fileURLWithPath: out)).trackEndTick == 2 * 24 * 120)

        // Errors: one line each, with the sysexits status.
        let missing = dir.appendingPathComponent("missing.mid").path
        let noFile = try run(["loops", "reconstruct", missing, "--out", out, "--model-file", model])
        #expect(noFile.status == 66 && noFile.stderr.hasPrefix("Error: \(missing)") && noFile.stderr.filter { $0 == "\n" }.count == 1, "\(noFile.stderr)")
        let damaged = dir.appendingPathComponent("damaged.mid").path
        try Data("MThd not really".utf8).write(to: URL(fileURLWithPath: damaged))
        let bad = try run(["loops", "reconstruct", damaged, "--out", out, "--model-file", model])
        // Read leniently as every primer file is: one warning naming the byte offset, then the error.
        #expect(bad.status == 65 && bad.stderr.contains("warning: \(damaged): 5 problem(s) repaired while reading, e.g. byte offset 8:")
                && bad.stderr.hasSuffix("\nError: \(damaged): no notes found (off channel 10)\n"), "\(bad.stderr)")
        let size = try run(["loops", "grid", jig, jig, jig, jig, "--size", "1", "--out", out, "--model-file", model])
        #expect(size.status == 64 && size.stderr == "Error: --size must be 2...16, got 1\n", "\(size.stderr)")
        let picture = try run(["loops", "grid", jig, jig, jig, jig, "--out", out, "--picture", dir.appendingPathComponent("g.bmp").path])
        #expect(picture.status == 64 && picture.stderr.filter { $0 == "\n" }.count == 1, "\(picture.stderr)")
        let noModel = try run(["loops", "sample", "--kind", "drums", "--out", out, "--model-file", missing])
        #expect(noModel.status == 66 && noModel.stderr == "Error: \(missing): no such readable file\n", "\(noModel.stderr)")
        let wrongKind = try run(["loops", "sample", "--kind", "drums", "--out", out, "--model-file", model])
        #expect(wrongKind.status == 65 && wrongKind.stderr.contains("a melody loops model, not a drums one"), "\(wrongKind.stderr)")
        let steps = try run(["loops", "interpolate", jig, jig, "--steps", "1", "--out", out, "--model-file", model])
        #expect(steps.status == 64 && steps.stderr == "Error: --steps must be 2...100, got 1\n", "\(steps.stderr)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func evaluateLoopsOnTheValidationPart() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try tinyLoopsModel(in: dir)
        let corpus = dir.appendingPathComponent("corpus").path
        let base = ["evaluate", "loops", "--corpus", corpus, "--model-file", model, "--held-out", "0.34", "--pairs", "2", "--json"]
        let validation = try run(base + ["--part", "validation", "--validation", "0.5"])
        #expect(validation.status == 0, "\(validation.stderr)")
        let heldOut = try run(base)
        #expect(heldOut.status == 0, "\(heldOut.stderr)")
        func field(_ text: String, _ key: String) throws -> Any? {
            (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[key]
        }
        // 3 tunes: the held-out one and the validation one are different tunes.
        #expect(try field(validation.stdout, "heldOutItems") as? Int == 1 && field(heldOut.stdout, "heldOutItems") as? Int == 1)
        #expect(try (field(validation.stdout, "split") as? String)?.hasSuffix("validation 0.5 of the rest (seed 1)") == true)
        // The validation tune is 4/4 (9 windows of 32 steps 2 bars apart), the held-out one the 6/8 jig (8 of 24).
        #expect(try field(validation.stdout, "windows") as? Int == 9 && field(validation.stdout, "steps") as? Int == 288)
        #expect(try field(heldOut.stdout, "windows") as? Int == 8 && field(heldOut.stdout, "steps") as? Int == 192)
        let bad = try run(base + ["--part", "test"])
        #expect(bad.status == 64 && bad.stderr.filter { $0 == "\n" }.count == 1, "\(bad.stderr)")
    }
}

extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func trainLoopsFreeBitsPerDimension() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.jig, to: corpus.appendingPathComponent("jig.mid"))
        let model = dir.appendingPathComponent("loops.json")
        let tiny = ["train", "loops", "--corpus", corpus.path, "--out", model.path, "--encoder", "4", "--latent", "4", "--decoder", "8",
                    "--held-out", "0", "--validation", "0", "--batch-size", "8", "--epochs", "1", "--free-bits", "8", "-q"]
        let scoped = try run(tiny + ["--free-bits-scope", "dimension"])
        #expect(scoped.status == 0, "\(scoped.stderr)")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any]
        let options = (config?["training"] as? [String: Any])?["options"] as? [String: Any]
        #expect(options?["freeBitsScope"] as? String == "dimension" && options?["freeBits"] as? Double == 8)
        // The default (per loop) writes no scope, as configs did before the option.
        let plain = try run(tiny)
        #expect(plain.status == 0, "\(plain.stderr)")
        let plainConfig = try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any]
        let plainOptions = (plainConfig?["training"] as? [String: Any])?["options"] as? [String: Any]
        #expect(plainOptions?["freeBits"] as? Double == 8 && plainOptions?["freeBitsScope"] == nil)
        let bad = try run(tiny + ["--free-bits-scope", "bar"])
        #expect(bad.status == 64 && bad.stderr.contains("--free-bits-scope"), "\(bad.stderr)")
    }
}
