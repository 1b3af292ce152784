/// A sounding note: pitch, loudness, channel and its span on the score's tick axis.
///
/// A note takes 16 bytes (a score of millions of notes is read into about two thirds of the memory
/// of a plain layout): `start` in full, and the duration, pitch, velocity and channel packed into
/// one 64-bit word. The duration is therefore limited to ``durationRange`` (a signed 40-bit value:
/// up to 549,755,813,887 ticks, about 9 years at 960 ticks per quarter note and 120 bpm); setting
/// one outside it is a programming error (a precondition failure). A strict `Score.read` refuses a
/// file with a longer note (`SMFError.Kind.noteTooLong`, at the byte offset of the event that ends
/// it); a lenient one ends the note at the longest duration, with a warning.
/// Encoded (`Codable`) with the keys `pitch`, `velocity`, `channel`, `start`, `duration`, in that order.
public struct Note: Sendable, Hashable, Codable {
    /// Start, in ticks from the beginning of the score.
    public var start: Int
    /// Bits 0-7 pitch, 8-15 velocity, 16-23 channel, 24-63 the duration (two's complement, 40 bits).
    private var packed: UInt64

    /// The durations a note can hold, in ticks: -2^39 ... 2^39 - 1.
    public static let durationRange: ClosedRange<Int> = -(1 << 39)...((1 << 39) - 1)

    /// MIDI note number 0-127 (60 = middle C, C4).
    public var pitch: UInt8 {
        @inline(__always) get { UInt8(truncatingIfNeeded: packed) }
        @inline(__always) set { packed = packed & ~0xFF | UInt64(newValue) }
    }
    /// Note-on velocity 1-127.
    public var velocity: UInt8 {
        @inline(__always) get { UInt8(truncatingIfNeeded: packed >> 8) }
        @inline(__always) set { packed = packed & ~0xFF00 | UInt64(newValue) << 8 }
    }
    /// MIDI channel 0-15 (9 = General MIDI percussion).
    public var channel: UInt8 {
        @inline(__always) get { UInt8(truncatingIfNeeded: packed >> 16) }
        @inline(__always) set { packed = packed & ~0xFF_0000 | UInt64(newValue) << 16 }
    }
    /// Duration in ticks (>= 0 for every note read or composed), within ``durationRange``.
    public var duration: Int {
        @inline(__always) get { Int(Int64(bitPattern: packed) >> 24) }
        @inline(__always) set {
            precondition(Note.durationRange.contains(newValue),
                         "a note's duration must lie in \(Note.durationRange) ticks, not \(newValue)")
            packed = packed & 0xFF_FFFF | UInt64(bitPattern: Int64(newValue)) << 24
        }
    }

    /// End tick: `start + duration`.
    public var end: Int { start + duration }

    /// - Precondition: `duration` lies in ``durationRange``.
    public init(pitch: UInt8, velocity: UInt8 = 90, channel: UInt8 = 0, start: Int, duration: Int) {
        precondition(Note.durationRange.contains(duration),
                     "a note's duration must lie in \(Note.durationRange) ticks, not \(duration)")
        self.start = start
        packed = UInt64(pitch) | UInt64(velocity) << 8 | UInt64(channel) << 16 | UInt64(bitPattern: Int64(duration)) << 24
    }

    private enum CodingKeys: String, CodingKey {
        case pitch, velocity, channel, start, duration
    }

    /// Decodes the keys `pitch`, `velocity`, `channel`, `start`, `duration`.
    /// - Throws: `DecodingError.dataCorrupted` when the duration lies outside ``durationRange``, and
    ///   the decoder's errors.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let duration = try c.decode(Int.self, forKey: .duration)
        guard Note.durationRange.contains(duration) else {
            throw DecodingError.dataCorruptedError(forKey: .duration, in: c,
                                                   debugDescription: "a note's duration must lie in \(Note.durationRange) ticks, not \(duration)")
        }
        self.init(pitch: try c.decode(UInt8.self, forKey: .pitch), velocity: try c.decode(UInt8.self, forKey: .velocity),
                  channel: try c.decode(UInt8.self, forKey: .channel), start: try c.decode(Int.self, forKey: .start),
                  duration: duration)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pitch, forKey: .pitch)
        try c.encode(velocity, forKey: .velocity)
        try c.encode(channel, forKey: .channel)
        try c.encode(start, forKey: .start)
        try c.encode(duration, forKey: .duration)
    }
}

/// Scientific pitch names: MIDI note 60 = "C4", 61 = "C#4", 69 = "A4" (440 Hz).
public enum PitchName {
    static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]

    /// "C4" for 60, "A#-1" for 10.
    public static func name(of pitch: UInt8) -> String {
        sharpNames[Int(pitch) % 12] + String(Int(pitch) / 12 - 1)
    }

    /// The pitch class 0-11 (C = 0) of a letter with optional accidentals: "C", "F#", "Bb", "Ebb", "E#".
    /// Case-insensitive letter; returns nil for anything else.
    public static func pitchClass(of text: String) -> Int? {
        guard let semitones = semitonesAboveC(text) else { return nil }
        return ((semitones % 12) + 12) % 12
    }

    /// Parses "C4", "F#3", "Bb5", "C-1" to a MIDI note 0-127 ("B#3" = 60, "Cb4" = 59); nil if
    /// malformed or out of range.
    public static func pitch(of text: String) -> UInt8? {
        guard let octaveStart = text.firstIndex(where: { $0.isNumber || $0 == "-" }),
              let semitones = semitonesAboveC(String(text[..<octaveStart])),
              let octave = Int(text[octaveStart...]) else { return nil }
        let value = (octave + 1) * 12 + semitones
        return (0...127).contains(value) ? UInt8(value) : nil
    }

    /// Letter plus accidentals as semitones above C of the same octave (may be -1 or 12).
    private static func semitonesAboveC(_ text: String) -> Int? {
        guard let first = text.first,
              let index = ["C", "D", "E", "F", "G", "A", "B"].firstIndex(of: first.uppercased()) else { return nil }
        var value = [0, 2, 4, 5, 7, 9, 11][index]
        for c in text.dropFirst() {
            switch c {
            case "#", "♯": value += 1
            case "b", "♭": value -= 1
            default: return nil
            }
        }
        return value
    }
}

extension Note: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Note(pitch: 60, velocity: 90, channel: 0, start: 0, duration: 480)`: the fields, as a plain
    /// struct of them prints (the packed storage is not shown).
    public var description: String {
        "Note(pitch: \(pitch), velocity: \(velocity), channel: \(channel), start: \(start), duration: \(duration))"
    }

    /// `Music.Note(pitch: 60, ...)`, as a plain struct prints inside collections.
    public var debugDescription: String { "Music." + description }

    /// The fields `pitch`, `velocity`, `channel`, `start`, `duration` (for `dump` and debuggers).
    public var customMirror: Mirror {
        Mirror(self, children: ["pitch": pitch, "velocity": velocity, "channel": channel, "start": start, "duration": duration],
               displayStyle: .struct)
    }
}
