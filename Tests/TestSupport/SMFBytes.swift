// Byte-vector builders for hand-written test files, independent of the SMF writer. Offsets in the
// tests are counted from the start of the file: a file made by `smf(...)` has its MThd at 0-13 and
// the first MTrk header at 14-21, so the first track's body starts at offset 22.

/// 16-bit big-endian.
public func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

/// 32-bit big-endian.
public func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

/// A variable-length quantity (SMF 1.0: 7 bits per byte, most significant first, bit 7 set on all
/// but the last byte).
public func vlq(_ value: UInt32) -> [UInt8] {
    var v = value
    var out: [UInt8] = [UInt8(v & 0x7F)]
    v >>= 7
    while v > 0 { out.insert(UInt8(v & 0x7F) | 0x80, at: 0); v >>= 7 }
    return out
}

/// `MThd` chunk: "MThd", length 6, format, ntracks, division word.
public func mthd(format: UInt16 = 0, ntracks: UInt16 = 1, division: UInt16 = 96) -> [UInt8] {
    Array("MThd".utf8) + [0, 0, 0, 6] + be16(format) + be16(ntracks) + be16(division)
}

/// A chunk: 4-byte type, 32-bit big-endian length of `body`, then `body`.
public func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
    Array(type.utf8) + be32(UInt32(body.count)) + body
}

/// An `MTrk` chunk with `body` (no End of Track is added).
public func mtrk(_ body: [UInt8]) -> [UInt8] { chunk("MTrk", body) }

/// A whole file: MThd (ntracks = number of bodies) then one MTrk per body.
public func smf(format: UInt16 = 0, division: UInt16 = 96, _ bodies: [UInt8]...) -> [UInt8] {
    smf(format: format, division: division, tracks: bodies)
}

/// A whole file: MThd (ntracks = `bodies.count`) then one MTrk per body.
public func smf(format: UInt16 = 0, division: UInt16 = 96, tracks bodies: [[UInt8]]) -> [UInt8] {
    mthd(format: format, ntracks: UInt16(bodies.count), division: division) + bodies.flatMap(mtrk)
}
