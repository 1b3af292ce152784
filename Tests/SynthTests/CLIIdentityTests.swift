import TestSupport
import Foundation
import SMF
import Synth
import Testing

/// Our renders against `fluidsynth -ni -g 0.2 -F cli.wav -O float -r RATE SF FILE.mid` (FluidSynth
/// 2.3.1): every sample we write equals the CLI's (Float ==); the CLI goes on longer (until no voice
/// is active, then 2 s), and every sample of its that we leave out is under -90 dBFS.
@Suite("CLI identity", .serialized,
       .enabled(if: Support.fluidsynthCLI != nil && Support.soundFont != nil,
                "needs the fluidsynth CLI on PATH (apt-get install --no-install-recommends fluidsynth) and a SoundFont"))
struct CLIIdentityTests {
    func compare(midi: MIDIFile, midiPath: String, sampleRate: Int = 44100, effects: Bool = true) throws {
        let sf = try #require(Support.soundFont)
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cli = try Support.renderWithCLI(midiPath: midiPath, soundFont: sf, in: dir, sampleRate: sampleRate,
                                            extra: effects ? [] : ["-R", "0", "-C", "0"])
        let configuration = SynthesizerConfiguration(soundFontPath: sf, sampleRate: Double(sampleRate),
                                                     gain: SynthesizerConfiguration.fluidSynthDefaultGain,
                                                     reverb: effects, chorus: effects)
        let ours = try render(midi, configuration: configuration)
        let label = "\(URL(fileURLWithPath: midiPath).lastPathComponent) at \(sampleRate) Hz, effects \(effects)"
        #expect(cli.sampleRate == Double(sampleRate))
        #expect(cli.frameCount > 0)
        #expect(ours.frameCount < cli.frameCount, "\(label): frame count \(ours.frameCount), CLI \(cli.frameCount)")
        let n = min(ours.samples.count, cli.samples.count)
        let diff = Support.firstDifference(Array(ours.samples[0..<n]), Array(cli.samples[0..<n]))
        #expect(diff == nil, "\(label): first differing sample \(diff.map { "\($0.index) (frame \($0.index / 2)), \($0.count) differ" } ?? "")")
        let threshold = Float(pow(10, -90.0 / 20))
        let loudestLeftOut = cli.samples[n...].reduce(Float(0)) { max($0, abs($1)) }
        #expect(loudestLeftOut < threshold, "\(label): the CLI's samples after ours reach \(20 * log10(loudestLeftOut)) dBFS")
    }

    func writeTemporary(_ file: MIDIFile, name: String, body: (String) throws -> Void) throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try Data(Support.encode(file)).write(to: URL(fileURLWithPath: path))
        try body(path)
    }

    @Test("one note")
    func oneNote() throws {
        try writeTemporary(Support.oneNote(), name: "one.mid") { try compare(midi: Support.oneNote(), midiPath: $0) }
    }

    @Test("multi-channel file: tempo changes, programs, CC, sustain, pitch bend, sysex, drums",
          arguments: [(44100, true), (48000, true), (96000, true), (22050, false)])
    func multiChannel(sampleRate: Int, effects: Bool) throws {
        let file = Support.multiChannel()
        try writeTemporary(file, name: "multi.mid") { try compare(midi: file, midiPath: $0, sampleRate: sampleRate, effects: effects) }
    }

    @Test("corpus song songs/Avgvst_AtTheLake.mid, read with MIDIFile(contentsOf:)",
          .enabled(if: Support.corpus != nil, "../shared/corpus not found next to the package root"))
    func corpusSong() throws {
        let corpus = try #require(Support.corpus)
        let url = corpus.appendingPathComponent("songs/Avgvst_AtTheLake.mid")
        try compare(midi: try MIDIFile(contentsOf: url), midiPath: url.path)
    }
}
