/// A note that no event of the file ends (no note-off, no note-on with velocity 0, no re-strike of
/// the same key, no All Notes Off / All Sound Off on its channel), so that it would sound forever.
/// `Renderer` (and `PlayerSchedule`) release it with a note-off at the end of the track holding its
/// note-on, where `inspect` and the Score reader end it too.
public struct UnendedNote: Sendable, Hashable {
    /// 0-based index of the track holding the note-on.
    public var track: Int
    /// MIDI channel, 0-based (0...15).
    public var channel: UInt8
    /// MIDI note number (60 = middle C).
    public var note: UInt8
    /// Absolute tick of the note-on in its track.
    public var onTick: Int
    /// Absolute tick of the end of its track (its End of Track, else its last event), where the
    /// note is released.
    public var releaseTick: Int

    /// - Parameters: see the properties.
    public init(track: Int, channel: UInt8, note: UInt8, onTick: Int, releaseTick: Int) {
        self.track = track
        self.channel = channel
        self.note = note
        self.onTick = onTick
        self.releaseTick = releaseTick
    }
}
