/// The length a truncated file's header declares, read from libsndfile's log (`SFC_GET_LOG_INFO`).
/// libsndfile opens a WAV or AIFF whose data chunk announces more bytes than the file holds and
/// reads what is there (its frame count is then the readable length); its log says so on the data
/// chunk's line: `data : 176400 (should be 100000)` (WAV): the declared bytes, then the bytes
/// actually in the file.
enum DeclaredLength {
    /// The frames the header declares, when its data chunk says more bytes than the file holds;
    /// nil otherwise. Bytes per frame are the readable bytes over the readable frames (a partial
    /// last frame is not a frame); when no frame is readable (a header with no audio after it),
    /// the WAV header's block align from the same log (`Block Align : 4`), nil without one.
    static func frames(inLog log: String, readableFrames: Int) -> Int? {
        var blockAlign: Int?
        if readableFrames == 0 {
            for line in log.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix("Block Align"), let colon = trimmed.firstIndex(of: ":") else { continue }
                blockAlign = Int(trimmed[trimmed.index(after: colon)...].filter { $0 != " " })
            }
            guard blockAlign ?? 0 > 0 else { return nil }
        }
        for line in log.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("data "),
                  let colon = trimmed.firstIndex(of: ":"), let open = trimmed.range(of: "(should be ") else { continue }
            let declaredText = trimmed[trimmed.index(after: colon)..<open.lowerBound].filter { $0 != " " }
            let presentText = trimmed[open.upperBound...].prefix { $0.isNumber }
            guard let declared = Int(declaredText), let present = Int(presentText), declared > present else { continue }
            let bytesPerFrame = readableFrames > 0 ? present / readableFrames : blockAlign!
            guard bytesPerFrame > 0 else { continue }
            return declared / bytesPerFrame
        }
        return nil
    }
}

