import Foundation
import Music
import SMF

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
