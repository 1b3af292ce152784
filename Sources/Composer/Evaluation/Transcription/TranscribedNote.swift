import Foundation

/// One note of a transcription or of its reference, in the terms mir_eval scores: an interval in
/// seconds, a pitch in hertz and a MIDI velocity.
public struct TranscribedNote: Sendable, Hashable, Codable {
    /// Onset in seconds from the start of the audio (>= 0).
    public var onset: Double
    /// Offset (note end) in seconds; mir_eval requires `offset > onset`.
    public var offset: Double
    /// Fundamental frequency in hertz (> 0).
    public var frequency: Double
    /// MIDI velocity, 0...127 (only the velocity metrics read it).
    public var velocity: Double

    /// - Parameters:
    ///   - onset: seconds.
    ///   - offset: seconds.
    ///   - frequency: hertz.
    ///   - velocity: MIDI velocity 0...127.
    public init(onset: Double, offset: Double, frequency: Double, velocity: Double = 100) {
        self.onset = onset
        self.offset = offset
        self.frequency = frequency
        self.velocity = velocity
    }

    /// A note of equal-tempered MIDI pitch `pitch` (A4 = 69 = 440 Hz, as `pretty_midi.note_number_to_hz`).
    public init(onset: Double, offset: Double, midiPitch pitch: Int, velocity: Double = 100) {
        self.init(onset: onset, offset: offset, frequency: Self.hertz(midiPitch: Double(pitch)), velocity: velocity)
    }

    /// `440 * 2^((pitch - 69) / 12)`.
    public static func hertz(midiPitch pitch: Double) -> Double {
        440 * pow(2, (pitch - 69) / 12)
    }

    /// The nearest MIDI pitch of `frequency` (69 + 12 log2(f / 440), rounded).
    public var midiPitch: Int { Int((69 + 12 * log2(frequency / 440)).rounded()) }
}
