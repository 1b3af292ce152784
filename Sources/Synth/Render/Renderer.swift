import Foundation
import SMF

/// Renders Standard MIDI Files to audio with a `Synthesizer`, from this package's parsed events,
/// streaming: each 64-frame block goes to a sink (or a WAV file) as it is made, so memory stays
/// flat whatever the song's length.
///
/// The events are timed exactly as FluidSynth 2.3.1's own MIDI player times them (see
/// `PlayerSchedule`) and are sent from the same point of FluidSynth's render loop (see the
/// internal `BlockClock`), one 64-frame block at a time. The end of the song:
/// 1. a note that no event ends is released (note-off) at the end of its track
///    (`RenderSummary.unendedNotes`; FluidSynth's player would let it sound forever);
/// 2. at the block where the last track runs out of events, if voices are still sounding, the
///    sustain (CC 64) and sostenuto (CC 66) pedals are released on all 16 channels (once), as
///    FluidSynth's player does;
/// 3. the tail: from that block on, the render ends once the output (peak of each block, both
///    channels) has stayed under `RenderOptions.silenceThresholdDBFS` (-90 dBFS) for
///    `RenderOptions.silenceWindowMilliseconds` (100 ms, whole blocks); that window is the end of
///    the audio. `RenderOptions.maximumTailSeconds` (10 s after the last event) caps the tail
///    (`RenderSummary.Ending.tailCap`).
///
/// With gain 0.2 (`SynthesizerConfiguration.fluidSynthDefaultGain`), reverb and chorus on, every
/// sample is identical to `fluidsynth -ni -g 0.2 -F out.wav -O float SF FILE.mid` as far as ours
/// goes (checked at 22050, 32000, 44100, 48000, 88200 and 96000 Hz); the CLI then goes on until
/// no voice is active plus 2 s (`FLUID_PLAYER_STOP_GRACE_MS`), samples all under the threshold.
/// Unlike FluidSynth's player this also renders SMPTE-division files, and any `MIDIFile` value.
///
/// Every render uses a fresh `Synthesizer` made from `configuration`: a reused synth does not
/// give the same samples (voice slots, filter and chorus LFO states carry over even after a system
/// reset; measured up to 0.19 full scale with chorus on), and the output must not depend on what
/// was rendered before. The SoundFont is still read from disk only once: the renderer keeps one
/// synthesizer alive (`soundFontHolder`), which keeps FluidSynth's sample cache warm, so a fresh
/// synth for FluidR3_GM costs about 0.06 s instead of 0.3 s. Renders are independent, so one
/// `Renderer` may render several files concurrently.
public struct Renderer: Sendable {
    /// The settings of every synthesizer this renderer creates, with `soundFontPath` resolved.
    public let configuration: SynthesizerConfiguration
    /// A synthesizer kept alive for the renderer's lifetime so the SoundFont's samples stay
    /// cached in memory; renders never play through it.
    package let soundFontHolder: Synthesizer

    /// Locates and loads the SoundFont once.
    /// - Throws: what `Synthesizer.init(configuration:locator:)` throws (no SoundFont, not a
    ///   SoundFont, a setting out of range, a SoundFont FluidSynth cannot load).
    public init(configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                locator: SoundFontLocator = SoundFontLocator()) throws {
        let holder = try Synthesizer(configuration: configuration, locator: locator)
        var resolved = configuration
        resolved.soundFontPath = holder.soundFontPath
        self.configuration = resolved
        self.soundFontHolder = holder
    }

    /// Renders `file` and returns the whole audio (stereo at `configuration.sampleRate`, a multiple
    /// of 64 frames). It is held in memory (about 350 kB per second at 44.1 kHz): for long songs
    /// stream with `render(_:options:into:)` or `render(_:toWAV:format:options:observe:)`.
    /// - Throws: what `render(_:options:into:)` throws.
    public func render(_ file: MIDIFile, options: RenderOptions = RenderOptions()) throws -> RenderedAudio {
        var samples: [Float] = []
        let summary = try render(file, options: options) { samples.append(contentsOf: $0) }
        return RenderedAudio(samples: samples, sampleRate: summary.sampleRate)
    }

    /// Renders `file`, handing the audio to `sink` one 64-frame block at a time (interleaved
    /// stereo, 128 floats, valid only during the call) as it is made; nothing else is kept.
    /// - Returns: the frame count, peak, clipping, unended notes and how the render ended.
    /// - Throws: `SynthError.invalidDivision` for an untimeable division,
    ///   `SynthError.optionOutOfRange` for an option out of its range, `SynthError.tooLong` for a
    ///   song longer than `options.maximumDurationSeconds` (before any audio is made),
    ///   `SynthError.synthCreationFailed` / `.soundFontLoadFailed` if FluidSynth cannot create the
    ///   synth or attach its player clock; what `sink` throws (the render stops there).
    public func render(_ file: MIDIFile, options: RenderOptions = RenderOptions(),
                       into sink: (UnsafeBufferPointer<Float>) throws -> Void) throws -> RenderSummary {
        let schedule = try plan(file, options: options)
        return try render(schedule, options: options, into: sink)
    }

    /// Renders `file` straight into a WAV file at `path` (or `fileFormat`: FLAC, Ogg Vorbis, AIFF),
    /// streaming (memory flat in the song's length), written atomically by `WAVWriter`: the file
    /// appears complete or not at all. Before anything is rendered or created, the largest file the
    /// render could make (the song plus `options.maximumTailSeconds`, as PCM) is checked against
    /// the WAV and AIFF formats' 4 GiB and the free space at `path`.
    /// - Parameter observe: also gets every block, e.g. to draw the waveform; if it throws (e.g. to
    ///   stop on Ctrl-C) the render stops, nothing is left at `path`, and its error is rethrown.
    /// - Throws: what `render(_:options:into:)` throws; `SynthError.outputTooLarge` (nothing made);
    ///   `SynthError.wavWriteFailed` naming `path`; what `observe` throws.
    public func render(_ file: MIDIFile, toWAV path: String, format: WAVSampleFormat = .pcm16,
                       fileFormat: AudioFileFormat = .wav, options: RenderOptions = RenderOptions(),
                       observe: ((UnsafeBufferPointer<Float>) throws -> Void)? = nil) throws -> RenderSummary {
        let schedule = try plan(file, options: options)
        let bytes = Int64(Self.maximumFrameCount(schedule, options: options)) * 2 * Int64(format.bytesPerSample)
        try OutputSpace.check(path: path, bytes: bytes, formatLimit: fileFormat.hasFourGigabyteLimit)
        return try WAVWriter(format: format, fileFormat: fileFormat).write(to: path, sampleRate: configuration.sampleRate) { stream in
            try render(schedule, options: options) { block in
                try stream.append(block)
                try observe?(block)
            }
        }
    }

    /// The schedule of `file`, after checking the options and the song's length.
    private func plan(_ file: MIDIFile, options: RenderOptions) throws -> PlayerSchedule {
        try options.validate()
        let schedule = try PlayerSchedule(file: file, sampleRate: configuration.sampleRate)
        let songSeconds = Double(schedule.lastEventBlock) * Double(PlayerSchedule.framesPerBlock) / configuration.sampleRate
        guard songSeconds <= options.maximumDurationSeconds else {
            throw SynthError.tooLong(seconds: songSeconds, limit: options.maximumDurationSeconds)
        }
        return schedule
    }

    private func render(_ schedule: PlayerSchedule, options: RenderOptions,
                        into sink: (UnsafeBufferPointer<Float>) throws -> Void) throws -> RenderSummary {
        let synthesizer = try Synthesizer(configuration: configuration)
        return try RenderSession(synthesizer: synthesizer, schedule: schedule, options: options).run(into: sink)
    }

    /// The most frames a render of `schedule` can make: up to the last event's block, then the
    /// longest tail, plus a block.
    static func maximumFrameCount(_ schedule: PlayerSchedule, options: RenderOptions) -> Int {
        let blocks = Double(PlayerSchedule.framesPerBlock)
        let tailBlocks = (options.maximumTailSeconds * schedule.sampleRate / blocks).rounded(.up) + 2
        return (schedule.lastEventBlock + 1 + Int(tailBlocks)) * PlayerSchedule.framesPerBlock
    }
}

/// Renders `file` with a new `Synthesizer` made from `configuration` (one-shot convenience; to
/// render many files, keep a `Renderer` so the SoundFont is loaded once).
/// - Throws: what `Synthesizer.init` and `Renderer.render` throw.
public func render(_ file: MIDIFile, configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                   options: RenderOptions = RenderOptions()) throws -> RenderedAudio {
    try Renderer(configuration: configuration).render(file, options: options)
}
