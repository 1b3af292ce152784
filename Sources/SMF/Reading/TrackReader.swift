import FileIO

extension SMFReader {
    // MARK: Tracks

    /// Reads the `MTrk` chunk whose header is at `chunkStart` (data from `chunkStart + 8`), handing
    /// each event to `sink` as it is parsed (no event array is built here: the `MIDIFile` reader's
    /// sink collects `TrackEvent`s, the `Score` reader's pairs notes).
    ///
    /// - Parameters:
    ///   - declaredEnd: data start + the chunk's length field (may lie past the data in lenient mode).
    ///   - trusted: whether that end is believable (strict: always). A trusted end bounds the events
    ///     exactly; otherwise the events are read up to their End of Track, bounded by the next "MTrk"
    ///     or the end of the data.
    /// - Returns: the offset where the next chunk should be looked for.
    @inlinable
    func readTrack<Sink: TrackSink>(index: Int, chunkStart: Int, declaredEnd: Int, trusted: Bool,
                                    into sink: inout Sink) throws(SMFError) -> Int {
        let start = chunkStart + 8
        let end = trusted ? declaredEnd : (find("MTrk", from: start) ?? limit)
        var count = 0                   // events handed to the sink
        var lastIsEnd = false           // the last of them is End of Track
        var pos = start
        var running: UInt8 = 0          // running status: last channel status, 0 = none
        var lastChannel: UInt8 = 0      // last channel status, not cancelled by meta/sysex (lenient recovery)
        var cancelledAt = -1            // offset of the sysex/meta status that last cancelled it
        // Lenient state.
        var pending: UInt32 = 0         // delta times of dropped events, added to the next kept event
        var statusNext = false          // the next event starts with a status byte (no delta): after a skip
        var truncatedAt = -1            // start of a partial event at the end of the data
        var endedByEndOfTrack = false   // (untrusted end) stopped at End of Track
        var earlyEndOfTrack = -1        // offset of the first End of Track followed by more data
        var eventsBeforeEarlyEnd = 0
        var droppedEnds = 0
        // A mapped file's pages are given back every `releaseStep` bytes of the track.
        let releaseStep = 1 << 18
        var releaseAt = mapped == nil ? Int.max : start + releaseStep
        var releasedUpTo = chunkStart

        eventLoop: while pos < end {
            let eventStart = pos
            if pos >= releaseAt {
                mapped?.release(releasedUpTo..<pos)
                releasedUpTo = pos
                releaseAt = pos + releaseStep
            }
            var delta: UInt32 = 0
            if statusNext {
                statusNext = false
            } else {
                guard let d = try vlq(&pos, end: end, track: index, what: "delta time", tooLongIsZero: true) else {
                    truncatedAt = eventStart
                    break eventLoop
                }
                delta = d
            }
            guard pos < end else {
                guard lenient else {
                    throw SMFError(.truncated, track: index, offset: pos,
                                   expected: "an event after the delta time at offset \(eventStart) (the track chunk ends at offset \(end))")
                }
                truncatedAt = eventStart
                break eventLoop
            }
            let statusOffset = pos
            var status = p[pos]
            let reused = status < 0x80
            if reused {
                if running != 0 {
                    status = running
                } else if !lenient {
                    let why = cancelledAt >= 0
                        ? "running status was cancelled by the \(p[cancelledAt] == 0xFF ? "meta" : "sysex") event at offset \(cancelledAt)"
                        : "no earlier channel status in this track to reuse (running status)"
                    throw SMFError(.noRunningStatus, track: index, offset: pos,
                                   expected: "a status byte, found data byte 0x\(hex8(status)); \(why)")
                } else if lastChannel != 0 {
                    warn(.runningStatusAfterMetaOrSysex, track: index, offset: pos,
                         "data byte 0x\(hex8(status)) after the \(p[cancelledAt] == 0xFF ? "meta" : "sysex") event at offset \(cancelledAt), which cancels running status: read with the status 0x\(hex8(lastChannel)) from before it")
                    status = lastChannel
                    running = lastChannel
                } else {
                    // Skip to where events parse again: the first offset up to the next status byte
                    // from which two events (delta time and all) read cleanly, so that the next
                    // event keeps its delta time; failing that, the next status byte itself.
                    var q = pos + 1
                    while q < end && p[q] < 0x80 { q += 1 }
                    var resume = q
                    statusNext = true
                    var c = pos + 1
                    while c <= q && c < end {
                        if cleanRun(from: c, statusFirst: false, running: 0, end: end, limit: 2) >= 16 {
                            resume = c
                            statusNext = false
                            break
                        }
                        c += 1
                    }
                    warn(.noRunningStatus, track: index, offset: pos,
                         "data byte 0x\(hex8(status)) where a status byte belongs, with no status to reuse: \(resume - pos) byte(s) skipped")
                    pending = addDelta(pending, delta, track: index, offset: eventStart)
                    pos = resume
                    continue eventLoop
                }
            } else {
                pos += 1
            }
            let event: ParsedEvent
            switch status {
            case 0x80...0xEF:
                running = status
                lastChannel = status
                guard let d1 = try dataByte(&pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused) else {
                    truncatedAt = eventStart
                    break eventLoop
                }
                var d2: UInt8 = 0
                if status < 0xC0 || status >= 0xE0 {
                    guard let d = try dataByte(&pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused) else {
                        truncatedAt = eventStart
                        break eventLoop
                    }
                    d2 = d
                }
                // Channel messages, most of the events, go to the sink from here (no `ParsedEvent`).
                if pending != 0 {
                    delta = addDelta(pending, delta, track: index, offset: eventStart)
                    pending = 0
                }
                if lenient && delta > hugeDelta { warnHugeDelta(delta, track: index, offset: eventStart) }
                sink.channel(status: status, d1, d2, delta: delta, at: eventStart)
                lastIsEnd = false
                count += 1
                // The channel messages after it, most of a track, in a tighter loop.
                readChannelRun(&pos, end: end, releaseAt: releaseAt, running: &running, count: &count,
                               track: index, into: &sink)
                lastChannel = running
                continue eventLoop
            case 0xF0, 0xF7:
                running = 0
                cancelledAt = statusOffset
                let name = status == 0xF0 ? "sysex (F0)" : "escape (F7)"
                guard let length = try payloadLength(&pos, end: end, track: index, what: "\(name) length", payload: { length, from in
                    "\(length) bytes of the \(name) event at offset \(statusOffset) from offset \(from) (the track chunk ends at offset \(end))"
                }) else {
                    truncatedAt = eventStart
                    break eventLoop
                }
                event = .sysex(escape: status == 0xF7, start: pos, count: length)
                pos += length
            case 0xFF:
                guard pos < end else {
                    guard lenient else {
                        throw SMFError(.truncated, track: index, offset: pos,
                                       expected: "a meta event type after 0xFF at offset \(statusOffset) (the track chunk ends at offset \(end))")
                    }
                    truncatedAt = eventStart
                    break eventLoop
                }
                let type = p[pos]
                guard type < 0x80 else {
                    guard lenient else {
                        throw SMFError(.badDataByte, track: index, offset: pos,
                                       expected: "a meta event type 0x00-0x7F after 0xFF at offset \(statusOffset), found 0x\(hex8(type))")
                    }
                    warn(.badMetaType, track: index, offset: statusOffset,
                         "0xFF followed by 0x\(hex8(type)), which is not a meta event type (0x00-0x7F): the 0xFF dropped")
                    pending = addDelta(pending, delta, track: index, offset: eventStart)
                    statusNext = true
                    continue eventLoop
                }
                running = 0
                cancelledAt = statusOffset
                pos += 1
                guard let length = try payloadLength(&pos, end: end, track: index, what: "meta event length", payload: { length, _ in
                    "\(length) bytes of the meta event (type 0x\(hex8(type))) at offset \(statusOffset) (the track chunk ends at offset \(end))"
                }) else {
                    truncatedAt = eventStart
                    break eventLoop
                }
                let meta: MetaEvent
                if lenient {
                    let (m, used) = lenientMeta(type: type, at: pos, count: length, end: end, track: index, eventOffset: statusOffset)
                    meta = m
                    pos += used
                    if case .endOfTrack = m {
                        if !trusted {
                            // An untrusted chunk ends at its End of Track.
                            sink.meta(.endOfTrack, delta: addDelta(pending, delta, track: index, offset: eventStart), at: eventStart)
                            count += 1
                            lastIsEnd = true
                            pending = 0
                            endedByEndOfTrack = true
                            break eventLoop
                        } else if pos < end {
                            // End of Track with more data after it in the chunk: dropped, reading goes on.
                            if earlyEndOfTrack < 0 {
                                earlyEndOfTrack = statusOffset
                                eventsBeforeEarlyEnd = count
                            }
                            droppedEnds += 1
                            pending = addDelta(pending, delta, track: index, offset: eventStart)
                            lastChannel = 0
                            continue eventLoop
                        }
                    }
                } else {
                    // What lenient reading repairs: extra data bytes (the first `spec` used), a short
                    // time signature (given defaults). A shorter one it keeps unchanged as `.unknown`.
                    if let spec = Self.specLength(type), length > spec || (type == 0x58 && length >= 2 && length < spec) {
                        throw SMFError(.badMetaLength, track: index, offset: statusOffset,
                                       expected: "a \(Self.metaName(type)) meta event of \(spec) data byte(s), found \(length)")
                    }
                    if type == 0x2F && pos < end {
                        throw SMFError(.endOfTrack, track: index, offset: statusOffset,
                                       expected: "End of Track as the last event of its chunk (which ends at offset \(end)), found more events after it")
                    }
                    meta = self.meta(type: type, at: pos, count: length)
                    pos += length
                }
                event = .meta(meta)
            default:
                guard lenient else {
                    throw SMFError(.badStatus, track: index, offset: statusOffset,
                                   expected: "a status byte 0x80-0xEF, 0xF0, 0xF7 or 0xFF, found 0x\(hex8(status)) (system common and real-time messages cannot appear in an SMF track)")
                }
                // System common F1 (1 data byte), F2 (2), F3 (1), F4-F6 (0); real-time F8-FE (0).
                let dataCount = status == 0xF2 ? 2 : (status == 0xF1 || status == 0xF3) ? 1 : 0
                var k = 0
                while k < dataCount && pos < end && p[pos] < 0x80 {
                    pos += 1
                    k += 1
                }
                pending = addDelta(pending, delta, track: index, offset: eventStart)
                // A real-time byte may sit between a delta time and running-status data, as on a MIDI
                // cable; or it may be an event of its own, followed by the next delta time. The bytes
                // after it decide.
                var between = false
                if status >= 0xF8, running != 0, pos < end, p[pos] < 0x80 {
                    between = cleanRun(from: pos, statusFirst: true, running: running, end: end)
                        > cleanRun(from: pos, statusFirst: false, running: running, end: end)
                }
                statusNext = between
                warn(.systemMessageInTrack, track: index, offset: statusOffset,
                     "\(status >= 0xF8 ? "real-time" : "system common") message 0x\(hex8(status))\(k > 0 ? " with \(k) data byte(s)" : "") cannot appear in an SMF track: dropped\(between ? " (the running-status data after it kept)" : "")")
                continue eventLoop
            }
            if pending != 0 {
                delta = addDelta(pending, delta, track: index, offset: eventStart)
                pending = 0
            }
            if lenient && delta > hugeDelta { warnHugeDelta(delta, track: index, offset: eventStart) }
            switch event {
            case .meta(let meta):
                sink.meta(meta, delta: delta, at: eventStart)
                if case .endOfTrack = meta { lastIsEnd = true } else { lastIsEnd = false }
            case .sysex(let escape, let from, let length):
                sink.sysex(escape: escape, UnsafeBufferPointer(rebasing: p[from..<from + length]), delta: delta)
                lastIsEnd = false
            }
            count += 1
        }

        guard lenient else {
            guard count > 0 && lastIsEnd else {
                throw SMFError(.endOfTrack, track: index, offset: end,
                               expected: "End of Track (FF 2F 00) as the last event of the track chunk that ends at offset \(end)")
            }
            return end
        }

        // Lenient: say what happened to the chunk's end, and end the track with one End of Track.
        var next = trusted ? declaredEnd : (endedByEndOfTrack ? pos : end)
        if truncatedAt >= 0 {
            warn(.truncatedEvent, track: index, offset: truncatedAt,
                 "the \(trusted ? "track chunk" : "data") ends at offset \(end) inside the event that starts at offset \(truncatedAt): its \(end - truncatedAt) byte(s) dropped")
            next = trusted ? declaredEnd : end
        }
        let hasEnd = count > 0 && lastIsEnd
        if !trusted {
            let length = declaredEnd - start
            if endedByEndOfTrack {
                if pos < declaredEnd {
                    warn(.chunkLengthTooLong, track: index, offset: chunkStart + 4,
                         "the MTrk chunk declares \(length) bytes, but its End of Track ends after \(pos - start) (at offset \(pos)): read as \(pos - start)")
                } else {
                    warn(.chunkLengthTooShort, track: index, offset: chunkStart + 4,
                         "the MTrk chunk declares \(length) bytes, but its events run on to End of Track at offset \(pos) (\(pos - start) bytes): read as \(pos - start)")
                }
            } else if declaredEnd > limit && end == limit {
                warn(.truncatedTrack, track: index, offset: limit,
                     "the data ends inside this track: its chunk declares \(length) bytes, only \(limit - start) are present; read up to there, End of Track added")
            } else if end > declaredEnd {
                warn(.chunkLengthTooShort, track: index, offset: chunkStart + 4,
                     "the MTrk chunk declares \(length) bytes, but its events run on past them with no End of Track up to offset \(end): read to there, End of Track added")
            } else {
                warn(.chunkLengthTooLong, track: index, offset: chunkStart + 4,
                     "the MTrk chunk declares \(length) bytes, but the next chunk starts at offset \(end) and there is no End of Track: read to there, End of Track added")
            }
        } else if !hasEnd && droppedEnds == 0 {
            warn(.missingEndOfTrack, track: index, offset: end, "the track does not end with End of Track: one added")
        }
        if droppedEnds > 0 {
            let after = count - eventsBeforeEarlyEnd - (hasEnd ? 1 : 0)
            warn(.eventsAfterEndOfTrack, track: index, offset: earlyEndOfTrack,
                 "End of Track at offset \(earlyEndOfTrack) is followed by more bytes in its chunk: \(after) event(s) after it kept\(droppedEnds > 1 ? ", \(droppedEnds) early End of Track events dropped" : ""), End of Track moved to the end")
        }
        if !hasEnd {
            sink.meta(.endOfTrack, delta: pending, at: pos)
        }
        return next
    }

    @usableFromInline @inline(never)
    func warnHugeDelta(_ delta: UInt32, track: Int, offset: Int) {
        warn(.hugeDeltaTime, track: track, offset: offset,
             "a delta time of \(delta) ticks (\(hugeDeltaDescription(delta))): kept, but a player will be silent that long")
    }

    /// `a + b` as a delta time; in lenient mode above 0x0FFFFFFF it is limited to that, with a warning.
    @inlinable @inline(__always)
    func addDelta(_ a: UInt32, _ b: UInt32, track: Int, offset: Int) -> UInt32 {
        let sum = a &+ b  // both <= 0x0FFFFFFF: no overflow
        if sum <= VLQ.maxValue { return sum }
        warn(.deltaTooLarge, track: track, offset: offset,
             "the delta times of dropped events plus this one's add up to \(sum) ticks, above the SMF maximum 0x0FFFFFFF: limited to it")
        return VLQ.maxValue
    }
}

/// A meta or sysex event as parsed, before it goes to the sink (a sysex by its place in the data,
/// not copied). Channel messages go to the sink as they are parsed.
@usableFromInline
enum ParsedEvent {
    case sysex(escape: Bool, start: Int, count: Int)
    case meta(MetaEvent)
}
