import Foundation
import Testing

/// Options and inputs a first-time user tripped over: a file with nothing to harmonize is bad input
/// (65) as it is for a primer file; a form plan that cannot apply says so; the drums help's primer
/// example can be copied as printed.
extension ComposeCLITests {

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func harmonizingAFileWithOnlyDrumsIsADataError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let drums = dir.appendingPathComponent("drums.mid")
        let made = try run(["drums", "--bars", "2", "--seed", "1", "--out", drums.path])
        #expect(made.status == 0, "\(made.stderr)")
        let harmonized = try run(["harmonize", drums.path, "--out", dir.appendingPathComponent("h.mid").path])
        #expect(harmonized.status == 65)
        #expect(harmonized.stderr == "Error: \(drums.path): no melody: the file has no notes off the drum channel\n")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func aFormThatCannotApplyIsReportedAndTheTuneIsTheUnformedOne() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let formed = dir.appendingPathComponent("aabb.mid"), plain = dir.appendingPathComponent("none.mid")
        let a = try run(["melody", "--bars", "12", "--seed", "5", "--form", "aabb", "--out", formed.path])
        let b = try run(["melody", "--bars", "12", "--seed", "5", "--form", "none", "--out", plain.path])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stderr == "warning: --form aabb needs a multiple of 8 bars, 16 or more: the 12 bars are composed without a form plan\n")
        #expect(b.stderr == "")
        #expect(try Data(contentsOf: formed) == Data(contentsOf: plain))
        // The default form at a length it cannot take stays silent: nothing was asked.
        let c = try run(["melody", "--bars", "12", "--seed", "5", "--out", dir.appendingPathComponent("default.mid").path])
        #expect(c.status == 0 && c.stderr == "")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func summariesCountOneBarAndReadAFilesTempoAsWritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let melody = dir.appendingPathComponent("m.mid"), drums = dir.appendingPathComponent("d.mid")
        let m = try run(["melody", "--bars", "1", "--tempo", "110", "--seed", "2", "--out", melody.path])
        #expect(m.stdout == "\(melody.path): markov model, 1 bar of C major in 4/4 at 110 bpm, 2 notes, seed 2\n")
        // 110 bpm is stored as 545455 microseconds per quarter (109.999908 bpm): read back as 110.
        let d = try run(["drums", "--primer-file", melody.path, "--primer-channel", "1", "--bars", "1", "--seed", "1", "--out", drums.path])
        #expect(d.status == 0, "\(d.stderr)")
        #expect(d.stdout.hasPrefix("\(drums.path): rnn 2x128 drums, 2 bars of 4/4 at 110 bpm, bar 1 as primed"), "\(d.stdout)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func theDrumsHelpPrintsItsPrimerExampleOnOneLine() throws {
        let help = try run(["drums", "--help"])
        #expect(help.status == 0)
        let example = #"--primer "bd: x...x...x...x... ; sd: ....x.......x... ; hh: x.x.x.x.x.x.x.x.""#
        #expect(help.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == example })
    }
}
