import SMF

/// A channel message that is not a note (program change, control change, pitch bend, pressure),
/// placed at an absolute tick.
///
/// A control takes 8 bytes (a score read from a large file holds millions of them): the tick, a
/// signed 37-bit value, and the message (its kind, channel and data bytes, or the pitch bend value)
/// packed into one 64-bit word behind the same properties. The tick is therefore limited to
/// ``tickRange`` (-2^36 ... 2^36 - 1: up to 68,719,476,735 ticks, about 414 days at 960 ticks per
/// quarter note and 120 bpm); setting one outside it is a programming error (a precondition
/// failure). A strict `Score.read` refuses a file with a later control (`SMFError.Kind.controlTooLate`,
/// at the byte offset of its event); a lenient one places it at the last tick a control holds,
/// with a warning.
public struct ControlEvent: Sendable, Hashable {
    /// Bits 0-2 the message kind (0 note off ... 6 pitch bend, as `Kind`), 3-10 the channel,
    /// 11-26 the data (two bytes, or the pitch bend value as 16 bits), 27-63 the tick (two's
    /// complement, 37 bits).
    private var packed: UInt64

    /// The ticks a control can be placed at: -2^36 ... 2^36 - 1.
    public static let tickRange: ClosedRange<Int> = -(1 << 36)...((1 << 36) - 1)

    private enum Kind: UInt64 {
        case noteOff, noteOn, polyPressure, controlChange, programChange, channelPressure, pitchBend
    }

    /// Ticks from the beginning of the score, within ``tickRange``.
    public var tick: Int {
        @inline(__always) get { Int(Int64(bitPattern: packed) >> 27) }
        @inline(__always) set {
            precondition(ControlEvent.tickRange.contains(newValue),
                         "a control's tick must lie in \(ControlEvent.tickRange), not \(newValue)")
            packed = packed & 0x7FF_FFFF | UInt64(bitPattern: Int64(newValue)) << 27
        }
    }

    /// The message; never `.noteOn` or `.noteOff` (those become `Note`s).
    public var message: ChannelMessage {
        @inline(__always) get {
            let channel = UInt8(truncatingIfNeeded: packed >> 3)
            let a = UInt8(truncatingIfNeeded: packed >> 11)
            let b = UInt8(truncatingIfNeeded: packed >> 19)
            switch Kind(rawValue: packed & 7)! {
            case .noteOff: return .noteOff(channel: channel, note: a, velocity: b)
            case .noteOn: return .noteOn(channel: channel, note: a, velocity: b)
            case .polyPressure: return .polyPressure(channel: channel, note: a, pressure: b)
            case .controlChange: return .controlChange(channel: channel, controller: a, value: b)
            case .programChange: return .programChange(channel: channel, program: a)
            case .channelPressure: return .channelPressure(channel: channel, pressure: a)
            case .pitchBend: return .pitchBend(channel: channel, value: Int16(bitPattern: UInt16(truncatingIfNeeded: packed >> 11)))
            }
        }
        @inline(__always) set { packed = packed & ~0x7FF_FFFF | Self.pack(newValue) }
    }

    /// - Precondition: `tick` lies in ``tickRange``.
    public init(tick: Int, message: ChannelMessage) {
        precondition(ControlEvent.tickRange.contains(tick), "a control's tick must lie in \(ControlEvent.tickRange), not \(tick)")
        packed = UInt64(bitPattern: Int64(tick)) << 27 | Self.pack(message)
    }

    /// The control of a channel message's bytes, as a file holds them: `status` 0xA0-0xEF (not a
    /// note), data bytes 0-127 (`data2` 0 for program change and channel pressure). The same value
    /// as `init(tick:message:)` with `ChannelMessage(status:data1:data2:)`, without the enum.
    /// - Precondition: `tick` lies in ``tickRange``.
    @inline(__always)
    package init(tick: Int, status: UInt8, data1: UInt8, data2: UInt8) {
        precondition(ControlEvent.tickRange.contains(tick), "a control's tick must lie in \(ControlEvent.tickRange), not \(tick)")
        let kind = UInt64(status >> 4) &- 8
        let data = kind == Kind.pitchBend.rawValue
            ? UInt16(bitPattern: (Int16(data2) << 7 | Int16(data1)) - 8192)
            : UInt16(data1) | UInt16(data2) << 8
        packed = UInt64(bitPattern: Int64(tick)) << 27 | kind | UInt64(status & 0x0F) << 3 | UInt64(data) << 11
    }

    /// The message's bytes as a file holds them (status, then data bytes; `data2` 0 for program
    /// change and channel pressure), for the writer; nil when the message holds a value a file
    /// cannot (a channel above 15, a data byte above 127, a pitch bend outside -8192...8191).
    @inline(__always)
    package var wireBytes: (status: UInt8, data1: UInt8, data2: UInt8)? {
        let kind = packed & 7
        let channel = UInt8(truncatingIfNeeded: packed >> 3)
        guard kind < 7, channel < 16 else { return nil }
        let status = UInt8(truncatingIfNeeded: 0x80 + kind << 4) | channel
        if kind == Kind.pitchBend.rawValue {
            let value = Int(Int16(bitPattern: UInt16(truncatingIfNeeded: packed >> 11)))
            guard value >= -8192 && value <= 8191 else { return nil }
            let wire = value + 8192
            return (status, UInt8(wire & 0x7F), UInt8(wire >> 7))
        }
        let a = UInt8(truncatingIfNeeded: packed >> 11), b = UInt8(truncatingIfNeeded: packed >> 19)
        guard a < 0x80 && b < 0x80 else { return nil }
        return (status, a, b)
    }

    /// The message's kind, channel and data in bits 0-26.
    @inline(__always)
    private static func pack(_ message: ChannelMessage) -> UInt64 {
        @inline(__always)
        func word(_ kind: Kind, _ channel: UInt8, _ data: UInt16) -> UInt64 {
            kind.rawValue | UInt64(channel) << 3 | UInt64(data) << 11
        }
        switch message {
        case .noteOff(let c, let n, let v): return word(.noteOff, c, UInt16(n) | UInt16(v) << 8)
        case .noteOn(let c, let n, let v): return word(.noteOn, c, UInt16(n) | UInt16(v) << 8)
        case .polyPressure(let c, let n, let p): return word(.polyPressure, c, UInt16(n) | UInt16(p) << 8)
        case .controlChange(let c, let n, let v): return word(.controlChange, c, UInt16(n) | UInt16(v) << 8)
        case .programChange(let c, let p): return word(.programChange, c, UInt16(p))
        case .channelPressure(let c, let p): return word(.channelPressure, c, UInt16(p))
        case .pitchBend(let c, let v): return word(.pitchBend, c, UInt16(bitPattern: v))
        }
    }
}

extension ControlEvent: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `ControlEvent(tick: 0, message: SMF.ChannelMessage.programChange(channel: 0, program: 5))`:
    /// the fields, as a plain struct of them prints (the packed storage is not shown).
    public var description: String {
        "ControlEvent(tick: \(tick), message: \(String(reflecting: message)))"
    }

    /// `Music.ControlEvent(tick: 0, ...)`, as a plain struct prints inside collections.
    public var debugDescription: String { "Music." + description }

    /// The fields `tick` and `message` (for `dump` and debuggers).
    public var customMirror: Mirror {
        Mirror(self, children: ["tick": tick, "message": message], displayStyle: .struct)
    }
}
