/// An event placed on the file's time axis: absolute tick from the start of its track.
public struct TimedEvent: Sendable, Hashable {
    /// Ticks from the start of the track (the sum of the delta times up to and including this event).
    public var tick: Int
    /// 0-based index of the track it came from.
    public var track: Int
    public var event: Event
    public init(tick: Int, track: Int, event: Event) {
        self.tick = tick
        self.track = track
        self.event = event
    }
}

extension Track {
    /// The events with absolute ticks (running sums of delta times), in file order.
    public func timedEvents(track index: Int = 0) -> [TimedEvent] {
        var tick = 0
        return events.map { e in
            tick += Int(e.delta)
            return TimedEvent(tick: tick, track: index, event: e.event)
        }
    }
}

extension MIDIFile {
    /// All tracks' events merged by absolute tick; events at the same tick keep track order, then
    /// file order (a stable merge). For format 2 files the tracks are independent sequences, and
    /// merging them is what a player that plays them together would do.
    public func mergedEvents() -> [TimedEvent] {
        var all: [TimedEvent] = []
        all.reserveCapacity(tracks.reduce(0) { $0 + $1.events.count })
        for (i, t) in tracks.enumerated() { all.append(contentsOf: t.timedEvents(track: i)) }
        // Stable: sort by (tick, track, original index).
        return all.enumerated().sorted {
            ($0.element.tick, $0.element.track, $0.offset) < ($1.element.tick, $1.element.track, $1.offset)
        }.map(\.element)
    }
}
