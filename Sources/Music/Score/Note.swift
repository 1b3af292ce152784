/// A sounding note: pitch, loudness, channel and its span on the score's tick axis.
public struct Note: Sendable, Hashable, Codable {
    /// MIDI note number 0-127 (60 = middle C, C4).
    public var pitch: UInt8
    /// Note-on velocity 1-127.
    public var velocity: UInt8
    /// MIDI channel 0-15 (9 = General MIDI percussion).
    public var channel: UInt8
    /// Start, in ticks from the beginning of the score.
    public var start: Int
    /// Duration in ticks (>= 0).
    public var duration: Int

    /// End tick: `start + duration`.
    public var end: Int { start + duration }

    public init(pitch: UInt8, velocity: UInt8 = 90, channel: UInt8 = 0, start: Int, duration: Int) {
        self.pitch = pitch
        self.velocity = velocity
        self.channel = channel
        self.start = start
        self.duration = duration
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
