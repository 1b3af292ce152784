import SMF

/// Renders Standard MIDI Files to audio with a `Synthesizer`, from this package's parsed events.
///
/// The events are timed exactly as FluidSynth 2.3.1's own MIDI player times them (see
/// `PlayerSchedule`) and are sent from the same point of FluidSynth's render loop (see the
/// internal `BlockClock`), one 64-frame block at a time. The end of the song is handled as the
/// player does it:
/// 1. at the block where the last track runs out of events, if voices are still sounding, the
///    sustain (CC 64) and sostenuto (CC 66) pedals are released on all 16 channels (once);
/// 2. rendering goes on until no voice is active (`Synthesizer.activeVoiceCount == 0`),
///    then for `RenderOptions.graceMilliseconds` more (2000 ms: the reverb tail);
/// 3. the synth gets a system reset just before the final block is mixed, and that block is the
///    last one kept.
/// `RenderOptions.maximumTailSeconds` (default 10 s after the last event) caps step 2; when it
/// cuts a render short the output is a prefix of what the CLI writes. (FluidSynth counts a voice
/// as active until its envelope ends; in three corpus songs the cap fired with the audio already
/// below -130 dBFS.)
///
/// With gain 0.2 (`SynthesizerConfiguration.fluidSynthDefaultGain`), 44100 Hz, reverb and chorus
/// on, the result is sample-identical to `fluidsynth -ni -g 0.2 -F out.wav -O float SF FILE.mid`,
/// frame count included (checked at 22050, 32000, 44100, 48000, 88200 and 96000 Hz). Unlike
/// FluidSynth's player this also renders SMPTE-division files, and any `MIDIFile` value.
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
    /// - Throws: what `Synthesizer.init(configuration:locator:)` throws (no SoundFont, a setting
    ///   out of range, a SoundFont FluidSynth cannot load).
    public init(configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                locator: SoundFontLocator = SoundFontLocator()) throws {
        let holder = try Synthesizer(configuration: configuration, locator: locator)
        var resolved = configuration
        resolved.soundFontPath = holder.soundFontPath
        self.configuration = resolved
        self.soundFontHolder = holder
    }

    /// Renders `file` to stereo audio at `configuration.sampleRate`. The frame count is always a
    /// multiple of 64.
    /// - Throws: `SynthError.invalidDivision` for an untimeable division, `SynthError.invalidOption`
    ///   for a negative grace or cap, `SynthError.tooLong` for a song longer than
    ///   `options.maximumDurationSeconds`, `SynthError.synthCreationFailed` / `.soundFontLoadFailed` if
    ///   FluidSynth cannot create the synth or attach its player clock.
    public func render(_ file: MIDIFile, options: RenderOptions = RenderOptions()) throws -> RenderedAudio {
        guard options.graceMilliseconds >= 0 else {
            throw SynthError.optionOutOfRange(name: "graceMilliseconds", value: "\(options.graceMilliseconds)", allowed: ">= 0")
        }
        guard options.maximumTailSeconds >= 0, options.maximumTailSeconds.isFinite else {
            throw SynthError.optionOutOfRange(name: "maximumTailSeconds", value: "\(options.maximumTailSeconds)", allowed: "finite and >= 0")
        }
        guard options.maximumDurationSeconds > 0 else {
            throw SynthError.optionOutOfRange(name: "maximumDurationSeconds", value: "\(options.maximumDurationSeconds)", allowed: "> 0")
        }
        let schedule = try PlayerSchedule(file: file, sampleRate: configuration.sampleRate)
        let songSeconds = Double(schedule.lastEventBlock) * Double(PlayerSchedule.framesPerBlock) / configuration.sampleRate
        guard songSeconds <= options.maximumDurationSeconds else {
            throw SynthError.tooLong(seconds: songSeconds, limit: options.maximumDurationSeconds)
        }
        let synthesizer = try Synthesizer(configuration: configuration)

        let session = Session(synthesizer: synthesizer, schedule: schedule, options: options)
        let clock = try BlockClock(synthesizer: synthesizer) { _ in session.callback() }
        let block = PlayerSchedule.framesPerBlock
        var samples: [Float] = []
        samples.reserveCapacity(2 * ((schedule.lastEventBlock + 1) * block + Int(synthesizer.sampleRate * 3)))
        var previousMsec = -1
        while true {
            session.callbackRan = false
            // The clock calls back only when its millisecond count moves: every block up to
            // 64 kHz, not always above. FluidSynth's player still runs its end-of-song checks at
            // such a block (no event can be due there: ticks only move with milliseconds), so run
            // them now, before the block is mixed, as the player would.
            let msec = PlayerSchedule.milliseconds(atBlock: session.block, sampleRate: configuration.sampleRate)
            if msec == previousMsec { session.callback() }
            previousMsec = msec
            let start = samples.count
            samples.append(contentsOf: repeatElement(0, count: 2 * block))
            samples.withUnsafeMutableBufferPointer { all in
                synthesizer.render(frameCount: block, into: UnsafeMutableBufferPointer(rebasing: all[start..<(start + 2 * block)]))
            }
            // Safety net, not expected to run: the clock did not call back although it should have.
            if !session.callbackRan { session.callback() }
            if session.finished { break }
            session.block += 1
        }
        withExtendedLifetime(clock) {}
        return RenderedAudio(samples: samples, sampleRate: synthesizer.sampleRate)
    }

    /// The player's per-block work: send the block's events, then the end-of-song logic of
    /// `fluid_player_callback`.
    private final class Session {
        let synthesizer: Synthesizer
        let schedule: PlayerSchedule
        let graceMilliseconds: Int
        let capMilliseconds: Int
        var block = 0
        var callbackRan = false
        var finished = false
        private var next = 0
        private var pedalsReleased = false
        private var endMilliseconds: Int? = nil

        init(synthesizer: Synthesizer, schedule: PlayerSchedule, options: RenderOptions) {
            self.synthesizer = synthesizer
            self.schedule = schedule
            self.graceMilliseconds = options.graceMilliseconds
            let lastEventMsec = PlayerSchedule.milliseconds(atBlock: schedule.lastEventBlock, sampleRate: schedule.sampleRate)
            self.capMilliseconds = lastEventMsec + Int((options.maximumTailSeconds * 1000).rounded(.up))
        }

        func callback() {
            guard !callbackRan, !finished else { return }
            callbackRan = true
            let k = block
            let entries = schedule.entries
            while next < entries.count, entries[next].block <= k {
                synthesizer.send(entries[next].event)
                next += 1
            }
            guard k >= schedule.lastEventBlock else { return }
            let msec = PlayerSchedule.milliseconds(atBlock: k, sampleRate: schedule.sampleRate)
            var playing = false
            if synthesizer.activeVoiceCount > 0 {
                if !pedalsReleased {
                    for channel in 0..<UInt8(16) {
                        synthesizer.send(.controlChange(channel: channel, controller: 64, value: 0))
                        synthesizer.send(.controlChange(channel: channel, controller: 66, value: 0))
                    }
                    pedalsReleased = true
                }
                playing = true
            }
            if !playing, endMilliseconds == nil { endMilliseconds = msec + graceMilliseconds }
            if let endMilliseconds, msec < endMilliseconds { playing = true }
            if msec >= capMilliseconds { playing = false }
            if !playing {
                synthesizer.systemReset()
                finished = true
            }
        }
    }
}

/// Renders `file` with a new `Synthesizer` made from `configuration` (one-shot convenience; to
/// render many files, keep a `Renderer` so the SoundFont is loaded once).
/// - Throws: what `Synthesizer.init` and `Renderer.render` throw.
public func render(_ file: MIDIFile, configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                   options: RenderOptions = RenderOptions()) throws -> RenderedAudio {
    try Renderer(configuration: configuration).render(file, options: options)
}
