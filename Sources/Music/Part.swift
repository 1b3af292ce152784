import SMF

/// A channel message that is not a note (program change, control change, pitch bend, pressure),
/// placed at an absolute tick.
public struct ControlEvent: Sendable, Hashable {
    /// Ticks from the beginning of the score.
    public var tick: Int
    /// The message; never `.noteOn` or `.noteOff` (those become `Note`s).
    public var message: ChannelMessage
    public init(tick: Int, message: ChannelMessage) {
        self.tick = tick
        self.message = message
    }
}

/// One track of a score: its notes and its other channel messages. A part read from a format 0
/// file may use several channels.
public struct Part: Sendable, Hashable {
    /// The track name (SMF meta 0x03), if any.
    public var name: String?
    /// Notes sorted by start tick, then pitch, then channel.
    public var notes: [Note]
    /// Non-note channel messages sorted by tick.
    public var controls: [ControlEvent]

    public init(name: String? = nil, notes: [Note] = [], controls: [ControlEvent] = []) {
        self.name = name
        self.notes = Part.sortedByStart(notes)
        self.controls = controls
    }

    /// `notes` sorted by (start, pitch, channel), stably; no work when they are already in order.
    static func sortedByStart(_ notes: [Note]) -> [Note] {
        func before(_ a: Note, _ b: Note) -> Bool { (a.start, a.pitch, a.channel) < (b.start, b.pitch, b.channel) }
        var inOrder = true
        for i in notes.indices.dropFirst() where before(notes[i], notes[i - 1]) {
            inOrder = false
            break
        }
        return inOrder ? notes : notes.sorted(by: before)
    }

    /// The channels used by notes and controls, ascending.
    public var channels: [UInt8] {
        Set(notes.map(\.channel) + controls.map(\.message.channel)).sorted()
    }

    /// The General MIDI programs (0-127) set by program changes, in order of appearance, without repeats.
    public var programs: [UInt8] {
        var seen: [UInt8] = []
        for c in controls {
            if case .programChange(_, let p) = c.message, !seen.contains(p) { seen.append(p) }
        }
        return seen
    }

    /// The last tick touched by a note or control, 0 for an empty part.
    public var endTick: Int {
        max(notes.map(\.end).max() ?? 0, controls.map(\.tick).max() ?? 0)
    }
}
