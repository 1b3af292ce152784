import Synth

/// Everything the `piano` command line can set.
package struct PianoOptions: Sendable {
    package var layout: KeyLayout = .tracker
    package var soundFont: String?
    package var device = "default"
    /// nil: `LiveOutputConfiguration.defaultPeriodSize(for:sampleRate:)`.
    package var periodSize: Int?
    package var periods = LiveOutputConfiguration.defaultPeriods
    package var sampleRate = 44100.0
    package var gain = 0.5
    package var reverb = true
    /// Play into this WAV file (FluidSynth's real-time file driver) instead of ALSA.
    package var audioFile: String?
    /// Release timeout (ms) for terminals without the kitty protocol.
    package var releaseTimeout = 600
    /// Use the kitty keyboard protocol when the terminal supports it.
    package var useKitty = true
    package var midiIn = false
    /// "client:port" to connect MIDI input from; nil with `midiIn` connects every hardware input.
    package var midiConnect: String?
    package var journalPath = Journal.defaultPath()
    package var program = 0
    package var channel = 0
    package var octave = 4
    package var velocity = 80
    package var bpm = 120.0
    package init() {}
}
