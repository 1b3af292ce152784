/// One note found by `NoteDecoder`: a MIDI key sounding from frame `onsetFrame` up to (not
/// including) frame `offsetFrame`, struck with `velocity`.
package struct PianoNote: Sendable, Hashable, Codable {
    /// MIDI key, 21 (A0) ... 108 (C8).
    package var pitch: Int
    /// The frame where the note starts (frame i is at i / frames per second seconds).
    package var onsetFrame: Int
    /// The first frame where it no longer sounds; always after `onsetFrame`.
    package var offsetFrame: Int
    /// MIDI velocity, 1...127.
    package var velocity: Int

    package init(pitch: Int, onsetFrame: Int, offsetFrame: Int, velocity: Int) {
        self.pitch = pitch
        self.onsetFrame = onsetFrame
        self.offsetFrame = offsetFrame
        self.velocity = velocity
    }

    /// Onset in seconds at `framesPerSecond`.
    package func onsetSeconds(framesPerSecond: Double) -> Double { Double(onsetFrame) / framesPerSecond }
    /// Offset in seconds at `framesPerSecond`.
    package func offsetSeconds(framesPerSecond: Double) -> Double { Double(offsetFrame) / framesPerSecond }
}
