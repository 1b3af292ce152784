import CALSA
import Foundation
import SMF
import Synth

/// MIDI input from a hardware keyboard through an ALSA sequencer port ("LittleMozart piano:in").
///
/// Needs `/dev/snd/seq` (the ALSA sequencer device, kernel module snd-seq). Without it, `init`
/// throws a `PianoError` saying so, before anything else is opened.
public final class MIDIInput: CustomStringConvertible {
    /// The sequencer device this needs (`AudioSystem.sequencerDevice`, /dev/snd/seq).
    public static let sequencerDevice = AudioSystem.sequencerDevice

    private var seq: OpaquePointer?
    private var port: Int32 = -1
    /// Sources connected ("20:0 USB Keyboard").
    public private(set) var connected: [String] = []

    /// Why MIDI input cannot work here, or nil when the sequencer device exists.
    public static func unavailableReason(device: String = sequencerDevice) -> String? {
        if FileManager.default.fileExists(atPath: device) { return nil }
        let noSnd = !FileManager.default.fileExists(atPath: "/dev/snd")
        return """
            MIDI input (--midi-in) needs the ALSA sequencer, but \(device) does not exist\
            \(noSnd ? " (there is no /dev/snd at all: this machine has no sound hardware)" : "").
            Fix: load the sequencer module (`sudo modprobe snd-seq`) on a machine with a MIDI \
            keyboard attached, or run without --midi-in.
            """
    }

    /// Opens a sequencer input port and connects it: from `connect` ("client:port", e.g. "20:0"),
    /// or, when nil, from every readable hardware MIDI port.
    public init(connect: String?) throws {
        if let reason = Self.unavailableReason() { throw PianoError(reason) }
        var handle: OpaquePointer?
        let rc = snd_seq_open(&handle, "default", 2 /* SND_SEQ_OPEN_INPUT */, 1 /* SND_SEQ_NONBLOCK */)
        guard rc >= 0, let handle else {
            throw PianoError("Could not open the ALSA sequencer: \(String(cString: snd_strerror(rc))).")
        }
        seq = handle
        snd_seq_set_client_name(handle, "LittleMozart piano")
        // CAP_WRITE | CAP_SUBS_WRITE; TYPE_MIDI_GENERIC | TYPE_APPLICATION.
        port = snd_seq_create_simple_port(handle, "in", (1 << 1) | (1 << 6), (1 << 1) | (1 << 20))
        guard port >= 0 else {
            throw PianoError("Could not create an ALSA sequencer port: \(String(cString: snd_strerror(port))).")
        }
        if let connect {
            let parts = connect.split(separator: ":").compactMap { Int32($0) }
            guard parts.count == 2 else { throw PianoError("--midi-connect wants CLIENT:PORT (see `aconnect -i`), got \(connect)") }
            let r = snd_seq_connect_from(handle, port, parts[0], parts[1])
            guard r >= 0 else { throw PianoError("Could not connect from MIDI port \(connect): \(String(cString: snd_strerror(r))).") }
            connected.append(connect)
        } else {
            connectHardwareInputs(handle)
        }
    }

    private func connectHardwareInputs(_ handle: OpaquePointer) {
        var client: OpaquePointer?
        var portInfo: OpaquePointer?
        snd_seq_client_info_malloc(&client)
        snd_seq_port_info_malloc(&portInfo)
        defer {
            snd_seq_client_info_free(client)
            snd_seq_port_info_free(portInfo)
        }
        let me = snd_seq_client_id(handle)
        snd_seq_client_info_set_client(client, -1)
        while snd_seq_query_next_client(handle, client) >= 0 {
            let c = snd_seq_client_info_get_client(client)
            if c == me || c == 0 { continue } // skip ourselves and the System client
            snd_seq_port_info_set_client(portInfo, c)
            snd_seq_port_info_set_port(portInfo, -1)
            while snd_seq_query_next_port(handle, portInfo) >= 0 {
                let caps = snd_seq_port_info_get_capability(portInfo)
                let type = snd_seq_port_info_get_type(portInfo)
                // CAP_READ | CAP_SUBS_READ, and a MIDI port.
                guard caps & 0x21 == 0x21, type & (1 << 1) != 0 else { continue }
                let p = snd_seq_port_info_get_port(portInfo)
                if snd_seq_connect_from(handle, port, c, p) >= 0 {
                    let name = String(cString: snd_seq_port_info_get_name(portInfo))
                    connected.append("\(c):\(p) \(name)")
                }
            }
        }
    }

    public var description: String {
        connected.isEmpty ? "MIDI in: no keyboard connected (aconnect SOURCE 'LittleMozart piano')" : "MIDI in: " + connected.joined(separator: ", ")
    }

    /// The descriptors to poll for input.
    public func pollDescriptors() -> [pollfd] {
        guard let seq else { return [] }
        let count = snd_seq_poll_descriptors_count(seq, Int16(POLLIN))
        guard count > 0 else { return [] }
        var fds = [pollfd](repeating: pollfd(), count: Int(count))
        let n = snd_seq_poll_descriptors(seq, &fds, UInt32(count), Int16(POLLIN))
        return Array(fds.prefix(Int(max(n, 0))))
    }

    /// Reads every pending event, as channel messages (note on/off, control change, program change,
    /// pitch bend, pressure).
    public func read() -> [ChannelMessage] {
        guard let seq else { return [] }
        var out: [ChannelMessage] = []
        while true {
            var ev: UnsafeMutablePointer<snd_seq_event_t>?
            let rc = snd_seq_event_input(seq, &ev)
            if rc == -EAGAIN || rc == -ENOSPC && ev == nil { break }
            guard rc >= 0, let e = ev?.pointee else { if rc == -ENOSPC { continue } else { break } }
            let type = Int32(e.type)
            switch type {
            case Int32(SND_SEQ_EVENT_NOTEON.rawValue):
                let n = e.data.note
                out.append(.noteOn(channel: n.channel & 15, note: n.note & 127, velocity: n.velocity & 127))
            case Int32(SND_SEQ_EVENT_NOTEOFF.rawValue):
                let n = e.data.note
                out.append(.noteOff(channel: n.channel & 15, note: n.note & 127, velocity: n.velocity & 127))
            case Int32(SND_SEQ_EVENT_CONTROLLER.rawValue):
                let c = e.data.control
                out.append(.controlChange(channel: c.channel & 15, controller: UInt8(c.param & 127), value: UInt8(clamping: max(c.value, 0))))
            case Int32(SND_SEQ_EVENT_PGMCHANGE.rawValue):
                let c = e.data.control
                out.append(.programChange(channel: c.channel & 15, program: UInt8(clamping: max(c.value, 0))))
            case Int32(SND_SEQ_EVENT_PITCHBEND.rawValue):
                let c = e.data.control
                out.append(.pitchBend(channel: c.channel & 15, value: Int16(clamping: c.value)))
            case Int32(SND_SEQ_EVENT_CHANPRESS.rawValue):
                let c = e.data.control
                out.append(.channelPressure(channel: c.channel & 15, pressure: UInt8(clamping: max(c.value, 0))))
            default:
                break
            }
            if snd_seq_event_input_pending(seq, 0) == 0 { break }
        }
        return out
    }

    deinit {
        if let seq { snd_seq_close(seq) }
    }
}
