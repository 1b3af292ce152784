extension SMFReader {
    // MARK: Tracks

    /// Reads the `MTrk` chunk whose header is at `chunkStart` (data from `chunkStart + 8`).
    ///
    /// - Parameters:
    ///   - declaredEnd: data start + the chunk's length field (may lie past the data in lenient mode).
    ///   - trusted: whether that end is believable (strict: always). A trusted end bounds the events
    ///     exactly; otherwise the events are read up to their End of Track, bounded by the next "MTrk"
    ///     or the end of the data.
    /// - Returns: the track and the offset where the next chunk should be looked for.
    func readTrack(index: Int, chunkStart: Int, declaredEnd: Int, trusted: Bool) throws(SMFError) -> (track: Track, next: Int) {
        let start = chunkStart + 8
        let end = trusted ? declaredEnd : (find("MTrk", from: start) ?? limit)
        var events: [TrackEvent] = []
        // The smallest event is 2 bytes (delta + one running-status data byte); 3 is a fair guess.
        // Bounded by the chunk's bytes, which are present.
        events.reserveCapacity((end - start) / 3)
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

        eventLoop: while pos < end {
            let eventStart = pos
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
            let event: Event
            switch status {
            case 0x80...0xEF:
                running = status
                lastChannel = status
                let channel = status & 0x0F
                let kind = status >> 4
                guard let d1 = try dataByte(&pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused) else {
                    truncatedAt = eventStart
                    break eventLoop
                }
                switch kind {
                case 0xC:
                    event = .channel(.programChange(channel: channel, program: d1))
                case 0xD:
                    event = .channel(.channelPressure(channel: channel, pressure: d1))
                default:
                    guard let d2 = try dataByte(&pos, end: end, track: index, status: status, eventOffset: statusOffset, runningStatus: reused) else {
                        truncatedAt = eventStart
                        break eventLoop
                    }
                    switch kind {
                    case 0x8: event = .channel(.noteOff(channel: channel, note: d1, velocity: d2))
                    case 0x9: event = .channel(.noteOn(channel: channel, note: d1, velocity: d2))
                    case 0xA: event = .channel(.polyPressure(channel: channel, note: d1, pressure: d2))
                    case 0xB: event = .channel(.controlChange(channel: channel, controller: d1, value: d2))
                    default:  // 0xE
                        event = .channel(.pitchBend(channel: channel, value: (Int16(d2) << 7 | Int16(d1)) - 8192))
                    }
                }
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
                let data = raw(pos, length)
                pos += length
                event = status == 0xF0 ? .sysex(data) : .escape(data)
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
                            events.append(TrackEvent(delta: addDelta(pending, delta, track: index, offset: eventStart), event: .meta(.endOfTrack)))
                            pending = 0
                            endedByEndOfTrack = true
                            break eventLoop
                        } else if pos < end {
                            // End of Track with more data after it in the chunk: dropped, reading goes on.
                            if earlyEndOfTrack < 0 {
                                earlyEndOfTrack = statusOffset
                                eventsBeforeEarlyEnd = events.count
                            }
                            droppedEnds += 1
                            pending = addDelta(pending, delta, track: index, offset: eventStart)
                            lastChannel = 0
                            continue eventLoop
                        }
                    }
                } else {
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
            events.append(TrackEvent(delta: delta, event: event))
        }

        guard lenient else { return (Track(events: events), end) }

        // Lenient: say what happened to the chunk's end, and end the track with one End of Track.
        var next = trusted ? declaredEnd : (endedByEndOfTrack ? pos : end)
        if truncatedAt >= 0 {
            warn(.truncatedEvent, track: index, offset: truncatedAt,
                 "the \(trusted ? "track chunk" : "data") ends at offset \(end) inside the event that starts at offset \(truncatedAt): its \(end - truncatedAt) byte(s) dropped")
            next = trusted ? declaredEnd : end
        }
        let hasEnd = events.last.map { if case .meta(.endOfTrack) = $0.event { return true } else { return false } } ?? false
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
            let after = events.count - eventsBeforeEarlyEnd - (hasEnd ? 1 : 0)
            warn(.eventsAfterEndOfTrack, track: index, offset: earlyEndOfTrack,
                 "End of Track at offset \(earlyEndOfTrack) is followed by more bytes in its chunk: \(after) event(s) after it kept\(droppedEnds > 1 ? ", \(droppedEnds) early End of Track events dropped" : ""), End of Track moved to the end")
        }
        if !hasEnd {
            events.append(TrackEvent(delta: pending, event: .meta(.endOfTrack)))
        }
        return (Track(events: events), next)
    }

    @inline(never)
    func warnHugeDelta(_ delta: UInt32, track: Int, offset: Int) {
        warn(.hugeDeltaTime, track: track, offset: offset,
             "a delta time of \(delta) ticks (\(hugeDeltaDescription(delta))): kept, but a player will be silent that long")
    }

    /// `a + b` as a delta time; in lenient mode above 0x0FFFFFFF it is limited to that, with a warning.
    @inline(__always)
    func addDelta(_ a: UInt32, _ b: UInt32, track: Int, offset: Int) -> UInt32 {
        let sum = a &+ b  // both <= 0x0FFFFFFF: no overflow
        if sum <= VLQ.maxValue { return sum }
        warn(.deltaTooLarge, track: track, offset: offset,
             "the delta times of dropped events plus this one's add up to \(sum) ticks, above the SMF maximum 0x0FFFFFFF: limited to it")
        return VLQ.maxValue
    }

    // MARK: Bytes

    /// Reads a variable-length quantity at `pos`, advancing it. Nil (lenient only) when the data
    /// ends before it does.
    /// A quantity of more than 4 bytes throws (strict) or is read in full (lenient) and taken as 0 when
    /// `tooLongIsZero` (a delta time: such bytes are garbage, and a garbage delta should not become
    /// days of silence), else limited to 0x0FFFFFFF (a length: the event then runs past its chunk).
    @inline(__always)
    func vlq(_ pos: inout Int, end: Int, track: Int, what: @autoclosure () -> String, tooLongIsZero: Bool = false) throws(SMFError) -> UInt32? {
        guard lenient else { return try VLQ.decode(p, at: &pos, end: end, track: track, what: what()) }
        // 1 to 4 bytes inside the data: decoded here; anything else in `vlqSlow`.
        var value: UInt32 = 0
        var i = pos
        while i < end && i - pos < VLQ.maxLength {
            let b = p[i]
            value = value << 7 | UInt32(b & 0x7F)
            i += 1
            if b < 0x80 {
                pos = i
                return value
            }
        }
        return vlqSlow(&pos, end: end, track: track, what: what(), tooLongIsZero: tooLongIsZero)
    }

    /// Reads the length VLQ of a sysex or meta event at `pos` (advancing it) and checks that the
    /// payload fits before `end`. Nil (lenient only) when it does not: the event is truncated. Strict
    /// mode throws `.truncated` at `end`, with `payload(length, payloadStart)` as what was expected.
    @inline(__always)
    func payloadLength(_ pos: inout Int, end: Int, track: Int, what: @autoclosure () -> String,
                       payload: (UInt32, Int) -> String) throws(SMFError) -> Int? {
        guard let length = try vlq(&pos, end: end, track: track, what: what()) else { return nil }
        guard UInt64(length) <= UInt64(end - pos) else {
            guard lenient else { throw SMFError(.truncated, track: track, offset: end, expected: payload(length, pos)) }
            return nil
        }
        return Int(length)
    }

    @inline(never)
    func vlqSlow(_ pos: inout Int, end: Int, track: Int, what: @autoclosure () -> String, tooLongIsZero: Bool) -> UInt32? {
        let first = pos
        var value: UInt64 = 0
        var i = pos
        while true {
            guard i < end else { return nil }
            let b = p[i]
            i += 1
            if value <= UInt64(VLQ.maxValue) { value = value << 7 | UInt64(b & 0x7F) }
            if b < 0x80 { break }
        }
        pos = i
        if i - first > VLQ.maxLength {
            warn(.vlqTooLong, track: track, offset: first,
                 "a \(what()) of \(i - first) bytes (at most 4 allowed): \(tooLongIsZero ? "read as 0" : "read as \(min(value, UInt64(VLQ.maxValue)))")")
            if tooLongIsZero { return 0 }
        }
        return UInt32(min(value, UInt64(VLQ.maxValue)))
    }

    /// Reads a channel message data byte. Nil (lenient only) when the data ends first; a byte >= 0x80
    /// throws (strict) or is clamped to 127 (lenient).
    @inline(__always)
    func dataByte(_ pos: inout Int, end: Int, track: Int, status: UInt8, eventOffset: Int, runningStatus: Bool) throws(SMFError) -> UInt8? {
        if pos < end {
            let b = p[pos]
            if b < 0x80 { pos += 1; return b }
        }
        return try badDataByte(&pos, end: end, track: track, status: status, eventOffset: eventOffset, runningStatus: runningStatus)
    }

    @inline(never)
    func badDataByte(_ pos: inout Int, end: Int, track: Int, status: UInt8, eventOffset: Int, runningStatus: Bool) throws(SMFError) -> UInt8? {
        guard pos < end else {
            guard lenient else {
                throw SMFError(.truncated, track: track, offset: pos,
                               expected: "a data byte of the \(Self.eventName(status, eventOffset, runningStatus)); the track chunk ends at offset \(end)")
            }
            return nil
        }
        let b = p[pos]
        guard lenient else {
            throw SMFError(.badDataByte, track: track, offset: pos,
                           expected: "a data byte 0x00-0x7F of the \(Self.eventName(status, eventOffset, runningStatus)), found 0x\(hex8(b))")
        }
        warn(.dataByteOutOfRange, track: track, offset: pos,
             "data byte 0x\(hex8(b)) of the \(Self.eventName(status, eventOffset, runningStatus)) is above 127: clamped to 127")
        pos += 1
        return 0x7F
    }

    // MARK: Lookahead (lenient)

    /// A score for how well the bytes from `q` parse as events by the spec's rules (delta times of at
    /// most 4 bytes, status or running status, data bytes < 0x80, lengths inside the chunk):
    /// 8 x the number of events read cleanly (up to `limit`; reaching `end` exactly on an event
    /// boundary counts as `limit`) plus the number of those with an explicit status byte (at most
    /// 7), which breaks ties: a reading that finds status bytes where they are is the likelier one.
    /// Used to choose between two readings of damaged bytes.
    func cleanRun(from q0: Int, statusFirst: Bool, running r0: UInt8, end: Int, limit: Int = 4) -> Int {
        var q = q0
        var running = r0
        var skipDelta = statusFirst
        var count = 0
        var explicit = 0
        func score(_ events: Int) -> Int { events * 8 + min(explicit, 7) }
        while count < limit {
            if q == end && !skipDelta { return score(limit) }
            if !skipDelta {
                var i = 0
                while true {
                    guard q < end, i < 4 else { return score(count) }
                    let b = p[q]
                    q += 1
                    i += 1
                    if b < 0x80 { break }
                }
            }
            skipDelta = false
            guard q < end else { return score(count) }
            var s = p[q]
            if s < 0x80 {
                guard running != 0 else { return score(count) }
                s = running
            } else {
                q += 1
                explicit += 1
            }
            switch s {
            case 0x80...0xEF:
                running = s
                let n = (s >> 4 == 0xC || s >> 4 == 0xD) ? 1 : 2
                for _ in 0..<n {
                    guard q < end, p[q] < 0x80 else { return score(count) }
                    q += 1
                }
            case 0xF0, 0xF7, 0xFF:
                running = 0
                if s == 0xFF {
                    guard q < end, p[q] < 0x80 else { return score(count) }
                    q += 1
                }
                var length = 0
                var i = 0
                while true {
                    guard q < end, i < 4 else { return score(count) }
                    let b = p[q]
                    q += 1
                    i += 1
                    length = length << 7 | Int(b & 0x7F)
                    if b < 0x80 { break }
                }
                guard length <= end - q else { return score(count) }
                q += length
            default:
                return score(count)
            }
            count += 1
        }
        return score(count)
    }

    // MARK: Meta events

    /// The data length the spec gives a meta type, nil when it is variable.
    static func specLength(_ type: UInt8) -> Int? {
        switch type {
        case 0x00: return 2
        case 0x20, 0x21: return 1
        case 0x2F: return 0
        case 0x51: return 3
        case 0x54: return 5
        case 0x58: return 4
        case 0x59: return 2
        default: return nil
        }
    }

    static func metaName(_ type: UInt8) -> String {
        switch type {
        case 0x00: return "sequence number"
        case 0x20: return "channel prefix"
        case 0x21: return "port"
        case 0x2F: return "End of Track"
        case 0x51: return "tempo"
        case 0x54: return "SMPTE offset"
        case 0x58: return "time signature"
        case 0x59: return "key signature"
        default: return "type 0x\(hex8(type))"
        }
    }

    /// The lenient reading of the meta event `type` whose declared data is `p[s..<s+count]`: the event
    /// and how many bytes it really takes (a fixed-length type whose length byte is wrong may take
    /// its spec length instead, when the bytes after that parse better).
    func lenientMeta(type: UInt8, at s: Int, count: Int, end: Int, track: Int, eventOffset: Int) -> (MetaEvent, Int) {
        guard let spec = Self.specLength(type) else { return (meta(type: type, at: s, count: count), count) }
        guard count != spec, !(type == 0x00 && count == 0) else {
            return (checked(meta(type: type, at: s, count: count), at: s, count: count, track: track, eventOffset: eventOffset), count)
        }
        let name = Self.metaName(type)
        if s + spec <= end,
           cleanRun(from: s + spec, statusFirst: false, running: 0, end: end) > cleanRun(from: s + count, statusFirst: false, running: 0, end: end) {
            warn(.metaLength, track: track, offset: eventOffset,
                 "\(name) meta event declares \(count) data byte(s), needs \(spec); the next event starts after \(spec): read as \(spec)")
            return (checked(meta(type: type, at: s, count: spec), at: s, count: spec, track: track, eventOffset: eventOffset), spec)
        }
        if count > spec {
            warn(.metaLength, track: track, offset: eventOffset,
                 "\(name) meta event of \(count) data bytes, needs \(spec): the first \(spec) used, the rest ignored")
            return (checked(meta(type: type, at: s, count: spec), at: s, count: spec, track: track, eventOffset: eventOffset), count)
        }
        if type == 0x58 && count >= 2 {
            warn(.metaLength, track: track, offset: eventOffset,
                 "time signature meta event of \(count) data bytes, needs 4: read as \(p[s])/2^\(p[s + 1]) with 24 MIDI clocks per click and 8 32nd notes per quarter")
            return (.timeSignature(numerator: p[s], denominatorPower: p[s + 1], clocksPerClick: 24, thirtySecondsPerQuarter: 8), count)
        }
        warn(.metaLength, track: track, offset: eventOffset,
             "\(name) meta event of \(count) data byte(s), needs \(spec): kept as an unknown meta event (players ignore it)")
        return (.unknown(type: type, data: raw(s, count)), count)
    }

    /// `m` (read from `p[s..<s+count]`) with out-of-range values repaired or reported (lenient).
    func checked(_ m: MetaEvent, at s: Int, count: Int, track: Int, eventOffset: Int) -> MetaEvent {
        switch m {
        case .unknown(0x59, _) where count == 2:
            let raw = Int8(bitPattern: p[s])
            let mode = p[s + 1]
            var sf = Int(raw)
            if sf > 7 && sf <= 14 { sf -= 12 } else if sf < -7 && sf >= -14 { sf += 12 }
            guard (-7...7).contains(sf), Int(raw) == sf || mode <= 1 else {
                warn(.metaValueOutOfRange, track: track, offset: eventOffset,
                     "key signature of \(raw) sharps/flats and mode byte \(mode) (valid: -7...7 and 0 or 1): kept as an unknown meta event (players ignore it)")
                return m
            }
            var what: [String] = []
            if sf != Int(raw) {
                what.append("\(Self.accidentals(Int(raw))) (outside -7...7) read as its enharmonic equivalent, \(Self.accidentals(sf))")
            }
            if mode > 1 { what.append("mode byte \(mode) (not 0 major or 1 minor) read as major") }
            warn(.metaValueOutOfRange, track: track, offset: eventOffset, "key signature: " + what.joined(separator: "; "))
            return .keySignature(sharpsFlats: Int8(sf), minor: mode == 1)
        case .unknown(0x20, let data) where data.count == 1:
            warn(.metaValueOutOfRange, track: track, offset: eventOffset,
                 "channel prefix \(data[0]) is above 15: kept as an unknown meta event (players ignore it)")
        case .tempo(0):
            warn(.metaValueOutOfRange, track: track, offset: eventOffset, "tempo of 0 microseconds per quarter note: kept (players ignore it)")
        case .smpteOffset(let hours, let minutes, let seconds, let frames, let fractional):
            if !Self.smpteOffsetInRange(hours, minutes, seconds, frames, fractional) {
                let fps = [24, 25, 30, 30][Int(hours >> 5) & 3]
                warn(.metaValueOutOfRange, track: track, offset: eventOffset,
                     "SMPTE offset \(hours & 0x1F):\(minutes):\(seconds) frame \(frames).\(fractional) at \(fps == 30 && hours >> 5 & 3 == 2 ? "29.97" : String(fps)) fps is out of range: kept")
            }
        case .timeSignature(let numerator, let power, _, _):
            if !Self.timeSignatureInRange(numerator, power) {
                warn(.metaValueOutOfRange, track: track, offset: eventOffset,
                     "time signature \(numerator)/2^\(power) is out of range: kept")
            }
        default:
            break
        }
        return m
    }

    /// Hours 0-23 (bits 5-6 the frame rate, bit 7 clear), minutes and seconds 0-59, frames below the
    /// frame rate, fractional frames 0-99.
    static func smpteOffsetInRange(_ hours: UInt8, _ minutes: UInt8, _ seconds: UInt8, _ frames: UInt8, _ fractional: UInt8) -> Bool {
        let fps = [24, 25, 30, 30][Int(hours >> 5) & 3]
        return hours & 0x1F <= 23 && minutes <= 59 && seconds <= 59 && Int(frames) < fps && fractional <= 99 && hours & 0x80 == 0
    }

    /// A numerator of at least 1 and a denominator of at most 2^7.
    static func timeSignatureInRange(_ numerator: UInt8, _ power: UInt8) -> Bool {
        numerator > 0 && power <= 7
    }

    /// "3 sharps", "1 flat", "no sharps or flats".
    static func accidentals(_ sf: Int) -> String {
        if sf == 0 { return "no sharps or flats" }
        let n = abs(sf)
        return "\(n) \(sf > 0 ? "sharp" : "flat")\(n == 1 ? "" : "s")"
    }

    /// The typed meta event for `type` with data `p[at..<at+count]`; `.unknown` when the type is not
    /// standard or its length or values do not match the spec.
    func meta(type: UInt8, at s: Int, count: Int) -> MetaEvent {
        switch type {
        case 0x00:
            if count == 2 { return .sequenceNumber(be16(s)) }
            if count == 0 { return .sequenceNumber(nil) }
        case 0x01...0x0F:
            return .text(TextKind(type: type)!, raw(s, count))
        case 0x20:
            if count == 1, p[s] < 16 { return .channelPrefix(p[s]) }
        case 0x21:
            if count == 1 { return .port(p[s]) }
        case 0x2F:
            if count == 0 { return .endOfTrack }
        case 0x51:
            if count == 3 { return .tempo(microsecondsPerQuarter: UInt32(p[s]) << 16 | UInt32(p[s + 1]) << 8 | UInt32(p[s + 2])) }
        case 0x54:
            if count == 5 {
                return .smpteOffset(hours: p[s], minutes: p[s + 1], seconds: p[s + 2], frames: p[s + 3], fractionalFrames: p[s + 4])
            }
        case 0x58:
            if count == 4 {
                return .timeSignature(numerator: p[s], denominatorPower: p[s + 1], clocksPerClick: p[s + 2], thirtySecondsPerQuarter: p[s + 3])
            }
        case 0x59:
            let sf = Int8(bitPattern: count == 2 ? p[s] : 0)
            if count == 2, (-7...7).contains(sf), p[s + 1] <= 1 { return .keySignature(sharpsFlats: sf, minor: p[s + 1] == 1) }
        case 0x7F:
            return .sequencerSpecific(raw(s, count))
        default:
            break
        }
        return .unknown(type: type, data: raw(s, count))
    }
}
