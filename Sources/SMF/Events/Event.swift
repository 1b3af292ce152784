/// One event of an `MTrk` chunk, without its delta time (SMF 1.0 spec, "Track Chunks": `<event> =
/// <MIDI event> | <sysex event> | <meta-event>`).
public enum Event: Sendable, Hashable {
    /// A channel voice message (status 0x80-0xEF).
    case channel(ChannelMessage)
    /// A system exclusive event `F0 <length> <bytes>`. `data` holds the bytes after the length,
    /// normally ending with 0xF7; the leading 0xF0 is not included.
    case sysex([UInt8])
    /// An escape / sysex continuation event `F7 <length> <bytes>`: `data` is sent as is.
    case escape([UInt8])
    /// A meta event `FF <type> <length> <bytes>`.
    case meta(MetaEvent)
}

/// A channel voice message (MIDI 1.0 spec, "Channel Voice Messages"). Channels are 0-15
/// (MIDI channel 1 is 0); note numbers, velocities, controller numbers and values are 0-127.
public enum ChannelMessage: Sendable, Hashable {
    /// 0x8n: note off.
    case noteOff(channel: UInt8, note: UInt8, velocity: UInt8)
    /// 0x9n: note on. Velocity 0 means note off by convention; it is kept as written.
    case noteOn(channel: UInt8, note: UInt8, velocity: UInt8)
    /// 0xAn: polyphonic key pressure (aftertouch).
    case polyPressure(channel: UInt8, note: UInt8, pressure: UInt8)
    /// 0xBn: control change (including channel mode messages, controllers 120-127).
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    /// 0xCn: program change; `program` is the 0-based General MIDI program (0 = Acoustic Grand Piano).
    case programChange(channel: UInt8, program: UInt8)
    /// 0xDn: channel pressure (aftertouch).
    case channelPressure(channel: UInt8, pressure: UInt8)
    /// 0xEn: pitch bend, signed 14-bit: -8192...8191, 0 = centre (wire value 0x2000).
    case pitchBend(channel: UInt8, value: Int16)

    /// The channel, 0-15.
    public var channel: UInt8 {
        switch self {
        case .noteOff(let c, _, _), .noteOn(let c, _, _), .polyPressure(let c, _, _),
             .controlChange(let c, _, _), .programChange(let c, _), .channelPressure(let c, _),
             .pitchBend(let c, _):
            return c
        }
    }

    /// The message of a status byte 0x80-0xEF and its data bytes (`data2` unused by program change
    /// and channel pressure); pitch bend's 14 bits become -8192...8191.
    @inlinable @inline(__always)
    package init(status: UInt8, data1 d1: UInt8, data2 d2: UInt8) {
        let channel = status & 0x0F
        switch status >> 4 {
        case 0x8: self = .noteOff(channel: channel, note: d1, velocity: d2)
        case 0x9: self = .noteOn(channel: channel, note: d1, velocity: d2)
        case 0xA: self = .polyPressure(channel: channel, note: d1, pressure: d2)
        case 0xB: self = .controlChange(channel: channel, controller: d1, value: d2)
        case 0xC: self = .programChange(channel: channel, program: d1)
        case 0xD: self = .channelPressure(channel: channel, pressure: d1)
        default: self = .pitchBend(channel: channel, value: (Int16(d2) << 7 | Int16(d1)) - 8192)
        }
    }

    /// The status byte, 0x80-0xEF.
    public var status: UInt8 {
        switch self {
        case .noteOff: return 0x80 | channel
        case .noteOn: return 0x90 | channel
        case .polyPressure: return 0xA0 | channel
        case .controlChange: return 0xB0 | channel
        case .programChange: return 0xC0 | channel
        case .channelPressure: return 0xD0 | channel
        case .pitchBend: return 0xE0 | channel
        }
    }
}

/// The kind of a text meta event, types 0x01-0x0F (SMF 1.0 spec, "Meta-Events").
/// Types 0x08-0x0F are reserved for text by the spec and kept as `.other(type)`.
public enum TextKind: Sendable, Hashable {
    case text, copyright, trackName, instrumentName, lyric, marker, cuePoint
    /// A text type 0x08-0x0F (0x08 program name and 0x09 device name by later RP-019 usage).
    case other(UInt8)

    /// The meta type byte, 0x01-0x0F.
    public var type: UInt8 {
        switch self {
        case .text: return 0x01
        case .copyright: return 0x02
        case .trackName: return 0x03
        case .instrumentName: return 0x04
        case .lyric: return 0x05
        case .marker: return 0x06
        case .cuePoint: return 0x07
        case .other(let t): return t
        }
    }

    /// The kind for a meta type byte 0x01-0x0F, nil outside that range.
    public init?(type: UInt8) {
        switch type {
        case 0x01: self = .text
        case 0x02: self = .copyright
        case 0x03: self = .trackName
        case 0x04: self = .instrumentName
        case 0x05: self = .lyric
        case 0x06: self = .marker
        case 0x07: self = .cuePoint
        case 0x08...0x0F: self = .other(type)
        default: return nil
        }
    }
}

/// A meta event (SMF 1.0 spec, "Meta-Events"), typed where the spec defines the type.
public enum MetaEvent: Sendable, Hashable {
    /// FF 00 02 ssss: sequence number; `nil` for the zero-length form (FF 00 00).
    case sequenceNumber(UInt16?)
    /// FF 01-0F: text. The bytes are kept as written (the spec names no encoding).
    case text(TextKind, [UInt8])
    /// FF 20 01 cc: MIDI channel prefix, 0-15.
    case channelPrefix(UInt8)
    /// FF 21 01 pp: MIDI port (RP, widely used).
    case port(UInt8)
    /// FF 2F 00: end of track.
    case endOfTrack
    /// FF 51 03 tttttt: tempo in microseconds per quarter note (500000 = 120 bpm).
    case tempo(microsecondsPerQuarter: UInt32)
    /// FF 54 05 hr mn se fr ff: SMPTE offset. `hours` keeps its frame-rate bits (bits 5-6) as written.
    case smpteOffset(hours: UInt8, minutes: UInt8, seconds: UInt8, frames: UInt8, fractionalFrames: UInt8)
    /// FF 58 04 nn dd cc bb: time signature `numerator / 2^denominatorPower`, MIDI clocks per
    /// metronome click, notated 32nd notes per MIDI quarter note (24 clocks).
    case timeSignature(numerator: UInt8, denominatorPower: UInt8, clocksPerClick: UInt8, thirtySecondsPerQuarter: UInt8)
    /// FF 59 02 sf mi: key signature; `sharpsFlats` -7 (7 flats) ... 7 (7 sharps), `minor` from mi = 1.
    case keySignature(sharpsFlats: Int8, minor: Bool)
    /// FF 7F len data: sequencer-specific.
    case sequencerSpecific([UInt8])
    /// Any other meta type, or a standard one whose length or values do not match the spec (e.g. a
    /// 2-byte tempo, a channel prefix above 15, a key signature outside -7...7 or with mode other
    /// than 0/1), kept as raw bytes (`data` = the bytes after the length) so that it is written back
    /// unchanged.
    case unknown(type: UInt8, data: [UInt8])

    /// The meta type byte.
    public var type: UInt8 {
        switch self {
        case .sequenceNumber: return 0x00
        case .text(let kind, _): return kind.type
        case .channelPrefix: return 0x20
        case .port: return 0x21
        case .endOfTrack: return 0x2F
        case .tempo: return 0x51
        case .smpteOffset: return 0x54
        case .timeSignature: return 0x58
        case .keySignature: return 0x59
        case .sequencerSpecific: return 0x7F
        case .unknown(let t, _): return t
        }
    }
}

/// An event with its delta time: ticks since the previous event of the same track (SMF 1.0 spec,
/// `<MTrk event> = <delta-time> <event>`). Delta times are 0...0x0FFFFFFF.
public struct TrackEvent: Sendable, Hashable {
    public var delta: UInt32
    public var event: Event
    public init(delta: UInt32, event: Event) {
        self.delta = delta
        self.event = event
    }
}
