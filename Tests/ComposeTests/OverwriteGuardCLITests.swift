import Foundation
import Testing

/// No command writes over one of its inputs: an output naming an input, a symlink to it, a hard
/// link to it (same device and inode) or a symlink to such a hard link stops with exit 64 and one
/// line, and the input keeps its bytes. Covers the commands `outputEqualToAnInputIsRefusedAndTheInputKept`
/// does not: convert, roll, render --plot, --model-file, train onto its corpus, batch --out-dir.
extension ComposeCLITests {
    /// Runs each case, expecting exit 64, stderr starting with `Error: <message>` and `guarded`'s bytes unchanged.
    func expectRefused(_ cases: [(arguments: [String], message: String)], guarding guarded: [String]) throws {
        let before = try guarded.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        for c in cases {
            let r = try run(c.arguments)
            #expect(r.status == 64, "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: \(c.message)\n"), "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(c.arguments): \(r.stderr)")
            #expect(try guarded.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == before, "\(c.arguments) changed an input")
        }
    }

    /// `link` a hard link to `target`.
    func hardLink(_ link: String, to target: String) throws {
        try FileManager.default.linkItem(atPath: target, toPath: link)
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func convertRollAndRenderRefuseTheirInputAsOutput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let jig = path("jig.mid")
        try FileManager.default.copyItem(at: Self.jig, to: URL(fileURLWithPath: jig))
        try FileManager.default.createSymbolicLink(atPath: path("link.mid"), withDestinationPath: "jig.mid")
        try hardLink(path("hard.mid"), to: jig)
        try FileManager.default.createSymbolicLink(atPath: path("linkToHard.mid"), withDestinationPath: path("hard.mid"))
        try FileManager.default.createSymbolicLink(atPath: path("picture.svg"), withDestinationPath: "jig.mid")
        try FileManager.default.createSymbolicLink(atPath: path("plot.png"), withDestinationPath: "hard.mid")
        let refused = "; choose another file"
        try expectRefused([
            (["convert", jig, "--out", jig], "--out \(jig) is the input file \(jig)\(refused)"),
            (["convert", jig, "--out", path("link.mid"), "--ppq", "96"], "--out \(path("link.mid")) is the input file \(jig)\(refused)"),
            (["convert", jig, "--out", path("hard.mid")], "--out \(path("hard.mid")) is the input file \(jig)\(refused)"),
            (["convert", path("link.mid"), "--out", path("linkToHard.mid")], "--out \(path("linkToHard.mid")) is the input file \(path("link.mid"))\(refused)"),
            (["convert", jig, "--out", jig, "--json"], "--out \(jig) is the input file \(jig)\(refused)"),
            (["roll", jig, "--out", path("picture.svg")], "--out \(path("picture.svg")) is the input file \(jig)\(refused)"),
            (["render", jig, "--out", path("hard.mid")], "--out \(path("hard.mid")) is the input file \(jig)\(refused)"),
            (["render", jig, "--out", path("jig.wav"), "--plot", path("plot.png")], "--plot \(path("plot.png")) is the input file \(jig)\(refused)"),
            // play's --audio-file: refused before any sound (it was written over the MIDI file as WAV).
            (["play", jig, "--audio-file", jig], "--audio-file \(jig) is the input file \(jig)\(refused)"),
            (["play", jig, "--audio-file", path("link.mid")], "--audio-file \(path("link.mid")) is the input file \(jig)\(refused)"),
        ], guarding: [jig])
        #expect(!FileManager.default.fileExists(atPath: path("jig.wav")))

        // A batch whose --out-dir holds hard links of its inputs under the same names.
        let corpus = dir.appendingPathComponent("in"), out = dir.appendingPathComponent("out")
        for folder in [corpus, out] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try hardLink(corpus.appendingPathComponent("a.mid").path, to: jig)
        try hardLink(out.appendingPathComponent("a.mid").path, to: jig)
        let batch = try run(["convert", corpus.path, "--out-dir", out.path])
        #expect(batch.status == 64, "\(batch.stderr)")
        #expect(batch.stderr.hasPrefix("Error: the output for \(corpus.path)/a.mid would be the input itself; choose another --out-dir\n"), "\(batch.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: jig)) == Data(contentsOf: Self.jig))

        // Another file is still written, with --json too (that one was refused as "the input itself" before).
        let fine = try run(["convert", jig, "--out", path("copy.mid")])
        #expect(fine.status == 0, "\(fine.stderr)")
        let json = try run(["convert", jig, "--out", path("copy2.mid"), "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("copy2.mid"))) == Data(contentsOf: URL(fileURLWithPath: path("copy.mid"))))
    }

    @Test(.enabled(if: binaryExists && shipped("melody-markov.json") && shipped("harmony.json") && shipped("drums-markov.json"),
                   "compose binary or shipped models missing"))
    func modelFileIsNeverTheOutput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let models = Self.packageRoot.appendingPathComponent("Models")
        for name in ["melody-markov.json", "harmony.json", "drums-markov.json"] {
            try FileManager.default.copyItem(at: models.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try hardLink(path("harmony-link.json"), to: path("harmony.json"))
        let jig = Self.jig.path
        let refused = "; choose another file"
        try expectRefused([
            (["melody", "--model-file", path("melody-markov.json"), "--out", path("melody-markov.json")],
             "--out \(path("melody-markov.json")) is --model-file \(path("melody-markov.json"))\(refused)"),
            (["continue", jig, "--model-file", path("melody-markov.json"), "--out", path("melody-markov.json")],
             "--out \(path("melody-markov.json")) is --model-file \(path("melody-markov.json"))\(refused)"),
            (["genie", "--buttons", "1 2 3", "--model-file", path("melody-markov.json"), "--out", path("melody-markov.json")],
             "--out \(path("melody-markov.json")) is --model-file \(path("melody-markov.json"))\(refused)"),
            (["harmonize", jig, "--model-file", path("harmony.json"), "--out", path("harmony-link.json")],
             "--out \(path("harmony-link.json")) is --model-file \(path("harmony.json"))\(refused)"),
            (["drums", "--model", "markov", "--model-file", path("drums-markov.json"), "--out", path("drums-markov.json")],
             "--out \(path("drums-markov.json")) is --model-file \(path("drums-markov.json"))\(refused)"),
        ], guarding: ["melody-markov.json", "harmony.json", "drums-markov.json"].map(path))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func trainRefusesToWriteOntoItsCorpus() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("melodies"), other = dir.appendingPathComponent("chorales")
        for folder in [corpus, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let tune = corpus.appendingPathComponent("jig.mid").path
        try FileManager.default.copyItem(at: Self.jig, to: URL(fileURLWithPath: tune))
        let elsewhere = dir.appendingPathComponent("model.json").path
        try hardLink(elsewhere, to: tune)
        let c = corpus.path
        try expectRefused([
            (["train", "melody", "--corpus", c, "--out", c], "--out \(c) is the --corpus folder \(c); choose a file outside it"),
            (["train", "melody", "--corpus", c, "--out", tune], "--out \(tune) is a file of the --corpus folder \(c); choose a file outside it"),
            (["train", "melody", "--corpus", c, "--out", elsewhere],
             "--out \(elsewhere) is the file \(tune) of the --corpus folder \(c); choose a file outside it"),
            (["train", "melody", "--model", "rnn", "--corpus", c, "--out", dir.appendingPathComponent("m.json").path, "--checkpoint", tune],
             "--checkpoint \(tune) is a file of the --corpus folder \(c); choose a file outside it"),
            (["train", "drums", "--model", "markov", "--corpus", c, "--out", tune],
             "--out \(tune) is a file of the --corpus folder \(c); choose a file outside it"),
            (["train", "harmony", "--leadsheets", other.path, "--chorales", c, "--out", tune],
             "--out \(tune) is a file of the --chorales folder \(c); choose a file outside it"),
        ], guarding: [tune])
    }
}
