import Foundation
import Music
import SMF

package enum Journal {
    static let magic = "littlemozart-piano-journal 1"

    /// Where the journal lives unless `--journal` says otherwise:
    /// `$XDG_STATE_HOME/littlemozart/piano-journal.txt`, else `~/.local/state/littlemozart/piano-journal.txt`.
    package static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return state + "/littlemozart/piano-journal.txt"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/littlemozart/piano-journal.txt"
    }

    /// Reads a journal. Lines that do not parse (a last line torn by a kill) are skipped.
    /// - Throws: `JournalError` when the file cannot be read or is not a piano journal.
    static func read(path: String) throws -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.cannotRead(path: path)
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses journal text (see `JournalWriter`).
    static func parse(_ text: String, path: String = "journal") throws -> Recording {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A line without its newline was cut off mid-write: ignore it.
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        guard lines.first.map(String.init) == magic else {
            throw JournalError.notAJournal(path: path)
        }
        var recording = Recording()
        for line in lines.dropFirst() {
            let f = line.split(separator: " ")
            guard let kind = f.first else { continue }
            switch kind {
            case "start": if f.count == 2 { recording.startDate = ISO8601DateFormatter().date(from: String(f[1])) }
            case "tempo": if f.count == 2, let b = Double(f[1]), b > 0 { recording.bpm = b }
            case "stop": if f.count == 2, let t = Int(f[1]) { recording.stopTime = t }
            case "ev":
                guard f.count >= 3, let t = Int(f[1]) else { continue }
                let bytes = f.dropFirst(2).compactMap { UInt8($0, radix: 16) }
                guard bytes.count == f.count - 2, let m = message(from: bytes) else { continue }
                recording.entries.append(Recording.Entry(time: t, message: m))
            default: continue
            }
        }
        return recording
    }

    /// True when a journal exists at `path` and holds at least one note.
    static func hasUnsavedRecording(at path: String) -> Recording? {
        guard FileManager.default.fileExists(atPath: path), let r = try? read(path: path), r.noteCount > 0 else { return nil }
        return r
    }

    /// Removes the journal (after the recording was saved or discarded).
    static func remove(at path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    static func format(_ bpm: Double) -> String {
        bpm == bpm.rounded() ? String(Int(bpm)) : String(bpm)
    }

    /// MIDI wire bytes of a channel message.
    static func bytes(of m: ChannelMessage) -> [UInt8] {
        switch m {
        case .noteOff(let c, let n, let v): return [0x80 | c, n, v]
        case .noteOn(let c, let n, let v): return [0x90 | c, n, v]
        case .polyPressure(let c, let n, let p): return [0xA0 | c, n, p]
        case .controlChange(let c, let cc, let v): return [0xB0 | c, cc, v]
        case .programChange(let c, let p): return [0xC0 | c, p]
        case .channelPressure(let c, let p): return [0xD0 | c, p]
        case .pitchBend(let c, let v):
            let wire = UInt16(clamping: Int(v) + 8192)
            return [0xE0 | c, UInt8(wire & 0x7F), UInt8(wire >> 7)]
        }
    }

    /// The channel message of MIDI wire bytes, or nil.
    static func message(from b: [UInt8]) -> ChannelMessage? {
        guard let status = b.first, status >= 0x80, status < 0xF0 else { return nil }
        let c = status & 0x0F
        let needed = (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 2 : 3
        guard b.count == needed, b.dropFirst().allSatisfy({ $0 < 0x80 }) else { return nil }
        switch status & 0xF0 {
        case 0x80: return .noteOff(channel: c, note: b[1], velocity: b[2])
        case 0x90: return .noteOn(channel: c, note: b[1], velocity: b[2])
        case 0xA0: return .polyPressure(channel: c, note: b[1], pressure: b[2])
        case 0xB0: return .controlChange(channel: c, controller: b[1], value: b[2])
        case 0xC0: return .programChange(channel: c, program: b[1])
        case 0xD0: return .channelPressure(channel: c, pressure: b[1])
        default: return .pitchBend(channel: c, value: Int16(Int(b[1]) | Int(b[2]) << 7) - 8192)
        }
    }
}
