import AudioAnalysis
import Foundation
import SMF
import Synth

/// How one training piece is rendered: its SoundFont, reverb and chorus, tempo, and optionally a
/// change of the piano's sound (`PianoTimbre`; nil in sets made before it, which decode unchanged).
package struct RenderVariant: Sendable, Hashable, Codable {
    /// SoundFont path.
    package var soundFont: String
    package var reverb: Bool
    package var chorus: Bool
    /// Microseconds per quarter multiplied by this (above 1: slower).
    package var tempoFactor: Double
    /// Program and generator offsets; nil: the SoundFont's Acoustic Grand Piano as it is.
    package var timbre: PianoTimbre?

    package init(soundFont: String, reverb: Bool, chorus: Bool, tempoFactor: Double, timbre: PianoTimbre? = nil) {
        self.soundFont = soundFont
        self.reverb = reverb
        self.chorus = chorus
        self.tempoFactor = tempoFactor
        self.timbre = timbre
    }
}

/// Renders MIDI files as piano through FluidSynth and turns the audio into log-mel frames the way
/// transcription reads any recording: a 16-bit 44.1 kHz WAV (gain 0.5, as `compose render`), then
/// `MonoAudioStream` (mono, 16 kHz) and `LogMelAnalyzer`. Keeps one `Renderer` per SoundFont,
/// reverb and chorus, so each SoundFont loads once per setting; safe to use from several threads.
package final class TrainingRenderer: @unchecked Sendable {
    private let lock = NSLock()
    private var renderers: [String: Renderer] = [:]
    package let logMel: LogMelSettings
    /// Where the temporary WAV files go.
    package let scratch: URL

    package init(logMel: LogMelSettings = LogMelSettings(), scratch: URL) {
        self.logMel = logMel
        self.scratch = scratch
    }

    private func renderer(_ v: RenderVariant) throws -> Renderer {
        let key = "\(v.soundFont)|\(v.reverb)|\(v.chorus)"
        lock.lock(); defer { lock.unlock() }
        if let r = renderers[key] { return r }
        let r = try Renderer(configuration: SynthesizerConfiguration(soundFontPath: v.soundFont, gain: 0.5, reverb: v.reverb, chorus: v.chorus))
        renderers[key] = r
        return r
    }

    /// The piece's log-mel frames (`frames x melBins`, dB), its notes in frames (sustained by the
    /// pedal, `PianoPerformance.labelNotes`) and where its sustain pedal is down.
    /// - Throws: `SynthError` from rendering, `AudioAnalysisError` from reading the render back.
    package func render(_ file: MIDIFile, variant: RenderVariant, name: String) throws -> (frames: [Float], count: Int, notes: [PianoNote], pedal: [PedalInterval]) {
        let piano = PianoPerformance.piano(file, tempoFactor: variant.tempoFactor, timbre: variant.timbre)
        let notes = PianoPerformance.labelNotes(piano, framesPerSecond: logMel.framesPerSecond)
        let pedal = PianoPerformance.pedalIntervals(piano, framesPerSecond: logMel.framesPerSecond)
        let wav = scratch.appendingPathComponent("render-\(ProcessInfo.processInfo.processIdentifier)-\(name).wav")
        defer { try? FileManager.default.removeItem(at: wav) }
        _ = try renderer(variant).render(piano, toWAV: wav.path, format: .pcm16)
        let stream = try MonoAudioStream(path: wav.path, sampleRate: logMel.sampleRate)
        let analyzer = try LogMelAnalyzer(settings: logMel)
        var frames: [Float] = []
        try analyzer.analyse(stream) { frames += $0 }
        return (frames, frames.count / logMel.melBins, notes, pedal)
    }
}
