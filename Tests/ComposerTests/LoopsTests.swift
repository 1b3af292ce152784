import Foundation
import Music
import Testing
import TestSupport
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite("Latent loops")
struct LoopsTests {
    /// A 4/4 tune in C starting on a bar line (64 steps): C4 steps 0-7, rest 8-11, E4 12-19 (over
    /// the bar line), G4 20-31, rest 32-39, C5 40-63.
    static let tune = EncodedTune(name: "t", key: Key(tonic: 0, mode: .major), meter: .common, startPosition: 0,
                                  tokens: [.note(offset: 0, steps: 8), .rest(steps: 4), .note(offset: 4, steps: 8),
                                           .note(offset: 7, steps: 12), .rest(steps: 8), .note(offset: 12, steps: 24)])

    static func id(_ e: StepEvent) -> Int32 { Int32(e.id) }

    @Test("melody windows: 32 steps in 4/4 a bar apart, a held note struck again at a window's start, shifts outside the range left out")
    func melodyWindows() throws {
        let windows = MelodyLoop.windows(of: Self.tune, shifts: [0, 12], hopBars: 1, minimumNotes: 1)
        // 64 steps = 4 bars: windows at bars 1, 2, 3 (3 windows), each shifted by 0 and 12 when in range.
        let unshifted = MelodyLoop.windows(of: Self.tune, hopBars: 1, minimumNotes: 1)
        #expect(unshifted.count == 3 && unshifted.allSatisfy { $0.events.count == 32 && $0.meter == .common })
        var first = [Int32](repeating: 0, count: 32)
        first[0] = Self.id(.noteOn(offset: 0)); first[8] = Self.id(.noteOff); first[12] = Self.id(.noteOn(offset: 4)); first[20] = Self.id(.noteOn(offset: 7))
        #expect(unshifted[0].events == first)
        // Bar 2 starts under the held E4 (struck at step 12): it is struck again at the window's first step.
        var second = [Int32](repeating: 0, count: 32)
        second[0] = Self.id(.noteOn(offset: 4)); second[4] = Self.id(.noteOn(offset: 7)); second[16] = Self.id(.noteOff); second[24] = Self.id(.noteOn(offset: 12))
        #expect(unshifted[1].events == second)
        // Bar 3 starts with the rest's note-off: kept.
        #expect(unshifted[2].events[0] == Self.id(.noteOff) && unshifted[2].events[8] == Self.id(.noteOn(offset: 12)))
        // +12 keeps every offset in -12...24 (the highest, C5, becomes 24): 3 windows twice.
        #expect(windows.count == 6 && windows[1].events[0] == Self.id(.noteOn(offset: 12)) && windows[3].events[24] == Self.id(.noteOn(offset: 24)))
        // +13 pushes C5 to 25: only the first window (C4, E4, G4) is left.
        #expect(MelodyLoop.windows(of: Self.tune, shifts: [13], minimumNotes: 1).count == 1)
        let jig = EncodedTune(name: "j", key: Key(tonic: 7, mode: .major), meter: try Meter(6, 8), startPosition: 0,
                              tokens: [.note(offset: 0, steps: 2), .note(offset: 2, steps: 2), .note(offset: 4, steps: 2), .note(offset: 5, steps: 42)])
        let jigWindows = MelodyLoop.windows(of: jig, hopBars: 2, minimumNotes: 1)
        #expect(jigWindows.map(\.events.count) == [24, 24])
        let (threeFour, twoFour) = (try Meter(3, 4), try Meter(2, 4))
        #expect(MelodyLoop.steps(in: threeFour) == 24 && MelodyLoop.steps(in: twoFour) == 16)
    }

    @Test("reading any file: the first 2 bars from the bar line before the first note, what was left counted")
    func melodyReading() throws {
        // 4/4 at 480 PPQ: a pickup E4 on beat 4 of bar 0... here simply bar 1 starts with a quarter rest.
        let notes = [Note(pitch: 62, velocity: 90, channel: 0, start: 480, duration: 480),   // D4, beat 2
                     Note(pitch: 64, velocity: 90, channel: 0, start: 960, duration: 1920),  // E4, over the bar line
                     Note(pitch: 67, velocity: 90, channel: 0, start: 3840, duration: 480),  // G4, bar 3: after the loop
                     Note(pitch: 55, velocity: 90, channel: 0, start: 960, duration: 480)]   // under E4: dropped
        let score = Score(ticksPerQuarter: 480, parts: [Part(name: "Tune", notes: notes)],
                          timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)],
                          keySignatures: [KeySignature(tick: 0, sharpsFlats: 2, minor: false)])
        let r = try MelodyLoopReading.read(from: score)
        #expect(r.loop.events.count == 32 && r.reference % 12 == r.key.tonic)
        var expected = [Int32](repeating: 0, count: 32)
        expected[4] = Self.id(.noteOn(offset: 62 - r.reference)); expected[8] = Self.id(.noteOn(offset: 64 - r.reference)); expected[24] = Self.id(.noteOff)
        #expect(r.loop.events == expected)
        #expect(r.notesTaken == 2 && r.notesAfter == 1 && r.primer.notesDropped == 1 && r.primer.track == 0)
    }

    @Test("drum windows and reading: 512-way step sets, two bars from the bar of the first hit")
    func drums() throws {
        let kickSnare: [DrumHits] = (0..<64).map { $0 % 8 == 0 ? .kick : $0 % 8 == 4 ? .snare : [] }
        let groove = DrumGroove(meter: .common, steps: kickSnare)
        let windows = DrumLoop.windows(of: groove)
        #expect(windows.count == 3 && windows.allSatisfy { $0.steps.count == 32 && $0.hitCount == 8 })
        #expect(windows[0].steps[0] == Int32(DrumHits.kick.rawValue) && windows[0].steps[4] == Int32(DrumHits.snare.rawValue))
        // A file whose hits start in bar 2 (tick 1920 at 480 PPQ).
        let notes = (0..<12).map { i in Note(pitch: i % 2 == 0 ? 36 : 38, velocity: 100, channel: 9, start: 1920 + i * 480, duration: 60) }
        let score = Score(ticksPerQuarter: 480, parts: [Part(name: "Drums", notes: notes)])
        let r = try DrumLoopReading.read(from: score)
        #expect(r.firstBar == 1 && r.loop.hitCount == 8 && r.hitsOutside == 4)
        #expect(r.loop.steps[0] == Int32(DrumHits.kick.rawValue) && r.loop.steps[4] == Int32(DrumHits.snare.rawValue))
    }

    @Test("a loop read in another meter: two bars of that meter's steps from the same bar line, the file's meter kept apart")
    func readingInAnotherMeter() throws {
        let sixEight = try Meter(6, 8)
        // 6/8 at 480 PPQ (12 steps a bar): G4 two steps long every 6 steps, 6 notes over 3 bars.
        let notes = (0..<6).map { Note(pitch: 67, velocity: 90, channel: 0, start: $0 * 720, duration: 240) }
        let score = Score(ticksPerQuarter: 480, parts: [Part(name: "Jig", notes: notes)],
                          timeSignatures: [TimeSignature(tick: 0, numerator: 6, denominator: 8)],
                          keySignatures: [KeySignature(tick: 0, sharpsFlats: 1, minor: false)])
        let own = try MelodyLoopReading.read(from: score)
        #expect(own.loop.events.count == 24 && own.loop.meter == sixEight && own.notesTaken == 4 && own.notesAfter == 2)
        let asCommon = try MelodyLoopReading.read(from: score, meter: .common)
        #expect(asCommon.loop.meter == .common && asCommon.primer.meter == sixEight)
        #expect(asCommon.notesTaken == 6 && asCommon.notesAfter == 0 && asCommon.notesCut == 0)
        var expected = [Int32](repeating: 0, count: 32)
        for start in stride(from: 0, to: 32, by: 6) {
            expected[start] = Self.id(.noteOn(offset: 67 - asCommon.reference))
            if start + 2 < 32 { expected[start + 2] = Self.id(.noteOff) }
        }
        #expect(asCommon.loop.events == expected)

        // Drums in 6/8: a kick every 3 steps over 4 bars (16 hits).
        let hits = (0..<16).map { Note(pitch: 36, velocity: 100, channel: 9, start: $0 * 360, duration: 60) }
        let drumScore = Score(ticksPerQuarter: 480, parts: [Part(name: "Drums", notes: hits)],
                              timeSignatures: [TimeSignature(tick: 0, numerator: 6, denominator: 8)])
        let drums = try DrumLoopReading.read(from: drumScore)
        #expect(drums.loop.steps.count == 24 && drums.loop.hitCount == 8 && drums.hitsOutside == 8 && drums.grooveMeter == drums.loop.meter)
        let drumsAsCommon = try DrumLoopReading.read(from: drumScore, meter: .common)
        #expect(drumsAsCommon.loop.meter == .common && drumsAsCommon.grooveMeter == sixEight && drumsAsCommon.firstBar == 0)
        #expect(drumsAsCommon.loop.steps == (0..<32).map { $0 % 3 == 0 ? Int32(DrumHits.kick.rawValue) : 0 })
        #expect(drumsAsCommon.loop.hitCount == 11 && drumsAsCommon.hitsOutside == 5)
    }

    @Test("a melody of loops writes its key signature unless told not to (loops of major and minor tunes)")
    func keySignatureOnlyWhenOneKeyMatches() throws {
        let events: [Int32] = [Self.id(.noteOn(offset: 3))] + Array(repeating: 0, count: 31)
        var sequence = LoopSequence(kind: .melody, items: [.init(name: "m", events: events)], meter: .common, tempo: 120,
                                    key: Key(tonic: 9, mode: .minor), reference: 69)
        #expect(sequence.writesKeySignature)
        #expect(sequence.score().keySignatures == [KeySignature(tick: 0, sharpsFlats: 0, minor: true)])
        sequence.writesKeySignature = false
        #expect(sequence.score().keySignatures.isEmpty && sequence.cellScores()[0].keySignatures.isEmpty)
        #expect(sequence.score().parts[0].notes.map(\.pitch) == [72])
    }

    @Test("a file of loops lasts exactly its loops: End of Track on the last loop's end, after a short last hit or a rest")
    func fileLastsItsLoops() throws {
        // Two drum loops whose last hit is on step 29 (a 16th long: it ends 2 steps before the loop).
        let drumEvents: [Int32] = (0..<32).map { $0 % 8 == 0 || $0 == 29 ? Int32(DrumHits.kick.rawValue) : 0 }
        let drums = LoopSequence(kind: .drums, items: [.init(name: "a", events: drumEvents), .init(name: "b", events: drumEvents)],
                                 meter: .common, tempo: 120, key: Key(tonic: 0, mode: .major), reference: 60)
        let drumsRead = try Score.read(bytes: drums.score(ticksPerQuarter: 480).bytes(), options: .strict).score
        #expect(drumsRead.trackEndTick == 2 * 32 * 120)
        let drumNotes = drumsRead.parts.flatMap(\.notes)
        #expect(drumNotes.count == 10 && drumNotes.map(\.end).max() == (32 + 29) * 120 + 120)
        #expect(drumsRead.parts.flatMap(\.texts).map(\.text) == ["a", "b", "end"])
        // One 6/8 melody loop: a note, its note-off at step 4, then nothing to the loop's end.
        let melodyEvents: [Int32] = [20, 0, 0, 0, 1] + Array(repeating: 0, count: 19)
        let melody = LoopSequence(kind: .melody, items: [.init(name: "m", events: melodyEvents)],
                                  meter: try Meter(6, 8), tempo: 100, key: Key(tonic: 7, mode: .major), reference: 67)
        let melodyRead = try Score.read(bytes: melody.score(ticksPerQuarter: 480).bytes(), options: .strict).score
        #expect(melody.loopSteps == 24 && melodyRead.trackEndTick == 24 * 120)
        #expect(melodyRead.parts.flatMap(\.notes).map(\.end) == [4 * 120])
        // A grid cell's picture has no end marker.
        #expect(melody.cellScores()[0].parts.flatMap(\.texts).map(\.text) == ["m"])
    }

    static func tinyModel(_ kind: LoopKind) -> LoopsModel {
        var options = VAETrainingOptions()
        options.encoderHidden = 6; options.latentSize = 4; options.decoderHidden = 10; options.decoderLayers = 1
        let shape = LoopsTraining.shape(kind, options)
        return LoopsModel(vae: SequenceVAE(shape: shape, seed: 11), config: LoopsModelConfig(weights: "", kind: kind, shape: shape))
    }

    @Test("interpolation and grid endpoints are the corners' reconstructions; sampling is seeded; files round-trip")
    func latentOperations() throws {
        for kind in LoopKind.allCases {
            let model = Self.tinyModel(kind)
            let loops: [[Int32]] = (0..<4).map { k in (0..<32).map { Int32(($0 * (k + 3)) % kind.classes) } }
            let codes = model.encode(loops)
            #expect(codes.count == 4 && codes.allSatisfy { $0.count == 4 })
            let reconstructions = model.decode(codes, steps: 32)
            let path = model.decode(model.interpolate(codes[0], codes[1], count: 9), steps: 32)
            #expect(path.count == 9 && path.first == reconstructions[0] && path.last == reconstructions[1])
            let grid = model.decode(model.grid(corners: codes, size: 6), steps: 32)
            #expect(grid.count == 36)
            #expect(grid[0] == reconstructions[0] && grid[5] == reconstructions[1] && grid[30] == reconstructions[2] && grid[35] == reconstructions[3])
            let a = model.sample(count: 3, steps: 24, temperature: 1, seed: 5), b = model.sample(count: 3, steps: 24, temperature: 1, seed: 5)
            #expect(a == b && a.count == 3 && a.allSatisfy { $0.count == 24 })
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("loops.json")
        let model = Self.tinyModel(.drums)
        try model.save(to: url)
        let loaded = try LoopsModel.load(from: url)
        #expect(loaded.kind == .drums && loaded.vae.parameters == model.vae.parameters)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("loops.safetensors").path))
    }

    @Test("metrics: note F1, smooth paths, KL of the prior is 0 bits")
    func metrics() {
        let truth: [[Int32]] = [[2, 0, 0, 5, 1, 0]], decoded: [[Int32]] = [[2, 0, 0, 6, 0, 0]]
        let n = LoopMetrics.noteCounts(decoded, truth, kind: .melody)
        #expect(n.right == 1 && n.predicted == 2 && n.actual == 2 && LoopMetrics.f1(right: 1, predicted: 2, actual: 2) == 0.5)
        #expect(LoopMetrics.matchingSteps(decoded, truth) == (same: 4, steps: 6))
        let a: [Int32] = [0, 0, 0, 0], b: [Int32] = [1, 0, 0, 0], c: [Int32] = [1, 1, 0, 0], d: [Int32] = [1, 1, 1, 1]
        #expect(LoopMetrics.isSmooth([a, b, c, d]))
        #expect(!LoopMetrics.isSmooth([a, c, a, d]))   // falls from 2 to 0, a step's worth is 4/3
        #expect(LoopMetrics.klBits(mean: [0, 0], scale: [1, 1], latent: 2) == [0])
    }

    @Test("evaluation parts: the validation tunes (or grooves) that pick the epoch, apart from the held-out ones")
    func evaluationParts() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["jig-g-major.mid", "melody-d-minor.mid", "primer.mid"] {
            try FileManager.default.copyItem(atPath: TestPaths.sample(name), toPath: dir.appendingPathComponent(name).path)
        }
        // 3 tunes: 1 held out, 1 of the other 2 validated on, 1 trained on.
        let corpus = try LoopsCorpus.load(.melody, directory: dir, split: .heldOut(fraction: 0.34, seed: 2024), validation: 0.5,
                                          shifts: [0], hopBars: 2)
        #expect(corpus.heldOutItems == 1 && corpus.validationItems == 1 && corpus.trainingItems == 1)
        #expect(corpus.validationTunes.count == 1 && corpus.heldOutTunes.count == 1)
        #expect(corpus.validationTunes[0].name != corpus.heldOutTunes[0].name)
        let validation = LoopsEvaluation.windows(of: corpus, part: .validation)
        let heldOut = LoopsEvaluation.windows(of: corpus, part: .heldOut)
        #expect(!validation.isEmpty && !heldOut.isEmpty)
        // Cut as the trainer validates (2 bars apart here), with the tune's key.
        #expect(validation.map(\.events) == corpus.validation)
        #expect(validation.allSatisfy { $0.key == corpus.validationTunes[0].key })
        #expect(heldOut.map(\.events) == corpus.heldOut)
        #expect(LoopsEvaluation.windows(of: corpus).map(\.events) == corpus.heldOut)

        let drums = LoopsCorpus(kind: .drums, files: 2, splitDescription: "test", trainingItems: 0, validationItems: 1, heldOutItems: 1,
                                training: [], validation: [[1, 2, 3]], heldOut: [[4, 5]], heldOutTunes: [], shifts: [0])
        #expect(LoopsEvaluation.windows(of: drums, part: .validation).map(\.events) == [[1, 2, 3]])
        #expect(LoopsEvaluation.windows(of: drums, part: .heldOut).map(\.events) == [[4, 5]])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.packageRoot.appendingPathComponent("Models/loops-melody.json").path),
                   "Models/loops-melody.json not shipped"))
    func shippedModelLoads() throws {
        let model = try ModelCatalog.loadLoops(.melody)
        #expect(model.kind == .melody && model.vae.shape.classes == StepEvent.classCount)
        #expect(model.config.training != nil)
    }
}
