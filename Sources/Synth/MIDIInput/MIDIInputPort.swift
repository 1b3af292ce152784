import CALSA
import Foundation
import SMF

/// MIDI input from hardware keyboards through an ALSA sequencer input port.
///
/// Opening a port creates a sequencer client (named `clientName`, e.g. "LittleMozart piano") with
/// one writable port "in", and connects it from the given source or from every readable hardware
/// MIDI port. The port never blocks: poll ``pollDescriptors()`` together with your other inputs
/// and call ``receivePending(_:)`` when one is readable, which delivers the events to a callback as
/// `SMF.ChannelMessage` values (note on/off, control change, program change, pitch bend, channel
/// pressure; other sequencer events are skipped). Channels are 0...15, notes, velocities and
/// controller values 0...127, pitch bend -8192...8191 as ALSA reports it.
///
/// Needs the ALSA sequencer device ``sequencerDevice`` (`/dev/snd/seq`, kernel module snd-seq):
/// without it, `init` throws ``MIDIInputError/sequencerUnavailable(device:noSoundHardware:)``
/// before anything is opened. Not thread-safe: use one port from one thread.
public final class MIDIInputPort {
    /// The sequencer device MIDI input needs: `/dev/snd/seq`.
    public static let sequencerDevice = AudioSystem.sequencerDevice

    private var seq: OpaquePointer?
    private var port: Int32 = -1
    /// The sources connected, "CLIENT:PORT" as given, or "CLIENT:PORT NAME" for hardware ports
    /// found by the scan (e.g. "20:0 USB Keyboard"). Empty when no keyboard was found.
    public private(set) var connectedSources: [String] = []

    /// Why MIDI input cannot work here: ``MIDIInputError/sequencerUnavailable(device:noSoundHardware:)``
    /// when `device` does not exist, or nil when it does (it may still fail to open).
    public static func unavailability(device: String = sequencerDevice) -> MIDIInputError? {
        if FileManager.default.fileExists(atPath: device) { return nil }
        return .sequencerUnavailable(device: device, noSoundHardware: !FileManager.default.fileExists(atPath: "/dev/snd"))
    }

    /// Opens a sequencer input port and connects it.
    /// - Parameters:
    ///   - source: the sequencer port to connect from, "CLIENT:PORT" (e.g. "20:0", as `aconnect -i`
    ///     lists them); nil connects every readable hardware MIDI port (none is not an error: see
    ///     ``connectedSources``).
    ///   - clientName: the sequencer client's name, shown by `aconnect -l`.
    /// - Throws: ``MIDIInputError``: `sequencerUnavailable` without `/dev/snd/seq`, `openFailed`,
    ///   `portCreationFailed`, `invalidSource` when `source` is not CLIENT:PORT, `connectFailed`.
    public init(source: String? = nil, clientName: String = "LittleMozart piano") throws(MIDIInputError) {
        if let reason = Self.unavailability() { throw reason }
        var handle: OpaquePointer?
        let rc = snd_seq_open(&handle, "default", 2 /* SND_SEQ_OPEN_INPUT */, 1 /* SND_SEQ_NONBLOCK */)
        guard rc >= 0, let handle else {
            throw .openFailed(reason: String(cString: snd_strerror(rc)))
        }
        seq = handle
        snd_seq_set_client_name(handle, clientName)
        // CAP_WRITE | CAP_SUBS_WRITE; TYPE_MIDI_GENERIC | TYPE_APPLICATION.
        port = snd_seq_create_simple_port(handle, "in", (1 << 1) | (1 << 6), (1 << 1) | (1 << 20))
        guard port >= 0 else {
            throw .portCreationFailed(reason: String(cString: snd_strerror(port)))
        }
        if let source {
            let parts = source.split(separator: ":").compactMap { Int32($0) }
            guard parts.count == 2 else { throw .invalidSource(source) }
            let r = snd_seq_connect_from(handle, port, parts[0], parts[1])
            guard r >= 0 else { throw .connectFailed(source: source, reason: String(cString: snd_strerror(r))) }
            connectedSources.append(source)
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
                    connectedSources.append("\(c):\(p) \(name)")
                }
            }
        }
    }

    /// The descriptors to `poll(2)` for `POLLIN`; when one is readable, call ``receivePending(_:)``.
    public func pollDescriptors() -> [pollfd] {
        guard let seq else { return [] }
        let count = snd_seq_poll_descriptors_count(seq, Int16(POLLIN))
        guard count > 0 else { return [] }
        var fds = [pollfd](repeating: pollfd(), count: Int(count))
        let n = snd_seq_poll_descriptors(seq, &fds, UInt32(count), Int16(POLLIN))
        return Array(fds.prefix(Int(max(n, 0))))
    }

    /// Delivers every pending event to `handler`, in arrival order, without blocking.
    /// - Returns: the number of messages delivered (0 when nothing was pending).
    @discardableResult
    public func receivePending(_ handler: (ChannelMessage) -> Void) -> Int {
        guard let seq else { return 0 }
        var delivered = 0
        while true {
            var ev: UnsafeMutablePointer<snd_seq_event_t>?
            let rc = snd_seq_event_input(seq, &ev)
            if rc == -EAGAIN || rc == -ENOSPC && ev == nil { break }
            guard rc >= 0, let e = ev?.pointee else { if rc == -ENOSPC { continue } else { break } }
            if let message = Self.message(e) {
                handler(message)
                delivered += 1
            }
            if snd_seq_event_input_pending(seq, 0) == 0 { break }
        }
        return delivered
    }

    /// The channel message of a sequencer event, or nil for the kinds not delivered.
    private static func message(_ e: snd_seq_event_t) -> ChannelMessage? {
        switch Int32(e.type) {
        case Int32(SND_SEQ_EVENT_NOTEON.rawValue):
            let n = e.data.note
            return .noteOn(channel: n.channel & 15, note: n.note & 127, velocity: n.velocity & 127)
        case Int32(SND_SEQ_EVENT_NOTEOFF.rawValue):
            let n = e.data.note
            return .noteOff(channel: n.channel & 15, note: n.note & 127, velocity: n.velocity & 127)
        case Int32(SND_SEQ_EVENT_CONTROLLER.rawValue):
            let c = e.data.control
            return .controlChange(channel: c.channel & 15, controller: UInt8(c.param & 127), value: UInt8(clamping: max(c.value, 0)))
        case Int32(SND_SEQ_EVENT_PGMCHANGE.rawValue):
            let c = e.data.control
            return .programChange(channel: c.channel & 15, program: UInt8(clamping: max(c.value, 0)))
        case Int32(SND_SEQ_EVENT_PITCHBEND.rawValue):
            let c = e.data.control
            return .pitchBend(channel: c.channel & 15, value: Int16(clamping: c.value))
        case Int32(SND_SEQ_EVENT_CHANPRESS.rawValue):
            let c = e.data.control
            return .channelPressure(channel: c.channel & 15, pressure: UInt8(clamping: max(c.value, 0)))
        default:
            return nil
        }
    }

    deinit {
        if let seq { snd_seq_close(seq) }
    }
}
