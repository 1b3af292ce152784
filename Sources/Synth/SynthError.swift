import Foundation
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
    /// The file given as a SoundFont does not start with a RIFF `sfbk` (SoundFont 2/3) or `DLS `
    /// header: `offset` is the byte where it differs, `found` what is there. Checked before
    /// FluidSynth reads the file.
    case notASoundFont(path: String, offset: Int, found: String)
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
    /// The WAV file for this render could reach `bytes` bytes (song plus the longest tail), more
    /// than `limit` allows (`available` bytes); checked before anything is rendered or written.
    case outputTooLarge(path: String, bytes: Int64, available: Int64, limit: OutputLimit)
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
        case .notASoundFont(let path, let offset, let found):
            return "Not a SoundFont: \(path) at byte \(offset): \(found) (a .sf2/.sf3 file starts with RIFF ... sfbk)."
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
        case .outputTooLarge(let path, let bytes, let available, let limit):
            let what: String
            switch limit {
            case .wavFormat: what = "a WAV file holds at most \(ByteCountText.describe(available)) (32-bit RIFF sizes)"
            case .freeSpace: what = "its file system has \(ByteCountText.describe(available)) free"
            }
            return "Not writing \(path): the audio could take \(ByteCountText.describe(bytes)) and \(what); "
                + "a damaged delta time or tempo is likely (else lower the sample rate or the duration limit)."
        case .wavWriteFailed(let path, let reason):
            return "Could not write the WAV file \(path): \(reason)."
        case .wavReadFailed(let path, let reason):
            return "Could not read the WAV file \(path): \(reason)."
        }
    }
}

/// Which limit `SynthError.outputTooLarge` hit.
public enum OutputLimit: Sendable, Hashable {
    /// The WAV format's 32-bit RIFF chunk sizes (4 GiB less the header).
    case wavFormat
    /// The free space of the destination's file system (`statvfs` blocks available to the user).
    case freeSpace
}

/// Byte counts for messages: "1.23 GB" (decimal units), "512 bytes".
enum ByteCountText {
    static func describe(_ bytes: Int64) -> String {
        let b = Double(bytes)
        if b >= 1e9 { return String(format: "%.2f GB", b / 1e9) }
        if b >= 1e6 { return String(format: "%.1f MB", b / 1e6) }
        if b >= 1e3 { return String(format: "%.1f kB", b / 1e3) }
        return "\(bytes) bytes"
    }
}
