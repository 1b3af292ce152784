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
        // Two pieces: none validates, and the lines say so instead of a validation loss of 0.
        #expect(r.stderr.contains("epoch 1: loss ") && r.stderr.contains(", no validation set, "), "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(out.path): 1 epoch, no validation pieces (fewer than 20 pieces), "), "\(r.stdout)")
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
        // The shipped model's head context unless --head-context says otherwise.
        #expect(try PianoScribeModel.load(from: out).network.shape.headContext == PianoScribeShape.shipped.headContext)
        // No validation pieces: no validation loss in the record (the key absent from the file).
        #expect(record.validationPieces == 0 && record.validationLoss == nil)
        #expect(try String(contentsOf: out, encoding: .utf8).contains("validationLoss") == false)
        #expect(abs((record.generatedHours ?? 0) - record.hours) < 1e-12)
    }

    /// Pedalled generated pieces with their pedal in the set; a second run that starts from the
    /// first's model with a new pedal head and noise augmentation; --init with --resume refused; a
    /// third from the first with wider onset and offset heads (--head-context).
    @Test(.enabled(if: ComposeCLITests.binaryExists && FileManager.default.fileExists(atPath: timGM),
                   "needs the compose binary and TimGM6mb (timgm6mb-soundfont)"))
    func aPedalHeadIsTrainedFromAnotherModelsWeights() throws {
        let dir = try TestPaths.temporaryDirectory("TrainTranscriptionCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        let first = dir.appendingPathComponent("a/piano-scribe.json"), second = dir.appendingPathComponent("b/piano-scribe.json")
        let common = ["train", "transcription", "--data", data.path, "--chorales", "0", "--leadsheets", "0", "--songs", "0",
                      "--generated", "1", "--generated-pedal", "1", "--generated-seconds", "20", "--soundfonts", Self.timGM,
                      "--epochs", "1", "--batches-per-epoch", "1", "--batch-size", "1", "--render-threads", "1", "--quiet"]
        let a = try cli.run(common + ["--channels1", "2", "--channels2", "2", "--hidden", "8", "--head-context", "0", "--out", first.path])
        try #require(a.status == 0, "\(a.stderr)")
        let pedalFile = data.appendingPathComponent(GeneratedPianoPieces.pedalName(index: 0))
        #expect(try Data(contentsOf: pedalFile) == Data(GeneratedPianoPieces.file(index: 0, seed: 1, seconds: 20, pedalled: true).bytes()))
        let set = try PianoTrainingSet(directory: data)
        #expect(set.index.pieces.map(\.source) == ["generated/gen-0001.mid", "generated/pedal-0001.mid"])
        let presses = GeneratedPianoPieces.piece(index: 0, seed: 1, seconds: 20, pedalled: true).pedal
        try #require(!presses.isEmpty)
        #expect(set.index.pieces[1].pedal?.count == presses.count && set.index.pieces[0].pedal == [])
        // The first press on its tick (960 a second), the render's tempo applied, on the 100 fps grid.
        let down = (presses[0].down * 960).rounded() / 960 * set.index.pieces[1].variant.tempoFactor
        #expect(set.index.pieces[1].pedal?.first?.onFrame == Int((down * 100 + 0.5).rounded(.down)))

        let b = try cli.run(common + ["--init", first.path, "--pedal-head", "--noise-db", "-40", "--out", second.path])
        try #require(b.status == 0, "\(b.stderr)")
        #expect(b.stderr.contains("starting from \(first.path) (new pedal head)"))
        let old = try PianoScribeModel.load(from: first), new = try PianoScribeModel.load(from: second)
        #expect(new.network.shape == PianoScribeShape(channels1: 2, channels2: 2, hidden: 8, pedal: true))
        // The normalisation is taken over; the shared layers started from the first model's and moved.
        #expect(new.network.inputMean == old.network.inputMean)
        #expect(new.network.parameters.count == old.network.parameters.count + 9)
        #expect(Array(new.network.parameters.prefix(old.network.parameters.count)) != old.network.parameters)
        let record = try #require(new.config.training)
        #expect(record.options.noiseDB == -40 && record.options.startedFrom?.hasPrefix("piano-scribe.json (1 epoch, ") == true)

        let c = try cli.run(common + ["--init", first.path, "--resume", first.path, "--out", second.path])
        #expect(c.status == 64 && c.stderr.contains("--init and --resume cannot be used together"))

        // Wider onset and offset heads from the first model: 2 frames either side, 4 more hidden frames' weights each.
        let third = dir.appendingPathComponent("c/piano-scribe.json")
        let d = try cli.run(common + ["--init", first.path, "--head-context", "2", "--out", third.path])
        try #require(d.status == 0, "\(d.stderr)")
        #expect(d.stderr.contains("starting from \(first.path) (onset and offset heads widened from 0 to 2 frames either side, starting from its weights)"))
        #expect(d.stderr.contains("(conv 2/2, dense 8, head context 2; 25304 parameters) on 2 pieces (0.01 h), validating on 0 chunks; 1 BLAS thread\n"), "\(d.stderr)")
        let wide = try PianoScribeModel.load(from: third)
        #expect(wide.network.shape == PianoScribeShape(channels1: 2, channels2: 2, hidden: 8, headContext: 2))
        #expect(wide.contextFrames == 5)
        #expect(wide.network.parameters.count == old.network.parameters.count + 2 * 4 * 8 * 88)
        let e = try cli.run(common + ["--head-context", "17", "--out", third.path])
        #expect(e.status == 64 && e.stderr.contains("--head-context must be 0...16, got 17"))
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
