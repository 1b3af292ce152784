extension SMFReader {
    // MARK: Bytes

    /// Reads a variable-length quantity at `pos`, advancing it. Nil (lenient only) when the data
    /// ends before it does.
    /// A quantity of more than 4 bytes throws (strict) or is read in full (lenient) and taken as 0 when
    /// `tooLongIsZero` (a delta time: such bytes are garbage, and a garbage delta should not become
    /// days of silence), else limited to 0x0FFFFFFF (a length: the event then runs past its chunk).
    @inlinable @inline(__always)
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
    @inlinable @inline(__always)
    func payloadLength(_ pos: inout Int, end: Int, track: Int, what: @autoclosure () -> String,
                       payload: (UInt32, Int) -> String) throws(SMFError) -> Int? {
        guard let length = try vlq(&pos, end: end, track: track, what: what()) else { return nil }
        guard UInt64(length) <= UInt64(end - pos) else {
            guard lenient else { throw SMFError(.truncated, track: track, offset: end, expected: payload(length, pos)) }
            return nil
        }
        return Int(length)
    }

    @usableFromInline @inline(never)
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
    @inlinable @inline(__always)
    func dataByte(_ pos: inout Int, end: Int, track: Int, status: UInt8, eventOffset: Int, runningStatus: Bool) throws(SMFError) -> UInt8? {
        if pos < end {
            let b = p[pos]
            if b < 0x80 { pos += 1; return b }
        }
        return try badDataByte(&pos, end: end, track: track, status: status, eventOffset: eventOffset, runningStatus: runningStatus)
    }

    @usableFromInline @inline(never)
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
}
