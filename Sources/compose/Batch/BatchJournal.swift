import Foundation

/// A batch's record of which files it started and finished, kept in the output folder
/// (`<out-dir>/.compose-<command>[-shard-I-of-N].journal`), so that a file that kills compose
/// itself (a crash in a library, an out-of-memory kill) cannot stop every later run from finishing.
///
/// Each worker appends `start <relative path>` before a file and `end <relative path>` after it
/// (done or failed), one write(2) per line on a descriptor opened with O_APPEND. A file started but
/// never ended in two earlier runs is quarantined: the next run reports it as failed
/// (`ExitStatus.software`) without touching it, and moves on. `--overwrite` clears the journal and
/// tries everything again. A run that gets through all its files removes the journal.
final class BatchJournal: @unchecked Sendable {
    let path: String
    /// Relative paths started in at least two earlier runs that never ended.
    let quarantined: Set<String>
    private let lock = NSLock()
    private var fd: Int32 = -1

    /// Reads what earlier runs left in the journal for this command and shard under `outDir`;
    /// `reset` (for --overwrite) deletes it instead. Nothing is created until the first `started`.
    init(outDir: String, command: String, shard: ShardSpec?, reset: Bool) {
        let name = ".compose-\(command)" + (shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? "") + ".journal"
        path = (outDir as NSString).appendingPathComponent(name)
        if reset { unlink(path) }
        var unfinished: [String: Int] = [:]
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                if line.hasPrefix("start ") { unfinished[String(line.dropFirst(6)), default: 0] += 1 }
                if line.hasPrefix("end ") { unfinished[String(line.dropFirst(4))] = nil }
            }
        }
        quarantined = Set(unfinished.filter { $0.value >= 2 }.keys)
    }

    deinit { if fd >= 0 { close(fd) } }

    func started(_ relativePath: String) { append("start " + relativePath) }
    func ended(_ relativePath: String) { append("end " + relativePath) }

    /// Removes the journal (after a run that went through every file).
    func remove() { unlink(path) }

    /// Appends one line, creating the folder and the journal the first time. Best effort: if the
    /// output folder cannot be created, the outputs fail and say so themselves.
    private func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        if fd < 0 {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
            if fd < 0 { return }
        }
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
