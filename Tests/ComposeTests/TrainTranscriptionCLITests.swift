import Foundation
import Testing
import TestSupport
import Transcription

/// `compose train transcription` end to end on generated material only (no corpus pieces): the
/// generated files in --data, the set's index, the model's record; a missing SoundFont refused.
@Suite struct TrainTranscriptionCLITests {
    let cli = ComposeCLITests()
    static let timGM = "/usr/share/sounds/sf2/TimGM6mb.sf2"

    @Test(.enabled(if: ComposeCLITests.binaryExists && FileManager.default.fileExists(atPath: timGM),
                   "needs the compose binary and TimGM6mb (timgm6mb-soundfont)"))
    func generatedPiecesAreWrittenRenderedAndCounted() throws {
        let dir = try TestPaths.temporaryDirectory("TrainTranscriptionCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data"), out = dir.appendingPathComponent("m/piano-scribe.json")
        let r = try cli.run(["train", "transcription", "--data", data.path, "--chorales", "0", "--leadsheets", "0",
                             "--songs", "0", "--generated", "2", "--generated-seconds", "5", "--soundfonts", Self.timGM,
                             "--epochs", "1", "--batches-per-epoch", "1", "--batch-size", "1", "--channels1", "2", "--channels2", "2",
                             "--hidden", "8", "--render-threads", "1", "--out", out.path, "--quiet"])
        try #require(r.status == 0, "\(r.stderr)")
        // The files are the generator's, byte for byte (seed 1, the default).
        for i in 0..<2 {
            let file = data.appendingPathComponent(GeneratedPianoPieces.name(index: i))
            #expect(try Data(contentsOf: file) == Data(GeneratedPianoPieces.file(index: i, seed: 1, seconds: 5).bytes()))
        }
        let set = try PianoTrainingSet(directory: data)
        #expect(set.index.pieces.map(\.source) == ["generated/gen-0001.mid", "generated/gen-0002.mid"])
        #expect(set.index.pieces.map(\.notes.count) == (0..<2).map { GeneratedPianoPieces.notes(index: $0, seed: 1, seconds: 5).count })
        let record = try #require(try PianoScribeModel.load(from: out).config.training)
        #expect(record.pieces == 2 && record.generatedPieces == 2)
        #expect(abs((record.generatedHours ?? 0) - record.hours) < 1e-12)
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func aMissingSoundFontIsRefusedBeforeAnyRendering() throws {
        let dir = try TestPaths.temporaryDirectory("TrainTranscriptionCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        let r = try cli.run(["train", "transcription", "--corpus", dir.path, "--data", data.path, "--generated", "1",
                             "--soundfonts", "/nonexistent/piano.sf2", "--out", dir.appendingPathComponent("m/p.json").path])
        #expect(r.status == 66)
        #expect(r.stderr == "Error: --soundfonts: /nonexistent/piano.sf2 not found (Debian packages: timgm6mb-soundfont, musescore-general-soundfont, csound-soundfont)\n")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("index.json").path))
    }
}
