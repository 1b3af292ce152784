import Piano
import Synth

/// The exit status and one-line message of a failure of `piano`, by kind (BSD sysexits.h, as
/// `compose`; docs/exit-codes.md): 64 a bad option value, 65 bad data (a SoundFont that does not
/// load, a journal with no notes), 66 a missing input (SoundFont, journal), 69 a missing service
/// (no audio device, no ALSA sequencer, no SoundFont installed), 73 an output that cannot be
/// written; 1 for anything else.
enum PianoExitStatus {
    static let usage: Int32 = 64

    /// The status for `error`.
    static func of(_ error: Error) -> Int32 {
        switch error {
        case let e as LiveAudioError:
            switch e {
            case .settingOutOfRange: return usage
            case .alsaDeviceUnavailable, .settingsUnavailable: return 69
            case .audioFileFailed: return 73
            }
        case let e as SynthError:
            switch e {
            case .soundFontNotFound, .soundFontVariableNotFound: return 66
            case .noSoundFont, .synthCreationFailed: return 69
            case .soundFontLoadFailed, .notASoundFont, .invalidDivision, .wavReadFailed, .tooLong: return 65
            case .settingRejected, .optionOutOfRange: return usage
            case .wavWriteFailed, .outputTooLarge: return 73
            }
        case let e as PianoError:
            switch e {
            case .midiInput(.invalidSource): return usage
            case .midiInput: return 69
            case .noJournal: return 66
            case .emptyJournal: return 65
            }
        default:
            return 1
        }
    }

    /// The message for `error` on one line; a live-audio error names the piano's options that fix it
    /// (the Synth library names the device and the setting, not our options).
    static func message(for error: Error) -> String {
        let text: String
        switch error {
        case LiveAudioError.settingOutOfRange(let name, let value, let allowed):
            let option = ["period size (frames)": "--period-size", "period count": "--periods"][name]
            text = option.map { "\($0) must be \(allowed.lowerBound)...\(allowed.upperBound), got \(value)" } ?? "\(error)"
        case let e as LiveAudioError:
            text = e.description(deviceChoice: "another device with --device", fileChoice: "a WAV file with --audio-file out.wav")
        default:
            text = "\(error)"
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
