/// What the acoustic model hears in each frame (10 ms at 100 frames per second), for each of the
/// 88 piano keys: the probabilities that a note starts (onset), sounds (frame) or ends (offset)
/// there, and the velocity of a note starting there.
///
/// Every array is `frameCount x keys`, row-major: key `k` (MIDI pitch `lowestKey + k`) of frame `f`
/// at `f * keys + k`.
package struct PianoActivations: Sendable, Hashable {
    /// MIDI pitch of key 0 (A0).
    package static let lowestKey = 21
    /// Keys of a piano, A0 to C8 (MIDI 21...108).
    package static let keys = 88

    /// Frames covered.
    package var frameCount: Int
    /// Onset probabilities in 0...1.
    package var onset: [Float]
    /// Sounding-note (frame) probabilities in 0...1.
    package var frame: [Float]
    /// Offset probabilities in 0...1 (the frame where a note's key is released).
    package var offset: [Float]
    /// Predicted MIDI velocity / 127 (in 0...1), meaningful where an onset is.
    package var velocity: [Float]
    /// Sustain-pedal probabilities (`frameCount` values), nil for a model without a pedal head.
    package var pedal: [Float]?

    package init(frameCount: Int, onset: [Float], frame: [Float], offset: [Float], velocity: [Float], pedal: [Float]? = nil) {
        let n = frameCount * Self.keys
        precondition(onset.count == n && frame.count == n && offset.count == n && velocity.count == n && (pedal?.count ?? frameCount) == frameCount,
                     "PianoActivations: arrays must be frameCount x 88")
        self.frameCount = frameCount
        self.onset = onset
        self.frame = frame
        self.offset = offset
        self.velocity = velocity
        self.pedal = pedal
    }

    /// Activations of `frameCount` frames, all zero (no pedal).
    package init(zeroFrames frameCount: Int) {
        let z = [Float](repeating: 0, count: frameCount * Self.keys)
        self.init(frameCount: frameCount, onset: z, frame: z, offset: z, velocity: z)
    }

    /// `other` appended after these frames (both with or both without a pedal head).
    package mutating func append(_ other: PianoActivations) {
        frameCount += other.frameCount
        onset += other.onset
        frame += other.frame
        offset += other.offset
        velocity += other.velocity
        if let p = other.pedal { pedal = (pedal ?? []) + p }
    }
}
