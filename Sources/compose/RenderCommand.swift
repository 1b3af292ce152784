import ArgumentParser
import Foundation
import Pictures
import SMF
import Synth

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a MIDI file to WAV with FluidSynth.",
        discussion: """
        Renders from LittleMozart's own parsed events in 64-frame blocks (so SMPTE-division files \
        render too), then the tail until every voice is silent (at most 10 s). With --gain 0.2 \
        --format float the samples equal `fluidsynth -ni -F out.wav -O float`. SoundFont lookup: \
        --soundfont, $SOUNDFONT, /usr/share/sounds/sf2/default-GM.sf2, FluidR3_GM.sf2, \
        TimGM6mb.sf2, /usr/share/sounds/sf3/default-GM.sf3.
        """
    )

    @Argument(help: "The Standard MIDI File to render.")
    var file: String

    @Option(help: "Where to write the WAV file (default: the input's name with .wav).")
    var out: String?

    @Option(help: "SoundFont (.sf2/.sf3) to use.")
    var soundfont: String?

    @Option(name: .customLong("sample-rate"), help: "Sample rate in Hz (8000-96000).")
    var sampleRate: Double = 44100

    @Option(help: "Master gain, linear 0-10 (FluidSynth's own default is 0.2, which is quiet).")
    var gain: Double = 0.5

    @Option(help: "Sample format: s16 (16-bit PCM) or float (32-bit float).")
    var format: SampleFormatArgument = .s16

    @Flag(name: .customLong("no-reverb"), help: "Turn FluidSynth's reverb off.")
    var noReverb = false

    @Flag(name: .customLong("no-chorus"), help: "Turn FluidSynth's chorus off.")
    var noChorus = false

    @Option(help: "Also draw the rendered audio's waveform and spectrogram to this .png (or .svg) file.")
    var plot: String?

    @Option(name: .customLong("plot-width"), help: "Width of the --plot picture in pixels (240-20000).")
    var plotWidth: Int = 1200

    func validate() throws {
        guard (8000...96000).contains(sampleRate), sampleRate == sampleRate.rounded() else {
            throw ValidationError("--sample-rate must be a whole number of Hz in 8000...96000, got \(sampleRate)")
        }
        guard (0...10).contains(gain) else { throw ValidationError("--gain must be 0...10, got \(gain)") }
        if let plot { _ = try PictureFormat(path: plot) }
        guard (240...20000).contains(plotWidth) else { throw ValidationError("--plot-width must be 240...20000 pixels, got \(plotWidth)") }
    }

    func run() throws {
        let midi = try readMIDIFileLeniently(file)
        let soundFontPath = try SoundFontLocator().locate(explicitPath: soundfont)
        let outPath = out ?? (URL(fileURLWithPath: file).deletingPathExtension().path + ".wav")
        guard URL(fileURLWithPath: outPath).resolvingSymlinksInPath() != URL(fileURLWithPath: file).resolvingSymlinksInPath() else {
            throw ValidationError("--out \(outPath) is the input file; choose another name")
        }
        let start = Date()
        let audio = try render(midi, configuration: SynthesizerConfiguration(
            soundFontPath: soundFontPath, sampleRate: sampleRate, gain: gain, reverb: !noReverb, chorus: !noChorus))
        try WAVWriter(format: format.wavFormat).write(audio, to: outPath)
        let seconds = Date().timeIntervalSince(start)
        let clipped = format == .s16 ? audio.samples.reduce(0) { $0 + (abs($1) > 1 ? 1 : 0) } : 0
        if clipped > 0 {
            printError(String(format: "warning: %d samples (%.2f%%) clipped at full scale (peak %+.1f dBFS); try a lower --gain, e.g. %.2f",
                              clipped, 100 * Double(clipped) / Double(audio.samples.count), audio.peakDBFS,
                              gain / Double(audio.peak) * 0.9))
        }
        print(String(format: "%@: %.2f s of audio, %d frames at %.0f Hz, peak %.1f dBFS, rendered in %.2f s with %@",
                     outPath, audio.durationSeconds, audio.frameCount, sampleRate, audio.peakDBFS, seconds,
                     (soundFontPath as NSString).lastPathComponent))
        if let plot {
            try AudioPlot(samples: audio.mono, sampleRate: sampleRate, options: .init(
                width: plotWidth, title: "\((outPath as NSString).lastPathComponent) (\((soundFontPath as NSString).lastPathComponent))")).write(to: plot)
            print("\(plot): waveform and spectrogram")
        }
    }
}

enum SampleFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case s16, float
    var wavFormat: WAVSampleFormat { self == .s16 ? .pcm16 : .float32 }
}
