/// Settings for a `Synthesizer`, fixed when it is created.
///
/// Defaults match the `fluidsynth` command line (44100 Hz, reverb and chorus on) except `gain`:
/// FluidSynth's own default gain is 0.2, which is quiet (a single piano note peaks near -25 dBFS),
/// so this tool uses 0.5. Use `gain: 0.2` to reproduce `fluidsynth -F` output exactly.
public struct SynthesizerConfiguration: Sendable, Hashable {
    /// The SoundFont to load, or nil to let `SoundFontLocator` find one.
    public var soundFontPath: String?
    /// Output sample rate in Hz (FluidSynth accepts 8000...96000). Default 44100.
    public var sampleRate: Double
    /// Master gain, a linear factor (FluidSynth accepts 0...10). Default 0.5 (FluidSynth's is 0.2).
    public var gain: Double
    /// FluidSynth's reverb unit (`synth.reverb.active`). Default on, as in the CLI.
    public var reverb: Bool
    /// FluidSynth's chorus unit (`synth.chorus.active`). Default on, as in the CLI.
    public var chorus: Bool

    /// FluidSynth's own default gain, as used by the `fluidsynth` CLI when `-g` is not given.
    public static let fluidSynthDefaultGain = 0.2

    /// - Parameters:
    ///   - soundFontPath: a .sf2/.sf3 file, or nil to use `SoundFontLocator`'s lookup.
    ///   - sampleRate: Hz, 8000...96000.
    ///   - gain: linear master gain, 0...10.
    ///   - reverb: FluidSynth's reverb on or off.
    ///   - chorus: FluidSynth's chorus on or off.
    public init(soundFontPath: String? = nil, sampleRate: Double = 44100, gain: Double = 0.5,
                reverb: Bool = true, chorus: Bool = true) {
        self.soundFontPath = soundFontPath
        self.sampleRate = sampleRate
        self.gain = gain
        self.reverb = reverb
        self.chorus = chorus
    }
}
