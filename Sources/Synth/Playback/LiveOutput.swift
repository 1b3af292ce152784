import CFluidSynth
import Foundation

/// Where a `LiveOutput` sends its sound.
public enum LiveAudioTarget: Sendable, Hashable {
    /// FluidSynth's ALSA driver (`audio.driver=alsa`) on this PCM device ("default", "hw:0",
    /// "plughw:1,0", ...).
    case alsa(device: String)
    /// FluidSynth's real-time `file` driver (`audio.driver=file`): the synth is pulled at the pace of
    /// the clock and written to this WAV file, so a headless machine can still "play".
    case file(path: String)
}

/// How a `LiveOutput` is set up: target, period size and count.
public struct LiveOutputConfiguration: Sendable, Hashable {
    /// The default period size in frames: 256 frames is 5.8 ms at 44.1 kHz.
    public static let defaultPeriodSize = 256
    /// The default number of periods in the ALSA buffer. Two periods of 256 frames buffer 11.6 ms
    /// at 44.1 kHz: low latency without underruns on a loaded 2-core machine (FluidSynth's own
    /// default, 16 periods of 64 frames, is 23.2 ms).
    public static let defaultPeriods = 2

    /// The period size to use when none is given: 256 frames for ALSA; for the file driver, 10 ms
    /// of frames (441 at 44.1 kHz). FluidSynth's file driver wakes every
    /// `round(periodSize / sampleRate * 1000)` whole milliseconds, so a period that is not a whole
    /// number of milliseconds makes the WAV run slow or fast against the clock (256 frames = 5.8 ms
    /// wakes every 6 ms: 3.3% slow).
    public static func defaultPeriodSize(for target: LiveAudioTarget, sampleRate: Double) -> Int {
        switch target {
        case .alsa: return defaultPeriodSize
        case .file: return max(64, Int((sampleRate / 100).rounded()))
        }
    }

    /// Where the sound goes: an ALSA PCM device or a WAV file written in real time.
    public var target: LiveAudioTarget
    /// `audio.period-size`, frames per period (FluidSynth accepts 64...8192).
    public var periodSize: Int
    /// `audio.periods`, periods in the device buffer (FluidSynth accepts 2...64).
    public var periods: Int

    /// - Parameters:
    ///   - target: ALSA device (default "default") or WAV file.
    ///   - periodSize: frames per period, 64...8192 (checked by `LiveOutput.init`).
    ///   - periods: periods in the device buffer, 2...64 (checked by `LiveOutput.init`).
    public init(target: LiveAudioTarget = .alsa(device: "default"),
                periodSize: Int = LiveOutputConfiguration.defaultPeriodSize,
                periods: Int = LiveOutputConfiguration.defaultPeriods) {
        self.target = target
        self.periodSize = periodSize
        self.periods = periods
    }

    /// The configured output latency in milliseconds: the whole device buffer,
    /// `periodSize * periods / sampleRate` (for the file driver: one period).
    public func latencyMilliseconds(sampleRate: Double) -> Double {
        switch target {
        case .alsa: return Double(periodSize * periods) / sampleRate * 1000
        case .file: return Double(periodSize) / sampleRate * 1000
        }
    }
}

/// An error from starting live audio. `description` is a complete sentence for users.
public enum LiveAudioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ALSA device could not be opened. `reason` says why, as far as can be told.
    case alsaDeviceUnavailable(device: String, reason: String)
    /// The file driver could not start writing `path`.
    case audioFileFailed(path: String)
    /// A live-audio setting out of its range: its name, the value given and the values allowed.
    case settingOutOfRange(name: String, value: Int, allowed: ClosedRange<Int>)
    /// FluidSynth could not create its settings object (`new_fluid_settings` returned NULL).
    case settingsUnavailable

    /// A complete sentence for users, naming the device or file concerned.
    public var description: String {
        description(deviceChoice: "another ALSA device", fileChoice: "a WAV file (`LiveOutput.Target.file`)")
    }

    /// `description`, with the fix for a device that cannot be opened naming how the caller's
    /// users choose another device (`deviceChoice`, e.g. a command-line option) and play into a
    /// file instead (`fileChoice`).
    public func description(deviceChoice: String, fileChoice: String) -> String {
        switch self {
        case .alsaDeviceUnavailable(let device, let reason):
            return """
                Could not open the ALSA audio device "\(device)": \(reason).
                Fix: connect or enable a sound card (check `aplay -l`), or choose \(deviceChoice) \
                (list them with `aplay -L`), or play into \(fileChoice) instead.
                """
        case .audioFileFailed(let path):
            return "FluidSynth's file audio driver could not write \(path) (check the directory exists and is writable)."
        case .settingOutOfRange(let name, let value, let allowed):
            return "Invalid audio setting: \(name) must be \(allowed.lowerBound)...\(allowed.upperBound), got \(value)."
        case .settingsUnavailable:
            return "Invalid audio setting: FluidSynth could not create a settings object."
        }
    }

    /// Why an ALSA device probably failed to open, from what the file system shows.
    static func alsaReason(device: String) -> String {
        let fm = FileManager.default
        if !fm.fileExists(atPath: "/dev/snd") {
            return "/dev/snd does not exist, so this machine has no sound card that ALSA can use"
        }
        if device.hasPrefix("hw:") || device.hasPrefix("plughw:") {
            return "the card or device number may not exist, or another program holds it"
        }
        return "the device is missing, busy, or not defined in the ALSA configuration"
    }
}

/// Plays a `Synthesizer` live through one of FluidSynth's audio drivers (`new_fluid_audio_driver`).
///
/// The driver runs its own thread that pulls audio from the synth; send notes to the synth from
/// any thread (FluidSynth is thread-safe). Stop it by releasing the object (or `stop()`).
public final class LiveOutput: @unchecked Sendable {
    /// The target, period size (frames) and period count this output was started with.
    public let configuration: LiveOutputConfiguration
    /// The synthesizer being played.
    public let synthesizer: Synthesizer
    private let settings: OpaquePointer
    private var driver: OpaquePointer?

    /// Starts the audio driver for `synthesizer`.
    /// - Throws: `LiveAudioError` naming the device or file when the driver cannot start.
    public init(synthesizer: Synthesizer, configuration: LiveOutputConfiguration = LiveOutputConfiguration()) throws {
        guard (64...8192).contains(configuration.periodSize) else {
            throw LiveAudioError.settingOutOfRange(name: "period size (frames)", value: configuration.periodSize, allowed: 64...8192)
        }
        guard (2...64).contains(configuration.periods) else {
            throw LiveAudioError.settingOutOfRange(name: "period count", value: configuration.periods, allowed: 2...64)
        }
        guard let settings = new_fluid_settings() else {
            throw LiveAudioError.settingsUnavailable
        }
        fluid_settings_setnum(settings, "synth.sample-rate", synthesizer.sampleRate)
        fluid_settings_setint(settings, "audio.period-size", Int32(configuration.periodSize))
        fluid_settings_setint(settings, "audio.periods", Int32(configuration.periods))
        switch configuration.target {
        case .alsa(let device):
            fluid_settings_setstr(settings, "audio.driver", "alsa")
            fluid_settings_setstr(settings, "audio.alsa.device", device)
        case .file(let path):
            fluid_settings_setstr(settings, "audio.driver", "file")
            // The file driver's renderer reads these from the synth's own settings.
            for s in [settings, synthesizer.settings] {
                fluid_settings_setstr(s, "audio.file.name", path)
                // The format the name's extension gives (AudioFileFormat), else WAV.
                fluid_settings_setstr(s, "audio.file.type", AudioFileFormat(path: path)?.fluidSynthFileType ?? "wav")
                fluid_settings_setstr(s, "audio.file.format", "s16")
                fluid_settings_setint(s, "audio.period-size", Int32(configuration.periodSize))
            }
        }
        // FluidSynth logs the failure itself ("Failed to open the "default" audio device"); the
        // thrown error says it better, and a full-screen program must not get stray stderr lines.
        // ALSA prints its own "ALSA lib ..." lines to stderr when a device is missing: hide them too.
        let driver = LiveOutput.withFluidLogging(false) {
            LiveOutput.withStandardErrorSilenced { new_fluid_audio_driver(settings, synthesizer.synth) }
        }
        guard let driver else {
            delete_fluid_settings(settings)
            switch configuration.target {
            case .alsa(let device):
                throw LiveAudioError.alsaDeviceUnavailable(device: device, reason: LiveAudioError.alsaReason(device: device))
            case .file(let path):
                throw LiveAudioError.audioFileFailed(path: path)
            }
        }
        self.configuration = configuration
        self.synthesizer = synthesizer
        self.settings = settings
        self.driver = driver
    }

    /// The configured output latency in milliseconds (see `LiveOutputConfiguration`).
    public var latencyMilliseconds: Double { configuration.latencyMilliseconds(sampleRate: synthesizer.sampleRate) }

    /// Stops the driver (the file driver finishes its WAV file). Safe to call twice.
    public func stop() {
        // Deleting logs a debug line ("Timer thread finished") on some drivers: keep it quiet.
        if let driver { LiveOutput.withFluidLogging(false) { delete_fluid_audio_driver(driver) } }
        driver = nil
    }

    deinit {
        stop()
        delete_fluid_settings(settings)
    }

    /// Turns FluidSynth's error, warning and info messages to stderr on or off (process-wide).
    /// Full-screen programs turn them off so that messages do not scribble over the screen.
    public static func setFluidLogging(_ enabled: Bool) {
        loggingEnabled = enabled
        for level in [FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG] {
            if enabled {
                fluid_set_log_function(Int32(level.rawValue), fluid_default_log_function, nil)
            } else {
                fluid_set_log_function(Int32(level.rawValue), nil, nil)
            }
        }
    }

    nonisolated(unsafe) private static var loggingEnabled = true

    /// Runs `body` with file descriptor 2 pointed at /dev/null.
    private static func withStandardErrorSilenced<T>(_ body: () -> T) -> T {
        let saved = dup(2)
        let null = open("/dev/null", O_WRONLY)
        guard saved >= 0, null >= 0 else {
            if saved >= 0 { close(saved) }
            if null >= 0 { close(null) }
            return body()
        }
        dup2(null, 2)
        close(null)
        defer {
            dup2(saved, 2)
            close(saved)
        }
        return body()
    }

    private static func withFluidLogging<T>(_ enabled: Bool, _ body: () -> T) -> T {
        let previous = loggingEnabled
        setFluidLogging(enabled)
        defer { setFluidLogging(previous) }
        return body()
    }
}
