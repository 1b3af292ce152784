import Composer
import Foundation
import Music
import SMF
import Synth
import Testing
import TestSupport
@testable import Transcription

/// compose -> render -> transcribe -> compare: a melody from the shipped Markov model with
/// arpeggiated chords from the shipped harmony model, rendered by FluidSynth (the default SoundFont, gain 0.5),
/// transcribed by the shipped Piano Scribe model, scored with mir_eval's metrics.
@Suite struct TranscriptionRoundTripTests {
    /// The shipped model, found as `compose transcribe` finds it (`$LITTLEMOZART_MODELS` first).
    static let modelURL = try? TranscriptionEvaluation.locateModel()
    static let soundFont = try? SoundFontLocator().locate()
    static let ready = modelURL != nil && soundFont != nil

    /// Onset F1 the shipped model must reach on this piece: measured 0.691 (onset+offset 0.507,
    /// frame 0.740; 113 notes found for 104) with Piano Scribe at epoch 114 (session 9: generated
    /// material and a third training SoundFont) through FluidR3_GM at the decoding defaults (onset
    /// 0.2, frame 0.2; docs/transcription.md), less a margin for FluidSynth or OpenBLAS versions.
    /// This one piece went down from epoch 49 (0.737) while 74 of the 77 held-out pieces went up
    /// (mean 0.819 -> 0.862); epoch 15: 0.690; the epoch-6 weights: 0.736.
    static let minimumOnsetF1 = 0.65

    @Test(.enabled(if: ready, "needs Models/piano-scribe.json and a SoundFont (apt-get install fluid-soundfont-gm or timgm6mb-soundfont)"))
    func composedRenderedAndTranscribedBack() throws {
        let dir = try TestPaths.temporaryDirectory("TranscriptionRoundTrip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let melody = try ModelCatalog.loadMarkovMelody().compose(bars: 8, key: Key(tonic: 2, mode: .major), tempo: 100, seed: 11).score()
        let piece = try Harmonizer.chords(for: melody, model: ModelCatalog.loadHarmony(), chordsPerBar: 2, style: .arpeggio, program: 0).score
        let wav = dir.appendingPathComponent("piece.wav").path
        _ = try Renderer(configuration: SynthesizerConfiguration(soundFontPath: Self.soundFont)).render(piece.midiFile(), toWAV: wav)

        let transcription = try PianoTranscriber(model: PianoScribeModel.load(from: Self.modelURL!)).transcribe(path: wav)
        let reference = ReferenceNotes(score: piece).notes, estimate = ReferenceNotes(score: transcription.score()).notes
        #expect(reference.count > 40)
        let scores = try TranscriptionScores(reference: reference, estimate: estimate)
        print("round trip (\((Self.soundFont! as NSString).lastPathComponent)): \(reference.count) notes, \(estimate.count) found; "
              + String(format: "onset F1 %.3f, onset+offset F1 %.3f, frame F1 %.3f", scores.onset.f1, scores.onsetOffset.f1, scores.frame.f1))
        #expect(scores.onset.f1 >= Self.minimumOnsetF1)
    }
}
