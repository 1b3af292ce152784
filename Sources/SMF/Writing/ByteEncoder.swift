/// Writes SMF bytes into memory the caller owns and sized beforehand (an upper bound of the
/// output), without growth or copy-on-write checks: the one encoder behind
/// `MIDIFile.bytes(runningStatus:)` and Music's direct `Score` encoder. Every write checks the
/// bound, so a wrong estimate traps instead of writing past the buffer.
///
/// Use: `header`, then per track `beginTrack()`, per event `delta(_:)` and the event,
/// `endTrack(appendingEndOfTrack:)`.
package struct SMFByteEncoder {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let capacity: Int
    /// Bytes written so far.
    @usableFromInline package var count = 0
    @usableFromInline let runningStatus: Bool
    /// The running status of the track being written (0: none).
    @usableFromInline var running: UInt8 = 0
    /// Where the track being written begins (after its chunk header).
    @usableFromInline var trackStart = 0

    /// - Parameters:
    ///   - base: memory for `capacity` bytes.
    ///   - runningStatus: when true, a channel message whose status equals the previous one's (in the
    ///     same track, with no sysex or meta event between) is written without it.
    package init(base: UnsafeMutablePointer<UInt8>, capacity: Int, runningStatus: Bool) {
        self.base = base
        self.capacity = capacity
        self.runningStatus = runningStatus
    }

    @inlinable @inline(__always)
    package mutating func byte(_ b: UInt8) {
        precondition(count < capacity, "SMF encoder buffer of \(capacity) bytes overrun")
        base[count] = b
        count += 1
    }

    @inlinable
    package mutating func bytes(_ data: [UInt8]) {
        precondition(data.count <= capacity - count, "SMF encoder buffer of \(capacity) bytes overrun")
        data.withUnsafeBufferPointer { source in
            if let from = source.baseAddress { (base + count).update(from: from, count: source.count) }
        }
        count += data.count
    }

    /// `MThd`, length 6, format, track count, division ("Header Chunks").
    /// - Precondition: `trackCount` <= 65535.
    package mutating func header(format: Format, trackCount: Int, division: Division) {
        precondition(trackCount <= 0xFFFF, "an SMF holds at most 65535 tracks, not \(trackCount)")
        for b: UInt8 in [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6] { byte(b) }  // "MThd", length 6
        word16(format.rawValue)
        word16(UInt16(trackCount))
        word16(division.word)
    }

    /// Starts an `MTrk` chunk (its length is filled in by `endTrack`); running status starts anew.
    package mutating func beginTrack() {
        for b: UInt8 in [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 0] { byte(b) }  // "MTrk", length patched at the end
        trackStart = count
        running = 0
    }

    /// Ends the track: `00 FF 2F 00` (End of Track) when asked, then its chunk length.
    package mutating func endTrack(appendingEndOfTrack: Bool) {
        if appendingEndOfTrack { byte(0x00); byte(0xFF); byte(0x2F); byte(0x00) }
        let length = count - trackStart
        precondition(UInt64(length) <= 0xFFFF_FFFF, "track too long for a 32-bit chunk length")
        for (i, shift) in [24, 16, 8, 0].enumerated() {
            base[trackStart - 4 + i] = UInt8(truncatingIfNeeded: length >> shift)
        }
    }

    /// A chunk of another type, written as held (`type`: 4 characters U+0000-U+00FF).
    package mutating func rawChunk(_ chunk: RawChunk) {
        let scalars = Array(chunk.type.unicodeScalars)
        precondition(scalars.count == 4 && scalars.allSatisfy { $0.value <= 0xFF },
                     "RawChunk.type must be 4 characters U+0000-U+00FF, not \"\(chunk.type)\"")
        for s in scalars { byte(UInt8(s.value)) }
        precondition(UInt64(chunk.data.count) <= 0xFFFF_FFFF, "chunk too long for a 32-bit length")
        word32(UInt32(chunk.data.count))
        bytes(chunk.data)
    }

    /// A variable-length quantity 0...0x0FFFFFFF (a delta time or a length), shortest form.
    @inlinable @inline(__always)
    package mutating func quantity(_ value: Int) {
        precondition(value >= 0 && value <= Int(VLQ.maxValue), "\(value) is outside 0...0x0FFFFFFF (SMF variable-length quantity)")
        if value < 0x80 {
            byte(UInt8(truncatingIfNeeded: value))
            return
        }
        var shift = value < 0x4000 ? 7 : value < 0x20_0000 ? 14 : 21
        while shift > 0 {
            byte(UInt8(truncatingIfNeeded: value >> shift) | 0x80)
            shift -= 7
        }
        byte(UInt8(truncatingIfNeeded: value) & 0x7F)
    }

    /// A note-on or note-off: `status` 0x80-0x9F, then pitch and velocity (0-127).
    @inlinable @inline(__always)
    package mutating func note(status: UInt8, pitch: UInt8, velocity: UInt8) {
        precondition(pitch < 0x80 && velocity < 0x80, "MIDI data byte outside 0-127 (note \(pitch), velocity \(velocity))")
        if !(runningStatus && status == running) { byte(status) }
        running = status
        byte(pitch)
        byte(velocity)
    }

    /// A channel message as its bytes: `status` 0x80-0xEF, then `data1` and (except for program
    /// change and channel pressure, 0xC0-0xDF) `data2`, with running status when allowed; the bytes
    /// `channel(_:)` writes for the same message.
    /// - Precondition: data bytes 0-127.
    @inlinable @inline(__always)
    package mutating func channel(status: UInt8, data1: UInt8, data2: UInt8) {
        precondition(data1 < 0x80 && data2 < 0x80, "MIDI data byte outside 0-127 (\(data1), \(data2))")
        if !(runningStatus && status == running) { byte(status) }
        running = status
        byte(data1)
        if status < 0xC0 || status >= 0xE0 { byte(data2) }
    }

    /// Any event (after its delta time). Sysex, escape and meta events cancel running status.
    package mutating func event(_ event: Event) {
        switch event {
        case .channel(let m):
            channel(m)
        case .sysex(let data):
            running = 0
            byte(0xF0)
            quantity(data.count)
            bytes(data)
        case .escape(let data):
            running = 0
            byte(0xF7)
            quantity(data.count)
            bytes(data)
        case .meta(let m):
            running = 0
            meta(m)
        }
    }

    /// A channel message, with running status when allowed.
    /// - Precondition: channel 0-15, data bytes 0-127, pitch bend -8192...8191.
    package mutating func channel(_ m: ChannelMessage) {
        precondition(m.channel < 16, "MIDI channel \(m.channel) is outside 0-15")
        let status = m.status
        if !(runningStatus && status == running) { byte(status) }
        running = status
        switch m {
        case .noteOff(_, let a, let b), .noteOn(_, let a, let b), .polyPressure(_, let a, let b),
             .controlChange(_, let a, let b):
            data(a); data(b)
        case .programChange(_, let a), .channelPressure(_, let a):
            data(a)
        case .pitchBend(_, let v):
            precondition((-8192...8191).contains(v), "pitch bend \(v) is outside -8192...8191")
            let w = UInt16(Int(v) + 8192)
            byte(UInt8(w & 0x7F))
            byte(UInt8(w >> 7))
        }
    }

    @inline(__always)
    mutating func data(_ b: UInt8) {
        precondition(b < 0x80, "MIDI data byte \(b) is outside 0-127")
        byte(b)
    }

    /// A meta event `FF <type> <length> <data>`, typed ones with their spec length.
    package mutating func meta(_ m: MetaEvent) {
        running = 0
        byte(0xFF)
        byte(m.type)
        switch m {
        case .sequenceNumber(let n):
            if let n {
                byte(2); word16(n)
            } else {
                byte(0)
            }
        case .text(_, let data), .sequencerSpecific(let data), .unknown(_, let data):
            quantity(data.count)
            bytes(data)
        case .channelPrefix(let c), .port(let c):
            byte(1); byte(c)
        case .endOfTrack:
            byte(0)
        case .tempo(let t):
            precondition(t <= 0xFF_FFFF, "tempo \(t) does not fit the 3 bytes of FF 51")
            byte(3)
            byte(UInt8(truncatingIfNeeded: t >> 16))
            byte(UInt8(truncatingIfNeeded: t >> 8))
            byte(UInt8(truncatingIfNeeded: t))
        case .smpteOffset(let h, let mn, let s, let f, let ff):
            byte(5); byte(h); byte(mn); byte(s); byte(f); byte(ff)
        case .timeSignature(let n, let d, let c, let b):
            byte(4); byte(n); byte(d); byte(c); byte(b)
        case .keySignature(let sf, let minor):
            byte(2); byte(UInt8(bitPattern: sf)); byte(minor ? 1 : 0)
        }
    }

    /// The most bytes `event` takes with its delta time (4 + 2 + 4 + data for sysex and meta).
    package static func maxSize(_ event: Event) -> Int {
        switch event {
        case .channel: return 4 + 3
        case .sysex(let d), .escape(let d): return 4 + 1 + 4 + d.count
        case .meta(let m):
            switch m {
            case .text(_, let d), .sequencerSpecific(let d), .unknown(_, let d): return 4 + 2 + 4 + d.count
            default: return 4 + 2 + 1 + 5
            }
        }
    }

    @inline(__always)
    mutating func word16(_ v: UInt16) {
        byte(UInt8(v >> 8))
        byte(UInt8(v & 0xFF))
    }

    @inline(__always)
    mutating func word32(_ v: UInt32) {
        byte(UInt8(truncatingIfNeeded: v >> 24))
        byte(UInt8(truncatingIfNeeded: v >> 16))
        byte(UInt8(truncatingIfNeeded: v >> 8))
        byte(UInt8(truncatingIfNeeded: v))
    }
}
