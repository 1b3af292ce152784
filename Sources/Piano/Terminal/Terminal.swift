import Foundation

/// State shared with signal handlers (which cannot capture context). Written before handlers are
/// installed, read by them; only async-signal-safe calls touch it there.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var terminalIsRaw = false
nonisolated(unsafe) private var kittyPushed = false
/// Set by SIGINT/SIGTERM/SIGHUP handlers; the main loop checks it.
nonisolated(unsafe) var terminationSignal: Int32 = 0
/// Set by SIGWINCH.
nonisolated(unsafe) var windowChanged: Int32 = 0

/// The controlling terminal in raw mode: alternate screen, hidden cursor, optional kitty keyboard
/// protocol flags; restored on every exit path (normal exit, `atexit`, SIGINT/SIGTERM/SIGHUP via the
/// main loop, and crash signals directly from the handler).
enum Terminal {
    /// Kitty keyboard flags pushed: 1 disambiguate, 2 report event types (press/repeat/release),
    /// 4 report alternate keys (the shifted character), 8 report all keys as escape codes.
    static let kittyFlags = 1 | 2 | 4 | 8

    /// Puts stdin in raw mode and switches to the alternate screen.
    static func enterRawMode() throws {
        guard isatty(STDIN_FILENO) == 1 else {
            throw TerminalError.notATerminal
        }
        guard tcgetattr(STDIN_FILENO, &savedTermios) == 0 else {
            throw TerminalError.cannotReadSettings(reason: String(cString: strerror(errno)))
        }
        var raw = savedTermios
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        terminalIsRaw = true
        installHandlers()
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else {
            terminalIsRaw = false
            throw TerminalError.cannotEnterRawMode(reason: String(cString: strerror(errno)))
        }
        // Alternate screen, hide cursor, clear.
        writeOut("\u{1B}[?1049h\u{1B}[?25l\u{1B}[2J")
    }

    /// Pushes the kitty keyboard flags (call only after the terminal said it supports them).
    static func pushKittyFlags() {
        kittyPushed = true
        writeOut("\u{1B}[>\(kittyFlags)u")
    }

    /// Restores everything `enterRawMode` and `pushKittyFlags` changed. Idempotent and
    /// async-signal-safe (only `write` and `tcsetattr`).
    static func restore() {
        restoreFromSignal()
    }

    /// The terminal size (columns, rows); 80x24 when unknown.
    static func size() -> (width: Int, height: Int) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        return (80, 24)
    }

    /// Writes a string to stdout, unbuffered.
    static func writeOut(_ s: String) {
        let bytes = Array(s.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            written += n
        }
    }

    /// Draws full lines at the top of the screen (each line cleared to its end).
    static func draw(_ lines: [String]) {
        var out = "\u{1B}[?2026h\u{1B}[H"
        for (i, line) in lines.enumerated() {
            out += line + "\u{1B}[K" + (i < lines.count - 1 ? "\r\n" : "")
        }
        out += "\u{1B}[J\u{1B}[?2026l"
        writeOut(out)
    }

    private static func installHandlers() {
        atexit { restoreFromSignal() }
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in terminationSignal = s }
        }
        signal(SIGWINCH) { _ in windowChanged = 1 }
        // A parent may have left these blocked (the mask survives exec): they must reach us.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP] {
            signal(sig) { s in
                restoreFromSignal()
                signal(s, SIG_DFL)
                raise(s)
            }
        }
    }
}

/// Async-signal-safe terminal restore (no allocation: static byte strings and `write`).
private func restoreFromSignal() {
    guard terminalIsRaw else { return }
    terminalIsRaw = false
    if kittyPushed {
        kittyPushed = false
        "\u{1B}[<u".withCString { _ = write(STDOUT_FILENO, $0, strlen($0)) }
    }
    "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".withCString { _ = write(STDOUT_FILENO, $0, strlen($0)) }
    _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTermios)
}
