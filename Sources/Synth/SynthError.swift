import SMF

/// An error from the Synth module. Every case that concerns a file names its path, and
/// `description` is a complete sentence meant for a user to read.
public enum SynthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A SoundFont path given explicitly (an argument or `Synthesizer.Configuration.soundFontPath`)
    /// does not exist or is not a regular file.
    case soundFontNotFound(path: String)
    /// The environment variable `variable` (`SOUNDFONT`) is set to `path`, which does not exist or
    /// is not a regular file (a set variable never silently falls back to another font).
    case soundFontVariableNotFound(variable: String, path: String)
    /// No SoundFont was found anywhere. `searched` lists every place looked, in lookup order.
    case noSoundFont(searched: [String])
    /// FluidSynth could not load the SoundFont (not a SoundFont, unreadable, or corrupt).
    case soundFontLoadFailed(path: String)
    /// FluidSynth refused a setting, e.g. a sample rate outside 8000...96000 Hz.
    case settingRejected(name: String, value: String)
    /// `new_fluid_settings` or `new_fluid_synth` returned NULL.
    case synthCreationFailed(String)
    /// The MIDI file's division cannot be timed: 0 ticks per quarter note, or an SMPTE division
    /// with 0 frames per second or 0 ticks per frame.
    case invalidDivision(Division)
    /// A render option out of its range: its name (`RenderOptions` property or the sample rate),
    /// the value given and the values allowed.
    case optionOutOfRange(name: String, value: String, allowed: String)
    /// The song lasts `seconds` up to its last event, more than the render limit `limit`
    /// (`RenderOptions.maximumDurationSeconds`): usually a damaged delta time or tempo.
    case tooLong(seconds: Double, limit: Double)
    /// Writing a WAV file failed; nothing was left at `path`.
    case wavWriteFailed(path: String, reason: String)
    /// Reading a WAV file failed.
    case wavReadFailed(path: String, reason: String)

    /// A complete sentence for users, naming the file or setting concerned.
    public var description: String {
        switch self {
        case .soundFontNotFound(let path):
            return "SoundFont not found: \(path) does not exist or is not a regular file."
        case .soundFontVariableNotFound(let variable, let path):
            return "SoundFont not found: $\(variable) is set to \(path), which does not exist or is not a regular file; "
                + "point $\(variable) at a .sf2/.sf3 file or unset it."
        case .noSoundFont(let searched):
            let places = searched.map { "  - \($0)" }.joined(separator: "\n")
            return """
                No SoundFont found. Looked in:
                \(places)
                Install one with `apt-get install --no-install-recommends timgm6mb-soundfont` \
                (small, 6 MB) or `apt-get install --no-install-recommends fluid-soundfont-gm` \
                (FluidR3_GM, 142 MB, better sound), or set $SOUNDFONT to a .sf2/.sf3 file.
                """
        case .soundFontLoadFailed(let path):
            return "FluidSynth could not load the SoundFont \(path) (not a SoundFont, unreadable, or corrupt)."
        case .settingRejected(let name, let value):
            return "FluidSynth rejected the setting \(name) = \(value)."
        case .synthCreationFailed(let what):
            return "FluidSynth could not create \(what)."
        case .invalidDivision(let division):
            switch division {
            case .ticksPerQuarter(let t):
                return "The MIDI file's division cannot be timed: \(t) ticks per quarter note."
            case .smpte(let fps, let tpf):
                return "The MIDI file's division cannot be timed: SMPTE \(fps) frames per second, \(tpf) ticks per frame."
            }
        case .optionOutOfRange(let name, let value, let allowed):
            return "Invalid render option: \(name) \(value) must be \(allowed)."
        case .tooLong(let seconds, let limit):
            return "The MIDI file lasts \(DurationText.describe(seconds: seconds)) up to its last event, more than the "
                + "render limit of \(DurationText.describe(seconds: limit)); a damaged delta time or tempo is likely (raise the limit to render it anyway)."
        case .wavWriteFailed(let path, let reason):
            return "Could not write the WAV file \(path): \(reason)."
        case .wavReadFailed(let path, let reason):
            return "Could not read the WAV file \(path): \(reason)."
        }
    }
}
