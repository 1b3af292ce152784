import ModelKit
import Pictures
import Synth

/// The library errors whose fix is an option of ours: the libraries name the parameter, the device,
/// the bars or the file and say what to do in general terms; here the message names the option
/// to use (`ParameterOption` maps library parameter names to options).
enum OptionHints {
    /// The message for `error` with compose's option names, or nil when it has none to add.
    static func message(for error: Error) -> String? {
        switch error {
        case let e as ParameterError:
            return ParameterOption.message(for: e)
        case PictureError.barRange(let first, let last, let count):
            return "--bars \(first)-\(last): the file has bars 1-\(count); give A-B with 1 <= A <= B <= \(count)"
        case let e as LiveAudioError:
            return liveAudio(e)
        default:
            return nil
        }
    }

    /// A live-audio error with the options that fix it (`--device`, `--audio-file`).
    static func liveAudio(_ error: LiveAudioError) -> String {
        error.description(deviceChoice: "another device with --device", fileChoice: "a WAV file with --audio-file out.wav")
    }
}
