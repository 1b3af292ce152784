import Foundation

/// A one-line progress bar on stderr: `label [#####-----] done/total  elapsed  ETA`. Drawn only
/// when stderr is a terminal (scripts get a single summary line from the command instead).
final class ProgressBar {
    let label: String
    let total: Int
    let started = Date()
    private var lastDraw = Date.distantPast
    private let interactive: Bool

    /// - Parameter enabled: false draws nothing (e.g. for `--quiet`); stderr must be a terminal too.
    init(_ label: String, total: Int, enabled: Bool = true) {
        self.label = label
        self.total = max(total, 1)
        self.interactive = enabled && isatty(2) == 1
    }

    /// Redraws at most 10 times a second, and always for the last item (or when `force`).
    func update(_ done: Int, detail: String = "", force: Bool = false) {
        guard interactive else { return }
        let now = Date()
        guard force || done >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = min(width, done * width / total)
        let elapsed = now.timeIntervalSince(started)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = String(format: "\r\u{1B}[2K%@ [%@] %d/%d  %.1fs  ETA %.1fs %@", label, bar, done, total, elapsed, eta, detail)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Erases the bar's line, so that other output can be printed there; the next `update` redraws it.
    func clear() {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// Ends the bar's line.
    func finish() {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
