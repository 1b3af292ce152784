import Synth
import Testing
@testable import Piano

@Suite("Piano errors")
struct PianoErrorTests {
    /// The messages the piano printed before MIDI input moved to Synth, word for word.
    @Test func messagesNameThePianoOptions() {
        #expect(PianoError.midiInput(.sequencerUnavailable(device: "/dev/snd/seq", noSoundHardware: true)).description == """
            MIDI input (--midi-in) needs the ALSA sequencer, but /dev/snd/seq does not exist (there is no /dev/snd \
            at all: this machine has no sound hardware).
            Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI keyboard attached, \
            or run without --midi-in.
            """)
        #expect(PianoError.midiInput(.invalidSource("20")).description == "--midi-connect wants CLIENT:PORT (see `aconnect -i`), got 20")
        #expect(PianoError.midiInput(.connectFailed(source: "20:0", reason: "Invalid argument")).description
            == "Could not connect from MIDI port 20:0: Invalid argument.")
        #expect(PianoError.noJournal(path: "/tmp/j.txt").description == "No recording journal at /tmp/j.txt: nothing to recover.")
        #expect(PianoError.emptyJournal(path: "/tmp/j.txt").description == "The journal /tmp/j.txt holds no notes: nothing to recover.")
    }
}
