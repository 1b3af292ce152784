/// The sustain pedal (MIDI controller 64) going down or up at a frame.
package struct PedalEvent: Sendable, Hashable, Codable {
    /// The frame where the change happens.
    package var frame: Int
    /// True: pedal down (CC 64 value 127); false: up (value 0).
    package var down: Bool

    package init(frame: Int, down: Bool) {
        self.frame = frame
        self.down = down
    }
}
