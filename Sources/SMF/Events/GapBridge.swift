extension Event {
    /// The event that bridges a gap longer than one delta time holds (0x0FFFFFFF ticks): an
    /// empty text meta event (FF 01 00), which no player acts on.
    package static let gapBridge = Event.meta(.text(.text, []))
}

extension Array where Element == TrackEvent {
    /// Appends `event` `delta` ticks after the last event; where `delta` exceeds what a delta time
    /// holds, empty text events (`Event.gapBridge`) every 0x0FFFFFFF ticks come first, so that
    /// nothing moves. Returns how many were inserted.
    @discardableResult
    package mutating func append(_ event: Event, after delta: Int) -> Int {
        var delta = delta, bridges = 0
        while delta > Int(VLQ.maxValue) {
            append(TrackEvent(delta: VLQ.maxValue, event: .gapBridge))
            delta -= Int(VLQ.maxValue)
            bridges += 1
        }
        append(TrackEvent(delta: UInt32(delta), event: event))
        return bridges
    }
}
