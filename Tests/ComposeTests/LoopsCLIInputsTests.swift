import Foundation
import Music
import Testing

/// `compose loops` with inputs that do not match each other, and options a command has no use
/// for (the defects a new-user trial found): corners in other meters and modes, `sample`'s
/// options, a grid with too few corners.
extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func loopsCornersOfOtherMetersAndModes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try tinyLoopsModel(in: dir)
        let jig = Self.jig.path   // 6/8, G major
        let minor = Self.packageRoot.appendingPathComponent("Samples/melody-d-minor.mid").path   // 4/4, D minor
        let out = dir.appendingPathComponent("out.mid").path

        // A in 6/8, B in 4/4: B is taken as A's 24 steps (two bars of 6/8), and the line says so.
        let shorter = try run(["loops", "interpolate", jig, minor, "--steps", "3", "--out", out, "--model-file", model])
        #expect(shorter.status == 0, "\(shorter.stderr)")
        let shorterLines = shorter.stderr.split(separator: "\n").map(String.init)
        #expect(shorterLines.count == 3, "\(shorter.stderr)")
        #expect(shorterLines[1] == "B \(minor): track 1 \"Melody\", channel 1, 6 of 77 notes taken, 24 steps (2 bars of 6/8, as A; the file is in 4/4) "
                + "from the bar line before the first note, D minor; 71 after the two bars", "\(shorter.stderr)")
        #expect(try Score(contentsOf: URL(fileURLWithPath: out)).trackEndTick == 3 * 24 * 120)

        // A in 4/4, B in 6/8: B is taken as 32 steps (two bars of 4/4: its third bar's first half too).
        let longer = try run(["loops", "interpolate", minor, jig, "--steps", "3", "--out", out, "--model-file", model])
        #expect(longer.status == 0, "\(longer.stderr)")
        let longerLines = longer.stderr.split(separator: "\n").map(String.init)
        #expect(longerLines.count == 3 && longerLines[1] == "B \(jig): track 1 \"Melody\", channel 1, 14 of 76 notes taken, 32 steps (2 bars of 4/4, as A; "
                + "the file is in 6/8) from the bar line before the first note, G major; 62 after the two bars, 1 cut at the loop's end", "\(longer.stderr)")
        let written = try Score(contentsOf: URL(fileURLWithPath: out))
        #expect(written.trackEndTick == 3 * 32 * 120)

        // D minor and G major: each loop is relative to its own tonic, so no key signature is written.
        #expect(written.keySignatures.isEmpty)
        #expect(longerLines[2] == "note: \(minor) is in D minor, \(jig) in G major: no key signature written (--mode major or minor writes one)")
        let chosen = try run(["loops", "interpolate", minor, jig, "--steps", "3", "--mode", "minor", "--out", out, "--model-file", model])
        #expect(chosen.status == 0 && !chosen.stderr.contains("note:"), "\(chosen.stderr)")
        #expect(try Score(contentsOf: URL(fileURLWithPath: out)).keySignatures == [KeySignature(tick: 0, sharpsFlats: -1, minor: true)])
        let same = try run(["loops", "interpolate", jig, jig, "--steps", "2", "--out", out, "--model-file", model])
        #expect(same.status == 0 && !same.stderr.contains("note:"), "\(same.stderr)")
        #expect(try Score(contentsOf: URL(fileURLWithPath: out)).keySignatures == [KeySignature(tick: 0, sharpsFlats: 1, minor: false)])
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func loopsRefuseOptionsTheyDoNotUse() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.mid").path
        let jig = Self.jig.path
        // sample reads no file: no --primer-track, --primer-channel or --strict.
        let track = try run(["loops", "sample", "--primer-track", "1", "--out", out])
        #expect(track.status == 64 && track.stderr == "Error: Unknown option '--primer-track'\n", "\(track.stderr)")
        let strict = try run(["loops", "sample", "--strict", "--out", out])
        #expect(strict.status == 64 && strict.stderr == "Error: Unknown option '--strict'\n", "\(strict.stderr)")
        // Drum loops have no key.
        let key = try run(["loops", "sample", "--kind", "drums", "--key", "D", "--out", out])
        #expect(key.status == 64 && key.stderr == "Error: --key D: drum loops have no key (--key and --mode are for --kind melody)\n", "\(key.stderr)")
        let mode = try run(["loops", "reconstruct", jig, "--kind", "drums", "--mode", "minor", "--out", out])
        #expect(mode.status == 64 && mode.stderr == "Error: --mode minor: drum loops have no key (--key and --mode are for --kind melody)\n", "\(mode.stderr)")
        // A grid needs its four corners.
        let three = try run(["loops", "grid", jig, jig, jig, "--out", out])
        #expect(three.status == 64
                && three.stderr == "Error: loops grid needs exactly four corner files (A B C D: top left, top right, bottom left, bottom right), got 3\n",
                "\(three.stderr)")
        let five = try run(["loops", "grid", jig, jig, jig, jig, jig, "--out", out])
        #expect(five.status == 64 && five.stderr.hasSuffix("got 5\n"), "\(five.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // A picture (or --out) in a folder that does not exist stops the grid before anything is
        // decoded or written (the MIDI file was written, then the picture failed).
        let missing = dir.appendingPathComponent("no-such-folder/grid.png").path
        let picture = try run(["loops", "grid", jig, jig, jig, jig, "--out", out, "--picture", missing])
        #expect(picture.status == 73
                && picture.stderr == "Error: --picture \(missing): the folder \(dir.appendingPathComponent("no-such-folder").path) does not exist; create it or choose another path\n",
                "\(picture.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
