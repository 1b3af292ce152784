/// Variable-length quantities (SMF 1.0 spec, "Conventions": "Variable-Length Quantity").
///
/// A quantity is written big-endian, 7 bits per byte; every byte but the last has bit 7 set.
/// SMF limits a quantity to 4 bytes, i.e. values 0...0x0FFFFFFF (28 bits). Delta times and the
/// lengths of sysex and meta events are VLQs.
///
///     0x00000000 -> 00            0x00003FFF -> FF 7F
///     0x0000007F -> 7F            0x00004000 -> 81 80 00
///     0x00000080 -> 81 00         0x0FFFFFFF -> FF FF FF 7F
public enum VLQ {
    /// The largest value a 4-byte quantity can hold: 0x0FFFFFFF (268,435,455).
    public static let maxValue: UInt32 = 0x0FFF_FFFF
    /// The most bytes a quantity may take in an SMF: 4.
    public static let maxLength = 4

    /// The number of bytes `value` takes when encoded: 1...4.
    ///
    /// - Precondition: `value <= VLQ.maxValue` (0x0FFFFFFF); larger values cannot be written in an SMF.
    @inlinable
    public static func encodedLength(_ value: UInt32) -> Int {
        precondition(value <= maxValue, "VLQ value \(value) exceeds 0x0FFFFFFF (SMF 1.0, variable-length quantity)")
        if value < 0x80 { return 1 }
        if value < 0x4000 { return 2 }
        if value < 0x20_0000 { return 3 }
        return 4
    }

    /// Appends the encoding of `value` (1...4 bytes, shortest form) to `bytes`.
    ///
    /// - Precondition: `value <= VLQ.maxValue` (0x0FFFFFFF).
    @inlinable
    public static func encode(_ value: UInt32, into bytes: inout [UInt8]) {
        let n = encodedLength(value)
        var shift = 7 * (n - 1)
        while shift > 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)) | 0x80)
            shift -= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value) & 0x7F)
    }

    /// The encoding of `value`: 1...4 bytes, shortest form (e.g. 128 -> `[0x81, 0x00]`).
    ///
    /// - Precondition: `value <= VLQ.maxValue` (0x0FFFFFFF).
    @inlinable
    public static func encode(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4)
        encode(value, into: &out)
        return out
    }

    /// Decodes the quantity that starts at `bytes[offset]`.
    ///
    /// Non-shortest forms (leading 0x80 bytes, e.g. `80 00` for 0) are accepted, as long as the
    /// quantity has at most 4 bytes.
    ///
    /// - Parameters:
    ///   - bytes: the data; `offset` is an index into it and is reported in errors as is (pass the
    ///     whole file to get file offsets).
    ///   - offset: index of the quantity's first byte.
    ///   - track: the track index to report in errors (nil: none).
    /// - Returns: the value (0...0x0FFFFFFF) and the number of bytes read (1...4).
    /// - Throws: `SMFError` `.truncated` when `bytes` ends before a byte with bit 7 clear;
    ///   `.vlqTooLong` (at `offset`, the quantity's first byte) when the 4th byte still has bit 7 set.
    public static func decode(_ bytes: [UInt8], at offset: Int = 0, track: Int? = nil) throws(SMFError) -> (value: UInt32, length: Int) {
        precondition(offset >= 0, "negative offset")
        return try bytes.withUnsafeBufferPointer { (buf) throws(SMFError) -> (value: UInt32, length: Int) in
            var pos = offset
            let v = try decode(buf, at: &pos, end: buf.count, track: track, what: "variable-length quantity")
            return (v, pos - offset)
        }
    }

    /// The reader's decoder: reads the quantity at `pos` (advancing it), not reading at or past `end`.
    /// `what` names the quantity in errors ("delta time", "meta event length", ...).
    @inlinable @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at pos: inout Int, end: Int, track: Int?,
                       what: @autoclosure () -> String) throws(SMFError) -> UInt32 {
        let start = pos
        // Fast path: one byte (most delta times).
        if pos < end {
            let b = p[pos]
            if b < 0x80 { pos += 1; return UInt32(b) }
        }
        var value: UInt32 = 0
        var i = pos
        while true {
            guard i < end else {
                throw SMFError(.truncated, track: track, offset: i,
                               expected: "more bytes of the \(what()) that starts at offset \(start) (data ends at offset \(end))")
            }
            let b = p[i]
            value = (value << 7) | UInt32(b & 0x7F)
            i += 1
            if b < 0x80 { break }
            if i - start == maxLength {
                throw SMFError(.vlqTooLong, track: track, offset: start,
                               expected: "a \(what()) of at most 4 bytes (byte 4 at offset \(i - 1) has its continuation bit set)")
            }
        }
        pos = i
        return value
    }
}
