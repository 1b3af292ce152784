import Foundation
import ModelKit
import SMF
import Testing
import TestSupport
@testable import Transcription

@Suite struct PianoScribeTrainingTests {
    static let soundFont = "/usr/share/sounds/sf2/TimGM6mb.sf2"

    /// A two-second piece: `pitches` one after another, 0.25 s each at 120 bpm (96 ticks per quarter).
    static func piece(_ pitches: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        for p in pitches { body += [0x00, 0x90, p, 100] + vlq(48) + [0x80, p, 0] }
        return smf(division: 96, body + [0x00, 0xFF, 0x2F, 0x00])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: soundFont), "needs TimGM6mb (timgm6mb-soundfont)"))
    func buildsASetAndTrainingLowersTheLoss() throws {
        let dir = try TestPaths.temporaryDirectory("PianoScribeTraining")
        defer { try? FileManager.default.removeItem(at: dir) }
        var sources: [URL] = []
        for (i, pitches) in [[60, 64, 67, 72, 60, 64, 67, 72], [48, 55, 52, 59, 48, 55, 52, 59]].enumerated() {
            let url = dir.appendingPathComponent("p\(i).mid")
            try Data(Self.piece(pitches.map(UInt8.init))).write(to: url)
            sources.append(url)
        }
        let variant = RenderVariant(soundFont: Self.soundFont, reverb: false, chorus: false, tempoFactor: 1)
        let setURL = dir.appendingPathComponent("set")
        try PianoTrainingSet.build(sources: sources, names: ["p0", "p1"], variants: [variant, variant], into: setURL, threads: 1)
        let set = try PianoTrainingSet(directory: setURL)
        #expect(set.index.pieces.count == 2)
        // 8 notes of 0.25 s: onsets at frames 0, 25, ..., 175; the render adds the release tail.
        #expect(set.index.pieces[0].notes.map(\.onsetFrame) == [0, 25, 50, 75, 100, 125, 150, 175])
        #expect(set.index.pieces[0].notes.first?.offsetFrame == 25)
        #expect(set.index.pieces[0].frames >= 200)
        let loud = set.frames(piece: 0, start: 10, count: 1, silenceDB: -100).max()!
        #expect(loud > -40, "a sounding note is far above the floor (\(loud) dB)")
        #expect(set.frames(piece: 0, start: -5, count: 1, silenceDB: -100).allSatisfy { $0 == -100 })

        var options = PianoScribeTrainingOptions()
        options.shape = PianoScribeShape(channels1: 2, channels2: 2, hidden: 8)
        options.chunkFrames = 40; options.batchSize = 2; options.batchesPerEpoch = 15; options.learningRate = 0.01
        let trainer = try PianoScribeTraining.trainer(set, options: options, validationChunks: 4)
        let fixed = PianoChunkSource.validationBatches(set: set, pieces: [0, 1], frames: 40, count: 4)
        let before = trainer.model.score(fixed).mean
        for _ in 0..<4 { _ = trainer.runEpoch() }
        let after = trainer.model.score(fixed).mean
        #expect(after < 0.7 * before, "loss \(before) -> \(after)")

        // Checkpoint and resume give the same parameters and epoch.
        let checkpoint = dir.appendingPathComponent("c.safetensors")
        try trainer.saveCheckpoint(to: checkpoint)
        let resumed = try PianoScribeTraining.resume(set, from: checkpoint)
        #expect(resumed.epoch == 4 && resumed.model.parameters == trainer.model.parameters)
        #expect(resumed.model.inputMean == trainer.model.inputMean && resumed.model.inputScale == trainer.model.inputScale)
    }
}
