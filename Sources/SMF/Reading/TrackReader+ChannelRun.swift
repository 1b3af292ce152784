extension SMFReader {
    // MARK: Runs of channel messages

    /// The hot path of `readTrack`: after a channel message, reads the channel messages that follow
    /// it, handing each to `sink`, for as long as their bytes are clean (a delta time of 1-4 bytes, a
    /// channel status or running status, data bytes below 0x80) and lie well inside the chunk
    /// (before `end - 6`, so that no byte of a 7-byte event needs a bounds check) and before
    /// `releaseAt`. It stops at the first event that is anything else (meta, sysex, a damaged byte,
    /// the last bytes of the chunk), with `pos` at that event's start, for `readTrack`'s general
    /// loop to read it: the events read here are read exactly as that loop would read them.
    ///
    /// - Parameters:
    ///   - running: the running status (a channel status, never 0 here), updated.
    ///   - count: the events handed to the sink so far, updated.
    @inlinable @inline(__always)
    func readChannelRun<Sink: TrackSink>(_ pos: inout Int, end: Int, releaseAt: Int, running: inout UInt8,
                                         count: inout Int, track: Int, into sink: inout Sink) {
        guard let base = p.baseAddress else { return }
        let stop = min(end - 6, releaseAt)
        var q = pos
        var status = running
        var n = count
        // Delta times above this are reported (lenient mode; in strict mode none is).
        let huge = lenient ? hugeDelta : .max
        while q < stop {
            let eventStart = q
            var b = base[q]
            var delta = UInt32(b)
            q &+= 1
            if b >= 0x80 {
                delta &= 0x7F
                b = base[q]
                delta = delta << 7 | UInt32(b & 0x7F)
                q &+= 1
                if b >= 0x80 {
                    b = base[q]
                    delta = delta << 7 | UInt32(b & 0x7F)
                    q &+= 1
                    if b >= 0x80 {
                        b = base[q]
                        delta = delta << 7 | UInt32(b & 0x7F)
                        q &+= 1
                        if b >= 0x80 { q = eventStart; break }
                    }
                }
            }
            var s = base[q]
            if s >= 0x80 {
                if s >= 0xF0 { q = eventStart; break }
                q &+= 1
            } else {
                s = status
            }
            let d1 = base[q]
            if d1 >= 0x80 { q = eventStart; break }
            var d2: UInt8 = 0
            if s < 0xC0 || s >= 0xE0 {
                d2 = base[q &+ 1]
                if d2 >= 0x80 { q = eventStart; break }
                q &+= 2
            } else {
                q &+= 1
            }
            if delta > huge { warnHugeDelta(delta, track: track, offset: eventStart) }
            status = s
            sink.channel(status: s, d1, d2, delta: delta, at: eventStart)
            n &+= 1
        }
        pos = q
        running = status
        count = n
    }
}
