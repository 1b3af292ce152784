/// A stretch of frames where the sustain pedal (MIDI controller 64) is down: from `onFrame` up to
/// (not including) `offFrame`. Frames are on the labels' grid (frame i at i / frames per second s).
package struct PedalInterval: Sendable, Hashable, Codable {
    /// The first frame with the pedal down.
    package var onFrame: Int
    /// The first frame with it up again; always after `onFrame`.
    package var offFrame: Int

    package init(onFrame: Int, offFrame: Int) {
        self.onFrame = onFrame
        self.offFrame = offFrame
    }
}
