import Foundation
import Music
import SMF

/// A performance as it was played: channel messages stamped with microseconds since recording began.
struct Recording: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        /// Microseconds since the recording started.
        var time: Int
        var message: ChannelMessage
        init(time: Int, message: ChannelMessage) {
            self.time = time
            self.message = message
        }
    }

    /// When the recording started (wall clock), if known.
    var startDate: Date?
    /// The tempo the piano was set to when recording started (used for the MIDI file's ticks).
    var bpm: Double
    var entries: [Entry]
    /// Microseconds at which recording stopped, if it was stopped (nil after a crash).
    var stopTime: Int?

    init(startDate: Date? = nil, bpm: Double = 120, entries: [Entry] = [], stopTime: Int? = nil) {
        self.startDate = startDate
        self.bpm = bpm
        self.entries = entries
        self.stopTime = stopTime
    }

    /// Number of note-ons (velocity > 0).
    var noteCount: Int {
        entries.count { if case .noteOn(_, _, let v) = $0.message { v > 0 } else { false } }
    }

    /// Ticks per quarter note of the score this recording becomes.
    static let ticksPerQuarter = 480

    /// The recording as a score: one part, one tempo (`bpm`), 480 ticks per quarter note. Time is
    /// measured from the first note-on (leading silence is dropped; controls before it move to
    /// tick 0). A note with no note-off (the performance was cut off) ends at the last recorded
    /// moment, and lasts at least one beat.
    func score() -> Score {
        let firstNote = entries.first { if case .noteOn(_, _, let v) = $0.message { v > 0 } else { false } }?.time ?? 0
        let ticksPerMicrosecond = Double(Self.ticksPerQuarter) * bpm / 60_000_000
        func tick(_ time: Int) -> Int { Int((Double(max(time - firstNote, 0)) * ticksPerMicrosecond).rounded()) }
        var open: [Int: (start: Int, velocity: UInt8)] = [:]
        var notes: [Note] = []
        var controls: [ControlEvent] = []
        func close(_ channel: UInt8, _ pitch: UInt8, at time: Int) {
            let key = Int(channel) << 7 | Int(pitch)
            guard let o = open.removeValue(forKey: key) else { return }
            let start = tick(o.start)
            notes.append(Note(pitch: pitch, velocity: o.velocity, channel: channel, start: start, duration: max(tick(time) - start, 1)))
        }
        for e in entries {
            switch e.message {
            case .noteOn(let c, let p, let v) where v > 0:
                close(c, p, at: e.time)
                open[Int(c) << 7 | Int(p)] = (e.time, v)
            case .noteOn(let c, let p, _), .noteOff(let c, let p, _):
                close(c, p, at: e.time)
            default:
                controls.append(ControlEvent(tick: tick(e.time), message: e.message))
            }
        }
        let end = max(stopTime ?? 0, entries.last?.time ?? 0)
        let beat = Int(60_000_000 / bpm)
        for (key, o) in open.sorted(by: { $0.value.start < $1.value.start }) {
            close(UInt8(key >> 7), UInt8(key & 127), at: max(end, o.start + beat))
        }
        let part = Part(name: "Piano", notes: notes, controls: controls)
        return Score(ticksPerQuarter: Self.ticksPerQuarter, parts: [part],
                     tempoChanges: [TempoChange(tick: 0, bpm: bpm)],
                     timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
    }

    /// The messages to play back, in order, at microseconds from the first note-on.
    var playbackEvents: [Entry] {
        let score = score()
        let map = score.tempoMap
        var out: [(Int, Int, ChannelMessage)] = []
        for part in score.parts {
            for c in part.controls { out.append((Int(map.seconds(atTick: c.tick) * 1e6), 1, c.message)) }
            for n in part.notes {
                out.append((Int(map.seconds(atTick: n.start) * 1e6), 2, .noteOn(channel: n.channel, note: n.pitch, velocity: n.velocity)))
                out.append((Int(map.seconds(atTick: n.end) * 1e6), 0, .noteOff(channel: n.channel, note: n.pitch, velocity: 0)))
            }
        }
        return out.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { Entry(time: $0.0, message: $0.2) }
    }
}

/// The recording journal: a text file to which every recorded event is appended (one `write(2)`
/// per event, so it is in the kernel before the next key is read), so that Ctrl-C, SIGTERM, a
/// crash or SIGKILL lose nothing. `Journal.read` recovers it, tolerating a torn last line.
///
/// Format, one item per line:
/// ```
/// littlemozart-piano-journal 1
/// start 2026-11-30T23:59:00Z
/// tempo 120
/// ev 123456 90 3C 50      (microseconds, then the MIDI bytes in hex)
/// stop 4567890
/// ```
final class JournalWriter {
    let path: String
    private var fd: Int32

    /// Creates (truncating) the journal and writes its header.
    init(path: String, bpm: Double, startDate: Date = Date()) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw JournalError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        let iso = ISO8601DateFormatter().string(from: startDate)
        try append("\(Journal.magic)\nstart \(iso)\ntempo \(Journal.format(bpm))\n")
        fsync(fd)
    }

    /// Appends one event.
    func append(time: Int, message: ChannelMessage) throws {
        try append("ev \(time) \(Journal.bytes(of: message).map { String(format: "%02X", $0) }.joined(separator: " "))\n")
    }

    /// Marks the recording stopped and syncs the file to disk.
    func stop(time: Int) throws {
        try append("stop \(time)\n")
        fsync(fd)
    }

    private func append(_ text: String) throws {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.cannotAppend(path: path, reason: String(cString: strerror(errno)))
            }
            written += n
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}

/// Why the recording journal could not be written or read; `description` is the message shown.
enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `open(2)` failed; `reason` is `strerror(errno)`.
    case cannotCreate(path: String, reason: String)
    /// `write(2)` failed; `reason` is `strerror(errno)`.
    case cannotAppend(path: String, reason: String)
    /// The file could not be read.
    case cannotRead(path: String)
    /// The file does not start with the journal's magic line.
    case notAJournal(path: String)

    var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "cannot create the recording journal \(path): \(reason)"
        case .cannotAppend(let path, let reason): return "cannot append to the recording journal \(path): \(reason)"
        case .cannotRead(let path): return "cannot read the recording journal \(path)"
        case .notAJournal(let path): return "\(path) is not a piano recording journal"
        }
    }
}

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
