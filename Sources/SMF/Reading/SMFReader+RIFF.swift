extension SMFReader {
    // MARK: RIFF RMID

    /// "RIFF" <length LE> "RMID" ...
    static func isRIFFRMID(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        p.count >= 12 && p[0] == 0x52 && p[1] == 0x49 && p[2] == 0x46 && p[3] == 0x46
            && p[8] == 0x52 && p[9] == 0x4D && p[10] == 0x49 && p[11] == 0x44
    }

    /// The bounds of the `data` sub-chunk of a RIFF `RMID` file (sub-chunks: 4-byte id, 32-bit
    /// little-endian length, data padded to an even length). Nil in lenient mode when there is no
    /// usable `data` chunk (the caller then searches for `MThd`).
    func riffData() throws(SMFError) -> (Int, Int)? {
        let n = p.count
        let riffEnd = 8 + Int(le32(4))
        if riffEnd != n && lenient {
            warn(.riffStructure, track: nil, offset: 4, "the RIFF length (\(riffEnd - 8)) does not match the file (\(n - 8) bytes after it)")
        }
        var pos = 12
        let end = min(riffEnd, n)
        while end - pos >= 8 {
            let length = Int(le32(pos + 4))
            let dataStart = pos + 8
            if has("data", at: pos) {
                if dataStart + length > n {
                    guard lenient else {
                        throw SMFError(.truncated, track: nil, offset: n,
                                       expected: "\(length) bytes of the RIFF data chunk at offset \(pos) (only \(n - dataStart) bytes follow its header)")
                    }
                    warn(.riffStructure, track: nil, offset: pos + 4,
                         "the RIFF data chunk declares \(length) bytes, only \(n - dataStart) follow: read to the end of the file")
                    return (dataStart, n)
                }
                return (dataStart, dataStart + length)
            }
            pos = dataStart + length + (length & 1)
        }
        guard lenient else {
            throw SMFError(.notMIDI, track: nil, offset: 12,
                           expected: "a \"data\" chunk in the RIFF RMID file: there is none, so it holds no Standard MIDI File")
        }
        warn(.riffStructure, track: nil, offset: 12, "no \"data\" chunk found in the RIFF RMID file: searched for \"MThd\"")
        return nil
    }
}
