extension SMFReader {
    // MARK: Meta events

    /// The data length the spec gives a meta type, nil when it is variable.
    @usableFromInline
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

    @usableFromInline
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
    @usableFromInline
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
                     "SMPTE offset \(hours & 0x1F):\(minutes):\(seconds) frame \(frames).\(fractional) at \(SMPTEFrameRate.label(code: hours >> 5 & 3 == 2 ? SMPTEFrameRate.dropFrameCode : UInt8(fps))) fps is out of range: kept")
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
    @usableFromInline
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
