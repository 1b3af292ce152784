import Foundation

/// A batch's record of which files it started, finished, and crashed on, kept in the output folder
/// (`<out-dir>/.compose-<command>[-shard-I-of-N].journal`), so that a file that crashes compose
/// itself (a fault in a library, a failed allocation) cannot stop every later run from finishing.
///
/// Each worker appends `start <relative path>` before a file and `end <relative path>` after it
/// (done or failed), one write(2) per line on a descriptor opened with O_APPEND. If compose
/// crashes on a file, `CrashRecorder`'s signal handler appends `crash <relative path>`. A file with
/// two crash records since its last `end` is quarantined: the next run reports it as failed
/// (`ExitStatus.software`) without touching it, and moves on. A file that was only started (the
/// run was stopped by SIGTERM, SIGINT or SIGKILL while on it) is simply tried again: an operator's
/// kill never quarantines. `--overwrite` clears the journal and tries everything again. A run that
/// gets through all its files removes the journal.
final class BatchJournal: @unchecked Sendable {
    let path: String
    /// Relative paths compose crashed on in at least two earlier runs, with no `end` since.
    let quarantined: Set<String>
    private let lock = NSLock()
    private var fd: Int32 = -1

    /// Reads what earlier runs left in the journal for this command and shard under `outDir`;
    /// `reset` (for --overwrite) deletes it instead. Nothing is created until the first `started`.
    init(outDir: String, command: String, shard: ShardSpec?, reset: Bool) {
        let name = ".compose-\(command)" + (shard.map { "-shard-\($0.index)-of-\($0.count)" } ?? "") + ".journal"
        path = (outDir as NSString).appendingPathComponent(name)
        if reset { unlink(path) }
        quarantined = Self.quarantined(journal: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// The files of `journal` (its text) with at least two `crash` lines since their last `end`.
    static func quarantined(journal: String) -> Set<String> {
        var crashes: [String: Int] = [:]
        for line in journal.split(separator: "\n") {
            if line.hasPrefix("crash ") { crashes[String(line.dropFirst(6)), default: 0] += 1 }
            if line.hasPrefix("end ") { crashes[String(line.dropFirst(4))] = nil }
        }
        return Set(crashes.filter { $0.value >= 2 }.keys)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Records that `relativePath` starts on worker `slot`, and arms the crash record for it.
    func started(_ relativePath: String, slot: Int) {
        append("start " + relativePath)
        CrashRecorder.begin(slot: slot, line: "crash " + relativePath)
    }

    /// Records that `relativePath` ended (done or failed) on worker `slot`.
    func ended(_ relativePath: String, slot: Int) {
        CrashRecorder.end(slot: slot)
        append("end " + relativePath)
    }

    /// Removes the journal (after a run that went through every file).
    func remove() { unlink(path) }

    /// Appends one line, creating the folder and the journal the first time (and handing its
    /// descriptor to `CrashRecorder`). Best effort: if the output folder cannot be created, the
    /// outputs fail and say so themselves.
    private func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        if fd < 0 {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
            if fd < 0 { return }
            CrashRecorder.setDescriptor(fd)
        }
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
