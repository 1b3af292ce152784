/// Why a ``MIDIInputPort`` could not be opened or connected. `description` is a complete sentence
/// for users.
public enum MIDIInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The ALSA sequencer device `device` (`/dev/snd/seq`) does not exist; `noSoundHardware` when
    /// there is no `/dev/snd` at all (a machine without sound hardware).
    case sequencerUnavailable(device: String, noSoundHardware: Bool)
    /// `snd_seq_open` failed; `reason` is ALSA's `snd_strerror`.
    case openFailed(reason: String)
    /// `snd_seq_create_simple_port` failed; `reason` is ALSA's `snd_strerror`.
    case portCreationFailed(reason: String)
    /// The source to connect from is not "CLIENT:PORT" (two integers, e.g. "20:0").
    case invalidSource(String)
    /// `snd_seq_connect_from` refused the source "CLIENT:PORT"; `reason` is ALSA's `snd_strerror`.
    case connectFailed(source: String, reason: String)

    /// The sentence for users; for `sequencerUnavailable` it says how to load the sequencer.
    public var description: String {
        switch self {
        case .sequencerUnavailable(let device, let noSoundHardware):
            return """
                MIDI input needs the ALSA sequencer, but \(device) does not exist\
                \(noSoundHardware ? " (there is no /dev/snd at all: this machine has no sound hardware)" : "").
                Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI keyboard attached.
                """
        case .openFailed(let reason):
            return "Could not open the ALSA sequencer: \(reason)."
        case .portCreationFailed(let reason):
            return "Could not create an ALSA sequencer port: \(reason)."
        case .invalidSource(let source):
            return "A MIDI source must be CLIENT:PORT (see `aconnect -i`), got \(source)."
        case .connectFailed(let source, let reason):
            return "Could not connect from MIDI port \(source): \(reason)."
        }
    }
}
