import Synth

/// Errors that end the piano before it starts, or end `piano --recover`; `description` is the
/// message for the user.
package enum PianoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// MIDI input (`--midi-in`, `--midi-connect`) could not be opened.
    case midiInput(MIDIInputError)
    /// `--recover`: there is no journal at this path.
    case noJournal(path: String)
    /// `--recover`: the journal at this path holds no notes.
    case emptyJournal(path: String)

    package var description: String {
        switch self {
        case .midiInput(.sequencerUnavailable(let device, let noSoundHardware)):
            return """
                MIDI input (--midi-in) needs the ALSA sequencer, but \(device) does not exist\
                \(noSoundHardware ? " (there is no /dev/snd at all: this machine has no sound hardware)" : "").
                Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI \
                keyboard attached, or run without --midi-in.
                """
        case .midiInput(.invalidSource(let source)):
            return "--midi-connect wants CLIENT:PORT (see `aconnect -i`), got \(source)"
        case .midiInput(let error):
            return error.description
        case .noJournal(let path):
            return "No recording journal at \(path): nothing to recover."
        case .emptyJournal(let path):
            return "The journal \(path) holds no notes: nothing to recover."
        }
    }
}
