extension SMFReader {
    // MARK: Chunk recognition (lenient)

    /// The first offset >= `from` of "MThd" with at least a whole 14-byte header after it.
    func findHeader(from: Int) -> Int? {
        var i = from + 1
        while i + 14 <= limit {
            if p[i] == 0x4D && has("MThd", at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The first offset >= `from` of "MTrk" with a whole chunk header (8 bytes) after it.
    @usableFromInline
    func find(_ type: StaticString, from: Int) -> Int? {
        let first = type.utf8Start[0]
        var i = max(from, 0)
        while i + 8 <= limit {
            if p[i] == first && has(type, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// Whether a chunk header plausibly starts at `q`: "MTrk" (any length), or a type of four
    /// letters, digits or spaces (starting with a letter) whose length fits in the data.
    func plausibleChunk(at q: Int) -> Bool {
        guard q >= 0, limit - q >= 8 else { return false }
        if has("MTrk", at: q) { return true }
        func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        guard isLetter(p[q]) else { return false }
        for i in 1..<4 {
            let b = p[q + i]
            guard isLetter(b) || (0x30...0x39).contains(b) || b == 0x20 else { return false }
        }
        return UInt64(be32(q + 4)) <= UInt64(limit - q - 8)
    }

    /// Whether the 3 bytes before `end` (and after `start`) are End of Track, FF 2F 00.
    func endsWithEndOfTrack(_ end: Int, from start: Int) -> Bool {
        end - 3 >= start && end <= limit && p[end - 3] == 0xFF && p[end - 2] == 0x2F && p[end - 1] == 0x00
    }
}
