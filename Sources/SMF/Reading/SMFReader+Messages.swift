extension SMFReader {
    // MARK: Messages

    /// "about 3.2 hours at 120 bpm" (ticks per quarter note) or "about 3.2 hours" (SMPTE).
    func hugeDeltaDescription(_ delta: UInt32) -> String {
        let hours = Double(delta) / ticksPerSecondAt120 / 3600
        let amount = hours >= 48 ? "\(Int((hours / 24).rounded())) days" : hours >= 10 ? "\(Int(hours.rounded())) hours" : "\((hours * 10).rounded() / 10) hours"
        return "about \(amount)\(hugeDeltaIsSMPTE ? "" : " at 120 bpm")"
    }

    /// "note-on (status 0x90 at offset 23)" or "note-on (running status 0x90, event data at offset 27)".
    static func eventName(_ status: UInt8, _ offset: Int, _ runningStatus: Bool) -> String {
        runningStatus
            ? "\(channelMessageName(status)) (running status 0x\(hex8(status)), data from offset \(offset))"
            : "\(channelMessageName(status)) (status 0x\(hex8(status)) at offset \(offset))"
    }

    static func channelMessageName(_ status: UInt8) -> String {
        switch status >> 4 {
        case 0x8: return "note-off"
        case 0x9: return "note-on"
        case 0xA: return "poly pressure"
        case 0xB: return "control change"
        case 0xC: return "program change"
        case 0xD: return "channel pressure"
        default: return "pitch bend"
        }
    }

    /// The chunk type at `i` for messages: `"MTrk"` or the 4 bytes in hex when not printable.
    static func chunkName(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        let b = Array(p[i..<i + 4])
        if b.allSatisfy({ (0x20...0x7E).contains($0) }) { return "\"" + String(decoding: b, as: UTF8.self) + "\"" }
        return "type " + b.map { hex8($0) }.joined(separator: " ")
    }

    /// "\"MThd\": this is not a Standard MIDI File (...what it seems to be...)".
    static func notMIDIMessage(_ p: UnsafeBufferPointer<UInt8>) -> String {
        let head = Array(p.prefix(16))
        func starts(_ s: String) -> Bool { head.starts(with: Array(s.utf8)) }
        let lowered = String(decoding: head.prefix(14), as: UTF8.self).lowercased()
        let what: String
        if head.isEmpty {
            what = "the data is empty"
        } else if starts("GIF8") {
            what = "it is a GIF image"
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            what = "it is a PNG image"
        } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            what = "it is a JPEG image"
        } else if starts("RIFF"), head.count >= 12, Array(head[8..<12]) == Array("RMID".utf8) {
            what = "it is a RIFF RMID file whose data chunk could not be found"
        } else if starts("RIFF") {
            what = "it is a RIFF file (WAV?)"
        } else if starts("SMF2CLIP") {
            what = "it is a MIDI 2.0 Clip File (SMF2CLIP), not a Standard MIDI File 1.0"
        } else if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") {
            what = "it is an HTML page"
        } else if starts("MTrk") {
            what = "it starts with an MTrk chunk: the MThd header chunk is missing"
        } else {
            let shown = head.prefix(8)
            let text = shown.allSatisfy({ (0x20...0x7E).contains($0) }) ? " \"\(String(decoding: shown, as: UTF8.self))\"" : ""
            var found = ""
            var i = 1
            while i + 4 <= p.count {
                if p[i] == 0x4D, p[i + 1] == 0x54, p[i + 2] == 0x68, p[i + 3] == 0x64 {
                    found = "; \"MThd\" is at offset \(i): lenient reading skips the bytes before it"
                    break
                }
                i += 1
            }
            what = "it starts with " + shown.map { hex8($0) }.joined(separator: " ") + text + found
        }
        return "\"MThd\": this is not a Standard MIDI File (\(what))"
    }
}
