import ArgumentParser
import Foundation
import Pictures
import SMF
import Synth

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a MIDI file to WAV (or FLAC, Ogg Vorbis, AIFF) with FluidSynth.",
        discussion: """
        Renders from LittleMozart's own parsed events in 64-frame blocks (so SMPTE-division files \
        render too), streaming to the audio file (memory does not grow with the song). --out's \
        extension names the format: .wav, .flac (16-bit), .ogg/.oga (Ogg Vorbis), .aif/.aiff; a batch \
        writes .wav files. A note never \
        ended is released at the end of its track (with a warning). The tail ends once the sound has \
        stayed under -90 dBFS for 100 ms (at most 10 s after the last event). With --gain 0.2 \
        --format float the samples equal `fluidsynth -ni -F out.wav -O float` as far as ours go. SoundFont lookup: \
        --soundfont, $SOUNDFONT (when set, it must name a file), /usr/share/sounds/sf2/default-GM.sf2, FluidR3_GM.sf2, \
        TimGM6mb.sf2, /usr/share/sounds/sf3/default-GM.sf3.
        """
    )

    @Argument(help: ArgumentHelp("The Standard MIDI File to render; or several files, folders (searched recursively) and quoted glob patterns for a batch.",
                                 valueName: "file"))
    var files: [String]

    @Option(help: "Where to write the audio, in the format its extension names: .wav, .flac, .ogg/.oga (Ogg Vorbis), .aif/.aiff (default: the input's name with .wav). One input only.")
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

    @Option(name: .customLong("max-duration"), help: "Refuse songs longer than this many seconds up to their last event (a damaged delta time can make a file last hundreds of hours).")
    var maxDuration: Double = RenderOptions().maximumDurationSeconds

    @OptionGroup var reading: ReadingOptions

    @OptionGroup(title: "Batch options")
    var batch: BatchOptions

    @Option(help: "Also draw the rendered audio's waveform and spectrogram to this .png (or .svg) file. One input only.")
    var plot: String?

    @Option(name: .customLong("plot-width"), help: "Width of the --plot picture in pixels (240-20000).")
    var plotWidth: Int = 1200

    @Flag(help: "Print a JSON summary of the run on stdout (counts, failures, each file's status) instead of a line per file.")
    var json = false

    func validate() throws {
        guard (8000...96000).contains(sampleRate), sampleRate == sampleRate.rounded() else {
            throw ValidationError("--sample-rate must be a whole number of Hz in 8000...96000, got \(sampleRate)")
        }
        guard (0...10).contains(gain) else { throw ValidationError("--gain must be 0...10, got \(gain)") }
        guard maxDuration > 0 else { throw ValidationError("--max-duration must be above 0 s, got \(maxDuration)") }
        if out != nil && (BatchInputs.isBatch(files) || batch.outDir != nil) {
            throw ValidationError("--out names one output file: give one input file, or use --out-dir for a batch")
        }
        if plot != nil && isBatch {
            throw ValidationError("--plot names one picture: give one input file without batch options")
        }
        if let plot { _ = try PictureFormat.validated(path: plot) }
        guard (240...20000).contains(plotWidth) else { throw ValidationError("--plot-width must be 240...20000 pixels, got \(plotWidth)") }
    }

    /// Refuses an --out whose extension names no format written, or FLAC with --format float
    /// (after the check that it is not an input, whose message says more).
    /// - Throws: `ValidationError` (exit 64) naming --out and its value.
    func checkOutFormat(_ out: String) throws {
        let fileFormat = try audioFileFormat(of: out, option: "--out")
        guard fileFormat.holds(format.wavFormat) else {
            throw ValidationError("--out \(out): FLAC holds 16-bit samples, not --format \(format.rawValue); use .wav or .aif for float")
        }
    }

    var isBatch: Bool { BatchInputs.isBatch(files) || batch.asksForBatch || json }

    var synthesizerConfiguration: SynthesizerConfiguration {
        SynthesizerConfiguration(soundFontPath: soundfont, sampleRate: sampleRate, gain: gain, reverb: !noReverb, chorus: !noChorus)
    }

    var renderOptions: RenderOptions { RenderOptions(maximumDurationSeconds: maxDuration) }

    func run() throws {
        if isBatch { return try runBatch() }
        let file = files[0]
        let outPath = out ?? (URL(fileURLWithPath: file).deletingPathExtension().path + ".wav")
        if out == nil, isSameFile(outPath, file) {
            throw ValidationError("\(file): the output would be the input itself (without --out, render writes the input's name with .wav); "
                                  + "name the audio file with --out, e.g. --out \(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)-audio.wav")
        }
        try refuseOverwritingInput(out: outPath, inputs: [("the input file", file), ("--soundfont", soundfont)])
        try checkOutFormat(outPath)
        if let plot { try refuseOverwritingInput(out: plot, option: "--plot", inputs: [("the input file", file), ("--soundfont", soundfont), ("--out", outPath)]) }
        let midi = try readMIDIFile(file, strict: reading.strict)
        let soundFontPath = try SoundFontLocator().locate(explicitPath: soundfont)
        var configuration = synthesizerConfiguration
        configuration.soundFontPath = soundFontPath
        let renderer = try Renderer(configuration: configuration)
        // Only --plot keeps the audio (its mono mix); the WAV file is streamed. Ctrl-C (or SIGTERM)
        // stops the render at the next block and removes the temporary file: no output is left.
        var mono: [Float] = []
        let keepMono = plot != nil
        let interrupt = Interrupt.catching([SIGINT, SIGTERM], secondKills: true)
        defer { interrupt.restore() }
        let observe: (UnsafeBufferPointer<Float>) throws -> Void = { block in
            if Interrupt.requested {
                let byTerm = Interrupt.signalNumber == SIGTERM
                throw StatusError(byTerm ? .terminated : .interrupted,
                                  "\(file): \(byTerm ? "stopped by SIGTERM" : "interrupted"); \(outPath) was not written")
            }
            guard keepMono else { return }
            for i in stride(from: 0, to: block.count, by: 2) { mono.append(0.5 * (block[i] + block[i + 1])) }
        }
        let outcome = try FileFailure.naming(file) {
            try Self.render(midi, to: outPath, with: renderer, options: renderOptions, format: format, observe: observe)
        }
        for warning in outcome.warnings { printError(warning) }
        if !batch.quiet { print(outcome.line ?? "") }
        if let plot {
            try AudioPlot(samples: mono, sampleRate: sampleRate, options: .init(
                width: plotWidth, title: "\((outPath as NSString).lastPathComponent) (\((soundFontPath as NSString).lastPathComponent))")).write(to: plot)
            if !batch.quiet { print("\(plot): waveform and spectrogram") }
        }
    }

    /// Renders `midi` with `renderer` straight into `outPath` (streamed, written atomically), and
    /// returns the line to print with the warnings (notes never ended, a tail cut at the cap,
    /// clipping). `observe` also gets every block of audio.
    static func render(_ midi: MIDIFile, to outPath: String, with renderer: Renderer, options: RenderOptions,
                       format: SampleFormatArgument, observe: ((UnsafeBufferPointer<Float>) throws -> Void)? = nil) throws -> BatchOutcome {
        let start = Date()
        let summary = try renderer.render(midi, toWAV: outPath, format: format.wavFormat, fileFormat: AudioFileFormat(path: outPath) ?? .wav,
                                          options: options, observe: observe)
        let seconds = Date().timeIntervalSince(start)
        var warnings: [String] = []
        if let first = summary.unendedNotes.first {
            let count = summary.unendedNotes.count
            warnings.append("warning: \(outPath): \(count == 1 ? "1 note" : "\(count) notes") never ended (e.g. note \(first.note) "
                            + "on channel \(first.channel + 1) of track \(first.track) from tick \(first.onTick)); "
                            + "released at the end of \(count == 1 ? "its track" : "their tracks")")
        }
        if case .tailCap(let level) = summary.ending {
            warnings.append(String(format: "warning: %@: the tail was cut %.0f s after the last event, still at %.1f dBFS",
                                   outPath, options.maximumTailSeconds, level))
        }
        let clipped = format == .s16 ? summary.samplesOverFullScale : 0
        let gain = renderer.configuration.gain
        if clipped > 0 {
            warnings.append(String(format: "warning: %@: %d samples (%.2f%%) clipped at full scale (peak %+.1f dBFS); try a lower --gain, e.g. %.2f",
                                   outPath, clipped, 100 * Double(clipped) / Double(summary.sampleCount), summary.peakDBFS,
                                   gain / Double(summary.peak) * 0.9))
        }
        let line = String(format: "%@: %.2f s of audio, %d frames at %.0f Hz, peak %.1f dBFS, rendered in %.2f s with %@",
                          outPath, summary.durationSeconds, summary.frameCount, renderer.configuration.sampleRate, summary.peakDBFS, seconds,
                          ((renderer.configuration.soundFontPath ?? "") as NSString).lastPathComponent)
        return BatchOutcome(line: line, warnings: warnings)
    }

    /// Renders every input to a WAV file (next to it, or mirrored under --out-dir), one `Renderer`
    /// (SoundFont loaded once) per worker.
    func runBatch() throws {
        let jobs = try batch.plan(files, newExtension: "wav")
        if let out, let only = jobs.first, jobs.count == 1 {
            // A single file with --json: keep its --out.
            try refuseOverwritingInput(out: out, inputs: [("the input file", only.input.path), ("--soundfont", soundfont)])
            try checkOutFormat(out)
            return try runJobs([BatchJob(index: 0, input: only.input, output: out)])
        }
        try runJobs(jobs)
    }

    private func runJobs(_ jobs: [BatchJob]) throws {
        let configuration = synthesizerConfiguration
        let format = self.format, quiet = batch.quiet, json = self.json, options = renderOptions, readOptions = reading.readOptions
        // FluidSynth's own notes ("Instrument not found ... substituted") are not errors: --quiet hides them.
        if quiet { LiveOutput.setFluidLogging(false) }
        let runner = BatchRunner(command: "render", jobs: jobs, workerCount: batch.workerCount, overwrite: batch.overwrite,
                                 showProgress: !quiet, shard: batch.shard, journalFolder: batch.outDir)
        let summary = try runner.run(makeWorker: {
            let renderer = try Renderer(configuration: configuration)
            return { job in
                let result = try MIDIFile.read(contentsOf: URL(fileURLWithPath: job.input.path), options: readOptions)
                var outcome = try Self.render(result.file, to: job.output!, with: renderer, options: options, format: format)
                if let warning = readingWarning(job.input.path, result) { outcome.warnings.insert(warning, at: 0) }
                return outcome
            }
        }, report: { _, result in
            guard !quiet, !json, case .done(let outcome) = result else { return }
            for warning in outcome.warnings { printError(warning) }
            if let line = outcome.line { print(line) }
        })
        try summary.finish(json: json, quiet: quiet)
    }
}

enum SampleFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case s16, float
    var wavFormat: WAVSampleFormat { self == .s16 ? .pcm16 : .float32 }
}
