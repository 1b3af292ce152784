import Foundation

/// The temporary files that killed runs left beside a batch's outputs. `AtomicFile` writes each
/// output to `.<name>.<pid>.<random hex>.tmp` in the output's folder and renames it; a process
/// killed by SIGKILL in between leaves that file behind. At the start of a batch, `remove(for:)`
/// deletes such files when they belong to one of this run's outputs and the process that wrote
/// them is no longer alive (kill(2) with signal 0 says ESRCH).
///
/// Only this run's outputs are considered, so the shards of a job array that share an output
/// folder never touch each other's temporary files (a PID on another machine means nothing here).
enum StaleTemporaryFiles {
    /// Removes the stale temporary files of `outputs`; returns the paths removed.
    @discardableResult
    static func remove(for outputs: [String]) -> [String] {
        var namesByFolder: [String: Set<String>] = [:]
        for output in outputs {
            let folder = (output as NSString).deletingLastPathComponent
            namesByFolder[folder.isEmpty ? "." : folder, default: []].insert((output as NSString).lastPathComponent)
        }
        var removed: [String] = []
        for (folder, names) in namesByFolder {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for entry in entries {
                guard let (name, pid) = parse(entry), names.contains(name), !isAlive(pid) else { continue }
                let path = folder + "/" + entry
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed.sorted()
    }

    /// The output name and PID of a temporary file name `.<name>.<pid>.<hex>.tmp`, or nil.
    static func parse(_ entry: String) -> (name: String, pid: pid_t)? {
        guard entry.hasPrefix("."), entry.hasSuffix(".tmp") else { return nil }
        let parts = entry.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = pid_t(parts[parts.count - 2]), pid > 0,
              !parts[parts.count - 1].isEmpty, parts[parts.count - 1].allSatisfy(\.isHexDigit) else { return nil }
        let name = parts.dropLast(2).joined(separator: ".")
        return name.isEmpty ? nil : (name, pid)
    }

    /// Whether a process with this PID exists (EPERM: it exists but belongs to someone else).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
