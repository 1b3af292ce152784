import Foundation
import Synth
import Testing

@Suite("MIDI input port")
struct MIDIInputPortTests {
    static let hasSequencer = FileManager.default.fileExists(atPath: "/dev/snd/seq")
    static let hasSoundDevices = FileManager.default.fileExists(atPath: "/dev/snd")

    @Test func unavailabilityNamesTheMissingDevice() {
        let missing = "/nonexistent-\(getpid())/seq"
        #expect(MIDIInputPort.unavailability(device: missing)
            == .sequencerUnavailable(device: missing, noSoundHardware: !Self.hasSoundDevices))
        #expect(MIDIInputPort.unavailability(device: "/dev/null") == nil)
        #expect(MIDIInputPort.sequencerDevice == "/dev/snd/seq")
    }

    @Test(.enabled(if: !hasSequencer, "this machine has an ALSA sequencer"))
    func openingWithoutASequencerThrowsTheTypedError() {
        #expect(throws: MIDIInputError.sequencerUnavailable(device: "/dev/snd/seq", noSoundHardware: !Self.hasSoundDevices)) {
            try MIDIInputPort()
        }
        #expect(throws: MIDIInputError.sequencerUnavailable(device: "/dev/snd/seq", noSoundHardware: !Self.hasSoundDevices)) {
            try MIDIInputPort(source: "20:0")
        }
    }

    @Test func descriptionsAreSentencesWithoutCommandLineOptions() {
        #expect(MIDIInputError.sequencerUnavailable(device: "/dev/snd/seq", noSoundHardware: true).description == """
            MIDI input needs the ALSA sequencer, but /dev/snd/seq does not exist (there is no /dev/snd at all: \
            this machine has no sound hardware).
            Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI keyboard attached.
            """)
        #expect(MIDIInputError.sequencerUnavailable(device: "/dev/snd/seq", noSoundHardware: false).description == """
            MIDI input needs the ALSA sequencer, but /dev/snd/seq does not exist.
            Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI keyboard attached.
            """)
        #expect(MIDIInputError.openFailed(reason: "No such file or directory").description
            == "Could not open the ALSA sequencer: No such file or directory.")
        #expect(MIDIInputError.portCreationFailed(reason: "Cannot allocate memory").description
            == "Could not create an ALSA sequencer port: Cannot allocate memory.")
        #expect(MIDIInputError.invalidSource("20").description == "A MIDI source must be CLIENT:PORT (see `aconnect -i`), got 20.")
        #expect(MIDIInputError.connectFailed(source: "20:0", reason: "Invalid argument").description
            == "Could not connect from MIDI port 20:0: Invalid argument.")
    }
}
