extension SMFReader {
    /// The strict read of `p` when it is a plain SMF in which a lenient read would find nothing to
    /// warn about, else nil. Conservative: anything lenient reading might report (a track not ending
    /// with exactly one End of Track, a standard meta event kept as `.unknown` for its length or
    /// values, a meta value it checks, a huge delta time, format 0 with several tracks, no tracks, an
    /// unknown chunk, a header length other than 6) sends the file to the full lenient parse, so both
    /// paths give the same result (the fuzzer checks this).
    static func cleanFile(_ p: UnsafeBufferPointer<UInt8>) -> ReadResult? {
        guard p.count >= 14, p[0] == 0x4D, p[1] == 0x54, p[2] == 0x68, p[3] == 0x64,
              p[4] == 0, p[5] == 0, p[6] == 0, p[7] == 6 else { return nil }
        var reader = SMFReader<StrictReading>(p, options: .strict)
        guard let result = try? reader.readFile() else { return nil }
        let file = result.file
        guard file.unknownChunks.isEmpty, !file.tracks.isEmpty,
              !(file.format == .singleTrack && file.tracks.count > 1) else { return nil }
        let huge = hugeDeltaThreshold(file.division)
        for track in file.tracks {
            let clean = track.events.withUnsafeBufferPointer { events -> Bool in
                let last = events.count - 1
                guard last >= 0, case .meta(.endOfTrack) = events[last].event, events[last].delta <= huge else { return false }
                for i in 0..<last {
                    if events[i].delta > huge { return false }
                    switch events[i].event {
                    case .channel, .sysex, .escape:
                        continue
                    case .meta(.endOfTrack), .meta(.tempo(0)):
                        return false
                    case .meta(.unknown(let type, _)):
                        if specLength(type) != nil { return false }
                    case .meta(.smpteOffset(let h, let m, let s, let f, let ff)):
                        if !smpteOffsetInRange(h, m, s, f, ff) { return false }
                    case .meta(.timeSignature(let numerator, let power, _, _)):
                        if !timeSignatureInRange(numerator, power) { return false }
                    case .meta:
                        continue
                    }
                }
                return true
            }
            if !clean { return nil }
        }
        return result
    }
}
