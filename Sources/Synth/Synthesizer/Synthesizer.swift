import CFluidSynth
import SMF

/// One FluidSynth synthesizer (`fluid_settings_t` + `fluid_synth_t`) with a SoundFont loaded once.
///
/// Send it MIDI events with `send(_:)` and pull audio with `render(frameCount:)`. FluidSynth renders
/// in internal blocks of 64 frames (`Synthesizer.blockSize`); an event sent between two render calls
/// takes effect at the start of the next internal block, so call `render` with multiples of 64
/// frames for sample-exact control. Output is interleaved stereo Float32 (left, right, left, ...),
/// nominally in -1...1 (it is not clipped).
///
/// FluidSynth's API is thread-safe, so the class is `Sendable`, but rendering from two threads at
/// once interleaves their blocks: give each concurrent job its own `Synthesizer`.
public final class Synthesizer: @unchecked Sendable {
    /// FluidSynth's internal block length in frames (`FLUID_BUFSIZE`).
    public static let blockSize = 64

    /// The settings type, also spelled `SynthesizerConfiguration`.
    public typealias Configuration = SynthesizerConfiguration

    /// The settings this synthesizer was created with (`soundFontPath` as given, possibly nil).
    public let configuration: SynthesizerConfiguration
    /// The SoundFont that was loaded (after `SoundFontLocator` lookup).
    public let soundFontPath: String

    /// The `fluid_settings_t`; internal so `LiveOutput` can set FluidSynth's file-renderer settings,
    /// which the file audio driver reads from the synth's own settings.
    let settings: OpaquePointer
    /// The `fluid_synth_t`; internal so `BlockClock` can attach a player to it.
    let synth: OpaquePointer

    /// FluidSynth's one-time global initialisation races when two synths are created at the same
    /// time for the first time (seen as "Modulator with source 1 none" warnings). Creating and
    /// deleting one synth, once, before any other avoids it; `static let` makes that happen once.
    private static let globalWarmUp: Void = {
        if let s = new_fluid_settings() {
            if let syn = new_fluid_synth(s) { delete_fluid_synth(syn) }
            delete_fluid_settings(s)
        }
    }()

    /// Creates the synthesizer and loads the SoundFont (with `fluid_synth_sfload(..., reset_presets: 1)`,
    /// as the `fluidsynth` CLI does), so every channel starts on program 0 (channel 10: drum kit).
    /// - Throws: `SynthError.soundFontNotFound` / `.noSoundFont` (lookup), `.notASoundFont` (no RIFF
    ///   `sfbk` or `DLS ` header, checked before FluidSynth reads the file), `.settingRejected`
    ///   (e.g. sample rate out of range), `.synthCreationFailed`, `.soundFontLoadFailed`.
    public init(configuration: SynthesizerConfiguration = SynthesizerConfiguration(),
                locator: SoundFontLocator = SoundFontLocator()) throws {
        let path = try locator.locate(explicitPath: configuration.soundFontPath)
        // Before FluidSynth sees it: a text file would make libinstpatch and GLib print several lines.
        try SoundFontHeader.check(path: path)
        _ = Self.globalWarmUp

        guard let settings = new_fluid_settings() else {
            throw SynthError.synthCreationFailed("the settings object (new_fluid_settings)")
        }
        // Until both handles are stored, failures free what exists here; after that, deinit does.
        func fail(_ error: SynthError) -> SynthError {
            delete_fluid_settings(settings)
            return error
        }
        func setNum(_ name: String, _ value: Double) throws {
            if fluid_settings_setnum(settings, name, value) != FLUID_OK {
                throw fail(.settingRejected(name: name, value: "\(value)"))
            }
        }
        func setInt(_ name: String, _ value: Int32) throws {
            if fluid_settings_setint(settings, name, value) != FLUID_OK {
                throw fail(.settingRejected(name: name, value: "\(value)"))
            }
        }
        try setNum("synth.sample-rate", configuration.sampleRate)
        try setNum("synth.gain", configuration.gain)
        // Integer settings: setstr(..., "yes") fails on these.
        try setInt("synth.reverb.active", configuration.reverb ? 1 : 0)
        try setInt("synth.chorus.active", configuration.chorus ? 1 : 0)
        // As `fluidsynth -F` does; locking sample memory changes nothing audible.
        try setInt("synth.lock-memory", 0)
        if path.lowercased().hasSuffix(".sf3") {
            // Compressed fonts otherwise decode every sample at load (~11 s, 0.5 GB); output is identical.
            try setInt("synth.dynamic-sample-loading", 1)
        }
        guard let synth = new_fluid_synth(settings) else {
            throw fail(.synthCreationFailed("the synthesizer (new_fluid_synth)"))
        }
        // FluidSynth's and GLib's messages about a damaged font are held back: our error says it.
        if !QuietLoad.run({ fluid_synth_sfload(synth, path, 1) != FLUID_FAILED }) {
            delete_fluid_synth(synth)
            throw fail(.soundFontLoadFailed(path: path))
        }
        self.configuration = configuration
        self.soundFontPath = path
        self.settings = settings
        self.synth = synth
    }

    deinit {
        // The synth refers to its settings: delete it first.
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    /// The output sample rate in Hz.
    public var sampleRate: Double { configuration.sampleRate }

    /// The number of voices currently sounding, including voices in their release phase
    /// (`fluid_synth_get_active_voice_count`). 0 means the synth is silent apart from any
    /// reverb/chorus tail.
    public var activeVoiceCount: Int { Int(fluid_synth_get_active_voice_count(synth)) }

    /// Sends one SMF event, as FluidSynth's own MIDI player would:
    /// - channel messages go to the matching `fluid_synth_*` call (note-on with velocity 0 is a
    ///   note-off; pitch bend is sent as the 14-bit wire value 0...16383);
    /// - `.sysex(data)` goes to `fluid_synth_sysex` without the trailing 0xF7 (FluidSynth wants the
    ///   bytes between F0 and F7); an empty one is dropped, as FluidSynth's file reader does;
    /// - `.escape(data)` is sent as a system exclusive message only when it holds a complete
    ///   `F0 ... F7` packet (FluidSynth's own reader refuses F7 events altogether); otherwise ignored;
    /// - meta events are ignored (tempo is the caller's business).
    /// - Returns: true if FluidSynth accepted the message. FluidSynth reports some harmless cases as
    ///   failures (a note-off for a note that is not playing, an unrecognised sysex).
    @discardableResult
    public func send(_ event: Event) -> Bool {
        switch event {
        case .channel(let message):
            return send(message)
        case .sysex(let data):
            guard !data.isEmpty else { return false }
            return sendSysEx(data)
        case .escape(let data):
            guard data.first == 0xF0, data.last == 0xF7, data.count >= 2 else { return false }
            return sendSysEx(data)
        case .meta:
            return false
        }
    }

    /// Sends one channel voice message (see `send(_: Event)`).
    /// - Returns: true if FluidSynth accepted it.
    @discardableResult
    public func send(_ message: ChannelMessage) -> Bool {
        let result: Int32
        switch message {
        case .noteOn(let c, let n, 0):
            // As FluidSynth's MIDI router does before the synth sees it.
            result = fluid_synth_noteoff(synth, Int32(c), Int32(n))
        case .noteOn(let c, let n, let v):
            result = fluid_synth_noteon(synth, Int32(c), Int32(n), Int32(v))
        case .noteOff(let c, let n, _):
            result = fluid_synth_noteoff(synth, Int32(c), Int32(n))
        case .polyPressure(let c, let n, let p):
            result = fluid_synth_key_pressure(synth, Int32(c), Int32(n), Int32(p))
        case .controlChange(let c, let cc, let v):
            result = fluid_synth_cc(synth, Int32(c), Int32(cc), Int32(v))
        case .programChange(let c, let p):
            result = fluid_synth_program_change(synth, Int32(c), Int32(p))
        case .channelPressure(let c, let p):
            result = fluid_synth_channel_pressure(synth, Int32(c), Int32(p))
        case .pitchBend(let c, let v):
            let wire = min(max(Int32(v) + 8192, 0), 16383)
            result = fluid_synth_pitch_bend(synth, Int32(c), wire)
        }
        return result == FLUID_OK
    }

    /// Sends a system exclusive message. A leading 0xF0 and a trailing 0xF7, if present, are
    /// stripped: `fluid_synth_sysex` takes only the bytes between them (e.g. `7E 7F 09 01` for
    /// General MIDI System On).
    /// - Returns: true if FluidSynth accepted (and recognised) it.
    @discardableResult
    public func sendSysEx(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if body.first == 0xF0 { body = body.dropFirst() }
        if body.last == 0xF7 { body = body.dropLast() }
        return body.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                fluid_synth_sysex(synth, chars.baseAddress, Int32(chars.count), nil, nil, nil, 0) == FLUID_OK
            }
        }
    }

    /// Resets the synth as a MIDI System Reset does (`fluid_synth_system_reset`): all voices off at
    /// once, every channel back to its power-on state (programs, controllers, pitch bend), reverb
    /// and chorus delay lines cleared.
    public func systemReset() {
        fluid_synth_system_reset(synth)
    }

    /// Renders `frameCount` frames into `buffer`, interleaved stereo, so `buffer` must hold at least
    /// `2 * frameCount` floats (`fluid_synth_write_float` with left at even, right at odd indices,
    /// as `fluidsynth -F` calls it).
    public func render(frameCount: Int, into buffer: UnsafeMutableBufferPointer<Float>) {
        precondition(frameCount >= 0 && buffer.count >= 2 * frameCount,
                     "buffer holds \(buffer.count) floats, need \(2 * frameCount)")
        guard frameCount > 0, let base = buffer.baseAddress else { return }
        fluid_synth_write_float(synth, Int32(frameCount), base, 0, 2, base, 1, 2)
    }

    /// Renders `frameCount` frames and returns them interleaved stereo (`2 * frameCount` floats).
    public func render(frameCount: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * frameCount)
        out.withUnsafeMutableBufferPointer { render(frameCount: frameCount, into: $0) }
        return out
    }
}
