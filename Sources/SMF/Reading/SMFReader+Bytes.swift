extension SMFReader {
    // MARK: Helpers

    @inline(__always)
    func has(_ s: StaticString, at i: Int) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i >= 0, limit - i >= n, p.count - i >= n else { return false }
        let u = s.utf8Start
        for k in 0..<n where p[i + k] != u[k] { return false }
        return true
    }

    @inline(__always)
    func be16(_ i: Int) -> UInt16 { UInt16(p[i]) << 8 | UInt16(p[i + 1]) }

    @inline(__always)
    func be32(_ i: Int) -> UInt32 {
        UInt32(p[i]) << 24 | UInt32(p[i + 1]) << 16 | UInt32(p[i + 2]) << 8 | UInt32(p[i + 3])
    }

    @inline(__always)
    func le32(_ i: Int) -> UInt32 {
        UInt32(p[i + 3]) << 24 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 1]) << 8 | UInt32(p[i])
    }

    @inline(__always)
    func raw(_ start: Int, _ count: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(rebasing: p[start..<start + count]))
    }

    /// The 4 bytes at `i` as a `RawChunk.type` (one scalar U+0000-U+00FF per byte).
    static func chunkType(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        String(String.UnicodeScalarView(p[i..<i + 4].map { Unicode.Scalar($0) }))
    }

    /// Up to `count` bytes from `i` in hex: "00 FF 51 03".
    static func hexBytes(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> String {
        p[i..<min(i + count, p.count)].map { hex8($0) }.joined(separator: " ")
    }
}

@usableFromInline @inline(never)
func hex8(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return b < 0x10 ? "0" + s : s
}

@inline(never)
func hex16(_ w: UInt16) -> String {
    hex8(UInt8(w >> 8)) + hex8(UInt8(w & 0xFF))
}
