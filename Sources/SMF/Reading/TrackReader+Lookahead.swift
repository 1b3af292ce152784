extension SMFReader {
    // MARK: Lookahead (lenient)

    /// A score for how well the bytes from `q` parse as events by the spec's rules (delta times of at
    /// most 4 bytes, status or running status, data bytes < 0x80, lengths inside the chunk):
    /// 8 x the number of events read cleanly (up to `limit`; reaching `end` exactly on an event
    /// boundary counts as `limit`) plus the number of those with an explicit status byte (at most
    /// 7), which breaks ties: a reading that finds status bytes where they are is the likelier one.
    /// Used to choose between two readings of damaged bytes.
    @usableFromInline
    func cleanRun(from q0: Int, statusFirst: Bool, running r0: UInt8, end: Int, limit: Int = 4) -> Int {
        var q = q0
        var running = r0
        var skipDelta = statusFirst
        var count = 0
        var explicit = 0
        func score(_ events: Int) -> Int { events * 8 + min(explicit, 7) }
        /// A VLQ of at most 4 bytes at `q`, consumed; nil when it runs past `end` or is longer.
        func vlq() -> Int? {
            var value = 0
            for _ in 0..<4 {
                guard q < end else { return nil }
                let b = p[q]
                q += 1
                value = value << 7 | Int(b & 0x7F)
                if b < 0x80 { return value }
            }
            return nil
        }
        while count < limit {
            if q == end && !skipDelta { return score(limit) }
            if !skipDelta {
                guard vlq() != nil else { return score(count) }
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
                guard let length = vlq(), length <= end - q else { return score(count) }
                q += length
            default:
                return score(count)
            }
            count += 1
        }
        return score(count)
    }
}
