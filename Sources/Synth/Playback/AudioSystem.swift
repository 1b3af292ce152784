import CALSA
import CFluidSynth
import Foundation

/// What the audio stack of this machine offers: the FluidSynth library's version, ALSA sound cards,
/// whether an ALSA PCM device opens, whether the ALSA sequencer (MIDI input) is there. Used by
/// `compose doctor`; every probe is quick (no sound is played) and prints nothing.
package enum AudioSystem {
    /// The version of the FluidSynth library linked at run time (`fluid_version_str`), e.g. "2.3.1".
    package static var fluidSynthVersion: String { String(cString: fluid_version_str()) }

    /// An ALSA sound card: its index (the N of `hw:N`) and long name.
    package struct SoundCard: Sendable, Hashable {
        package var index: Int
        package var name: String
    }

    /// The ALSA sound cards (`snd_card_next`, `snd_card_get_longname`); empty without sound hardware.
    package static func soundCards() -> [SoundCard] {
        silenceALSA()
        var cards: [SoundCard] = []
        var index: Int32 = -1
        while snd_card_next(&index) == 0, index >= 0 {
            var name: UnsafeMutablePointer<CChar>?
            if snd_card_get_longname(index, &name) == 0, let name {
                cards.append(SoundCard(index: Int(index), name: String(cString: name)))
                free(name)
            } else {
                cards.append(SoundCard(index: Int(index), name: "card \(index)"))
            }
        }
        return cards
    }

    /// Opens the ALSA PCM `device` for playback without blocking and closes it again.
    /// - Returns: nil when it opened, else why not (ALSA's `snd_strerror`, e.g. "No such file or directory").
    package static func probePlayback(device: String = "default") -> String? {
        silenceALSA()
        var pcm: OpaquePointer?
        let rc = snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, Int32(SND_PCM_NONBLOCK))
        if rc < 0 { return String(cString: snd_strerror(rc)) }
        snd_pcm_close(pcm)
        return nil
    }

    /// The ALSA sequencer device, needed for MIDI input (kernel module snd-seq).
    package static let sequencerDevice = "/dev/snd/seq"

    /// Opens the ALSA sequencer and closes it again.
    /// - Returns: nil when it opened, else why not.
    package static func probeSequencer() -> String? {
        guard FileManager.default.fileExists(atPath: sequencerDevice) else { return "\(sequencerDevice) does not exist" }
        silenceALSA()
        var seq: OpaquePointer?
        let rc = snd_seq_open(&seq, "default", Int32(SND_SEQ_OPEN_INPUT), Int32(SND_SEQ_NONBLOCK))
        if rc < 0 { return String(cString: snd_strerror(rc)) }
        snd_seq_close(seq)
        return nil
    }

    /// Stops ALSA's "ALSA lib ..." messages on stderr (process-wide).
    private static func silenceALSA() {
        littlemozart_alsa_silence()
    }
}
