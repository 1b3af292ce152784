import Foundation
import Music
import Testing

/// `compose evaluate transcribe` on folders written here.
@Suite struct EvaluateTranscribeCLITests {
    let cli = ComposeCLITests()

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func scoresEstimatesAndChecksItsOptions() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refs = dir.appendingPathComponent("ref"), ests = dir.appendingPathComponent("est")
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: ests, withIntermediateDirectories: true)
        let notes = [Note(pitch: 60, start: 0, duration: 480), Note(pitch: 64, start: 480, duration: 480)]
        try Score(ticksPerQuarter: 480, parts: [Part(notes: notes)]).write(to: refs.appendingPathComponent("x.mid"))
        try Score(ticksPerQuarter: 480, parts: [Part(notes: [notes[0]])]).write(to: ests.appendingPathComponent("x.mid"))

        let r = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", ests.path, "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let onset = try #require(((report["mean"] as? [String: Any])?["onset"]) as? [String: Double])
        #expect(onset["precision"] == 1 && onset["recall"] == 0.5 && onset["f1"] == 2.0 / 3)
        // Another transcriber's MIDI files: no model and no decoding settings to record.
        #expect(report["model"] == nil && report["decoding"] == nil)

        let text = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", ests.path])
        #expect(text.status == 0 && text.stdout.contains("x.mid") && text.stdout.contains("mean of files"))
        // --audio with no model anywhere: TranscribeCLITests.noModelAnywhereIs69WithHowToGetOne.
        let both = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", ests.path, "--estimates", ests.path])
        #expect(both.status == 64 && both.stderr.contains("give one of them"))
        let neither = try cli.run(["evaluate", "transcribe", "--midi", refs.path])
        #expect(neither.status == 64 && neither.stderr.contains("give --estimates DIR"))
        let missing = try cli.run(["evaluate", "transcribe", "--midi", dir.appendingPathComponent("none").path, "--estimates", ests.path])
        #expect(missing.status == 66 && missing.stderr.contains("no such file or folder"))
        // One estimate file against one reference file, named unlike; a folder against a file is refused.
        try Score(ticksPerQuarter: 480, parts: [Part(notes: notes)]).write(to: dir.appendingPathComponent("mine.mid"))
        let one = try cli.run(["evaluate", "transcribe", "--midi", refs.appendingPathComponent("x.mid").path, "--estimates", dir.appendingPathComponent("mine.mid").path, "--json"])
        try #require(one.status == 0, "\(one.stderr)")
        let oneReport = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        #expect(((oneReport["mean"] as? [String: Any])?["onset"] as? [String: Double])?["f1"] == 1)
        #expect(oneReport["estimates"] as? String == dir.appendingPathComponent("mine.mid").path && oneReport["audio"] == nil)
        let folderVsFile = try cli.run(["evaluate", "transcribe", "--midi", refs.appendingPathComponent("x.mid").path, "--estimates", ests.path])
        #expect(folderVsFile.status == 64 && folderVsFile.stderr.contains("is a folder and --midi"), "\(folderVsFile.stderr)")
        // A stray estimate is named on stderr with --json (the text report names it too).
        try Score(ticksPerQuarter: 480, parts: [Part(notes: notes)]).write(to: ests.appendingPathComponent("stray.mid"))
        let stray = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", ests.path, "--json"])
        #expect(stray.status == 0 && stray.stderr == "1 estimate with no reference of the same name, not scored (not an error): stray.mid\n", "\(stray.stderr)")
        try FileManager.default.removeItem(at: ests.appendingPathComponent("stray.mid"))
        try Data("junk".utf8).write(to: ests.appendingPathComponent("x.mid"))
        let bad = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", ests.path])
        #expect(bad.status == 65 && bad.stderr.contains(ests.appendingPathComponent("x.mid").path) && bad.stderr.contains("byte offset 0"))
    }
}
