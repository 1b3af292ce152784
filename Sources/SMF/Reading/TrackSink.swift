/// What receives one track's events while the reader parses them, in file order, each with its
/// delta time (ticks since the previous event handed over). The reader calls exactly what a
/// `Track` would hold: after a lenient repair, the repaired events (dropped events' delta times
/// added to the next one; one End of Track last).
///
/// Two sinks exist: the `MIDIFile` reader's (`TrackEventsSink`, which keeps `TrackEvent`s) and the
/// `Score` reader's in Music, which pairs note-ons with note-offs as they come, so that reading a
/// score builds no array of events.
@usableFromInline
package protocol TrackSink: SendableMetatype {
    /// A channel voice message as its bytes: `status` 0x80-0xEF (running status resolved), its
    /// data bytes 0-127 (`data2` 0 for the one-byte messages, program change and channel
    /// pressure; `ChannelMessage(status:data1:data2:)` makes the message of them); `offset`: the
    /// byte offset of its event (its delta time) in the data.
    mutating func channel(status: UInt8, _ data1: UInt8, _ data2: UInt8, delta: UInt32, at offset: Int)
    /// A meta event (End of Track included); `offset`: the byte offset of its event in the data (for
    /// an End of Track added by lenient reading, where the track's data ends).
    mutating func meta(_ event: MetaEvent, delta: UInt32, at offset: Int)
    /// A sysex (`F0`, `escape` false) or escape (`F7`, `escape` true) event: `data` is the bytes
    /// after its length, valid only during the call.
    mutating func sysex(escape: Bool, _ data: UnsafeBufferPointer<UInt8>, delta: UInt32)
    /// Called once after the track's last event.
    mutating func finish()
}

extension TrackSink {
    @usableFromInline
    package mutating func finish() {}
}

/// The sink that keeps every event, for `MIDIFile`.
struct TrackEventsSink: TrackSink {
    var events: [TrackEvent] = []

    /// - Parameter chunkBytes: the bytes of the chunk present in the data (the smallest event is
    ///   2 bytes, delta + one running-status data byte; a third of that is a fair guess).
    init(chunkBytes: Int) {
        events.reserveCapacity(max(0, chunkBytes) / 3)
    }

    mutating func channel(status: UInt8, _ data1: UInt8, _ data2: UInt8, delta: UInt32, at offset: Int) {
        events.append(TrackEvent(delta: delta, event: .channel(ChannelMessage(status: status, data1: data1, data2: data2))))
    }

    mutating func meta(_ event: MetaEvent, delta: UInt32, at offset: Int) {
        events.append(TrackEvent(delta: delta, event: .meta(event)))
    }

    mutating func sysex(escape: Bool, _ data: UnsafeBufferPointer<UInt8>, delta: UInt32) {
        let bytes = Array(data)
        events.append(TrackEvent(delta: delta, event: escape ? .escape(bytes) : .sysex(bytes)))
    }
}
