import TestSupport
import Foundation
import Music
import SMF
import Testing

/// Drives the built `piano` binary in tmux (send-keys, capture-pane). Skips when tmux or the binary
/// is missing. tmux does not speak the kitty keyboard protocol, so these run in timeout mode.
enum E2E {
    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static let tmux = which("tmux")

    /// The `piano` binary built next to this test bundle (or $PIANO_BINARY).
    static let piano: String? = {
        if let p = ProcessInfo.processInfo.environment["PIANO_BINARY"], FileManager.default.isExecutableFile(atPath: p) { return p }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("piano").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    static let soundFont = ["/usr/share/sounds/sf2/TimGM6mb.sf2", "/usr/share/sounds/sf2/default-GM.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2"]
        .first { FileManager.default.fileExists(atPath: $0) }

    static var available: Bool { tmux != nil && piano != nil && soundFont != nil }

    /// Runs a program and waits for it (posix_spawn + waitpid: Foundation's Process can hang when
    /// the child leaves a daemon behind, as `tmux new-session` does when it starts the server).
    /// Output (stdout and stderr) goes through a temporary file.
    @discardableResult
    static func run(_ args: [String], environment: [String: String]? = nil) -> (status: Int32, output: String) {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("piano-e2e-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = (environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } } ?? ProcessInfo.processInfo.environment)
            .map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, args[0], &actions, nil, &argv, &envp)
        guard rc == 0 else { return (-1, "posix_spawn \(args[0]) failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let data = FileManager.default.contents(atPath: outPath) ?? Data()
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (code, String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("piano-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// One tmux session running piano.
final class PianoSession {
    let name = "piano-test-\(UUID().uuidString.prefix(8))"
    let dir: String
    var journal: String { dir + "/journal.txt" }

    init(arguments: [String] = [], environment: String = "", width: Int = 100, height: Int = 32, dir: String? = nil) throws {
        self.dir = try dir ?? E2E.temporaryDirectory()
        let args = ["--soundfont", E2E.soundFont!, "--journal", journal] + arguments
        let command = "cd \(self.dir) && \(environment) \(E2E.piano!) \(args.map { "'\($0)'" }.joined(separator: " ")); code=$?; printf '\\r\\nPIANO-EXIT=%d\\r\\n' $code; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | sed 's/^/stty:/'; sleep 120"
        let r = E2E.run([E2E.tmux!, "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        guard r.status == 0 else { throw SessionError(message: "tmux new-session failed: \(r.output)") }
    }

    struct SessionError: Error { let message: String }

    func keys(_ keys: String...) {
        E2E.run([E2E.tmux!, "send-keys", "-t", name] + keys)
    }

    /// Types literal text (no key-name lookup).
    func type(_ text: String) {
        E2E.run([E2E.tmux!, "send-keys", "-t", name, "-l", text])
    }

    func command(_ text: String) {
        type(":" + text)
        keys("Enter")
    }

    func capture() -> String {
        E2E.run([E2E.tmux!, "capture-pane", "-p", "-t", name]).output
    }

    /// Polls the screen until `predicate` holds (at most `seconds`); returns the last capture.
    @discardableResult
    func waitFor(_ seconds: Double = 10, _ predicate: (String) -> Bool) -> String {
        let end = Date().addingTimeInterval(seconds)
        var screen = capture()
        while !predicate(screen) && Date() < end {
            Thread.sleep(forTimeInterval: 0.05)
            screen = capture()
        }
        return screen
    }

    @discardableResult
    func waitFor(_ text: String, _ seconds: Double = 10) -> String {
        waitFor(seconds) { $0.contains(text) }
    }

    /// Waits until piano has exited and the shell has printed the terminal state after it.
    @discardableResult
    func waitForExit() -> String {
        waitFor(15) { $0.contains("PIANO-EXIT=") && ($0.contains("stty:echo") || $0.contains("stty:-echo")) }
    }

    /// The pid of the pane's shell's child (piano).
    func pianoPID() -> Int32? {
        let shell = E2E.run([E2E.tmux!, "display-message", "-p", "-t", name, "#{pane_pid}"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = E2E.run(["/usr/bin/pgrep", "-P", shell, "-x", "piano"]).output
        return children.split(separator: "\n").first.flatMap { Int32($0) }
    }

    func close() {
        E2E.run([E2E.tmux!, "kill-session", "-t", name])
    }

    deinit { close() }
}

@Suite("piano end to end (tmux)", .serialized, .enabled(if: E2E.available, "needs tmux on PATH, the piano binary (swift build --product piano) and a GM SoundFont"))
struct EndToEndTests {
    @Test func keysLightUpAndCommandsWork() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "3000"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        var screen = s.waitFor("LittleMozart piano")
        #expect(screen.contains("Held: -"))
        #expect(screen.contains("notes end 3000 ms after the last key repeat")) // tmux: no kitty protocol
        s.type("zcb")
        screen = s.waitFor("Held: C4 E4 G4")
        #expect(screen.contains("Held: C4 E4 G4"))
        // The first white key (C4) is drawn lit.
        #expect(screen.split(separator: "\n").contains { $0.hasPrefix("\u{2502}\u{2592}\u{2592}\u{2592}") })
        s.command("program violin")
        screen = s.waitFor("041 Violin")
        #expect(screen.contains("Instrument 041 Violin"))
        s.type(":program trum")
        s.keys("Tab")
        screen = s.waitFor(":program Trumpet")
        s.keys("Enter")
        screen = s.waitFor("057 Trumpet")
        #expect(screen.contains("057 Trumpet"))
        s.command("tempo 90")
        s.command("metronome on")
        screen = s.waitFor("Metronome on")
        #expect(screen.contains("Tempo 90 bpm"))
        s.keys("Right")
        screen = s.waitFor("Octave 5")
        s.type("?")
        screen = s.waitFor("Keys (tracker layout)")
        s.type("?")
        s.command("layout vmpk")
        screen = s.waitFor("Layout vmpk")
        s.command("quit")
        screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=0"))
        // The terminal was restored: canonical mode and echo are back on.
        #expect(screen.contains("stty:icanon"))
        #expect(screen.contains("stty:echo"))
    }

    @Test func savedRecordingHasExactlyTheNotesPlayed() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "400"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        s.command("record")
        s.waitFor("REC ")
        // C4 D4 E4 F4 G4, then C5 (top row), each released by the timeout before the next.
        for key in ["z", "x", "c", "v", "b", "q"] {
            s.type(key)
            s.waitFor(5) { $0.contains("Held: ") && !$0.contains("Held: -") }
            s.waitFor(5) { $0.contains("Held: -") }
        }
        s.command("stop")
        var screen = s.waitFor("6 notes recorded")
        #expect(screen.contains("Stopped: 6 notes recorded"))
        s.command("save take")
        screen = s.waitFor("Saved 6 notes")
        #expect(screen.contains("Saved 6 notes to take.mid"))
        // Saved means the journal is gone.
        #expect(!FileManager.default.fileExists(atPath: s.journal))
        let score = try Score(contentsOf: URL(fileURLWithPath: s.dir + "/take.mid"))
        let notes = score.allNotes
        #expect(notes.map(\.pitch) == [60, 62, 64, 65, 67, 72])
        #expect(notes.allSatisfy { $0.velocity == 80 })
        // Each note lasted the 400 ms timeout (384 ticks at 120 bpm), give or take scheduling.
        let tempo = score.tempoMap
        for n in notes {
            let seconds = tempo.seconds(atTick: n.end) - tempo.seconds(atTick: n.start)
            #expect(seconds >= 0.39 && seconds < 0.8, "duration \(seconds) s")
        }
        // In order, not overlapping.
        for (a, b) in zip(notes, notes.dropFirst()) { #expect(a.end <= b.start) }
        #expect(score.parts.flatMap(\.programs) == [0])
        s.command("play")
        screen = s.waitFor("PLAYING")
        screen = s.waitFor("Playback finished", 15)
        #expect(screen.contains("Playback finished"))
        s.keys("C-c")
        screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=0"))
    }

    @Test func sigkillDuringRecordingLosesNothing() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "300"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        s.command("program 41")
        s.command("record")
        s.waitFor("REC ")
        for key in ["n", "m", ",", "l"] { // A4 B4 C5 C#5
            s.type(key)
            s.waitFor(5) { $0.contains("Held: ") && !$0.contains("Held: -") }
            s.waitFor(5) { $0.contains("Held: -") }
        }
        s.type("2") // C#5 from the top row: still held when killed
        s.waitFor("Held: C#5")
        let pid = try #require(s.pianoPID())
        kill(pid, SIGKILL)
        var screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=137"))
        // Start again: the recording is offered.
        let again = try PianoSession(arguments: ["--audio-file", "/dev/null"], dir: s.dir)
        defer { again.close() }
        screen = again.waitFor("An unsaved recording was found")
        #expect(screen.contains("An unsaved recording was found"))
        again.type("l") // later
        again.waitFor("kept for later")
        again.keys("C-c")
        screen = again.waitForExit()
        #expect(screen.contains("kept in"))
        // piano --recover writes it.
        let r = E2E.run([E2E.piano!, "--journal", s.journal, "--recover", "--out", s.dir + "/rec.mid"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("Recovered 5 notes"))
        let score = try Score(contentsOf: URL(fileURLWithPath: s.dir + "/rec.mid"))
        #expect(score.allNotes.map(\.pitch) == [69, 71, 72, 73, 73])
        #expect(score.parts.flatMap(\.programs) == [40])
        #expect(!FileManager.default.fileExists(atPath: s.journal))
    }

    @Test func sigtermRestoresTheTerminalAndKeepsTheTake() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "300"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        s.command("record")
        s.waitFor("REC ")
        s.type("z")
        s.waitFor("Held: C4")
        let pid = try #require(s.pianoPID())
        kill(pid, SIGTERM)
        let screen = s.waitForExit()
        #expect(screen.contains("stopped by SIGTERM"))
        #expect(screen.contains("unsaved recording (1 notes) is kept"))
        #expect(screen.contains("stty:icanon"))
        let recording = try #require(Journal_read(s.journal))
        #expect(recording == [60])
    }

    @Test func crashSignalRestoresTheTerminalAndTheTakeSurvives() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null", "--release-timeout", "300"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        s.command("record")
        s.waitFor("REC ")
        s.type("c")
        s.waitFor("Held: E4")
        s.waitFor(5) { $0.contains("Held: -") }
        let pid = try #require(s.pianoPID())
        kill(pid, SIGSEGV) // as a crash would deliver it
        let screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=139"))
        #expect(screen.contains("stty:icanon"))
        #expect(screen.contains("stty:echo"))
        #expect(Journal_read(s.journal) == [64])
    }

    @Test func recoverPromptSavesInTheWorkingDirectory() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/journal.txt"
        try "littlemozart-piano-journal 1\nstart 2026-11-30T23:00:00Z\ntempo 120\nev 0 90 45 50\nev 500000 80 45 00\n"
            .write(toFile: journal, atomically: true, encoding: .utf8)
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null"], dir: dir)
        defer { s.close() }
        s.waitFor("An unsaved recording was found")
        s.type("y")
        let screen = s.waitFor("Recovered 1 notes into recovered-20261130-230000.mid")
        #expect(screen.contains("Recovered 1 notes"))
        let score = try Score(contentsOf: URL(fileURLWithPath: dir + "/recovered-20261130-230000.mid"))
        #expect(score.allNotes.map(\.pitch) == [69])
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    @Test func resizeRedrawsToTheNewWidth() throws {
        let s = try PianoSession(arguments: ["--audio-file", "/dev/null"])
        defer { s.close(); try? FileManager.default.removeItem(atPath: s.dir) }
        s.waitFor("LittleMozart piano")
        E2E.run([E2E.tmux!, "resize-window", "-t", s.name, "-x", "50", "-y", "30"])
        let screen = s.waitFor { $0.contains(" C4  D4") && $0.split(separator: "\n").allSatisfy { $0.count <= 50 } }
        let keyboardRows = screen.split(separator: "\n").filter { $0.hasPrefix("\u{2502}") }
        #expect(!keyboardRows.isEmpty)
        #expect(keyboardRows.allSatisfy { $0.count <= 50 })
    }

    @Test func noSoundCardGivesAClearMessage() throws {
        try #require(!FileManager.default.fileExists(atPath: "/dev/snd"), "this machine has a sound card")
        let r = E2E.run([E2E.piano!, "--soundfont", E2E.soundFont!, "--device", "default"], environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf"])
        #expect(r.status == 69)   // EX_UNAVAILABLE, as compose (docs/exit-codes.md)
        #expect(r.output.hasPrefix("piano: ") && r.output.split(separator: "\n").count == 1, "\(r.output)")
        #expect(r.output.contains("Could not open the ALSA audio device \"default\""))
        #expect(r.output.contains("/dev/snd does not exist"))
        #expect(r.output.contains("--audio-file"))
        #expect(!r.output.contains("ALSA lib")) // ALSA's own noise is hidden
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/dev/snd/seq"), "this machine has an ALSA sequencer (/dev/snd/seq)"))
    func midiInputSaysWhyItCannotWork() throws {
        let r = E2E.run([E2E.piano!, "--soundfont", E2E.soundFont!, "--audio-file", "/dev/null", "--midi-in"])
        #expect(r.status == 69)   // EX_UNAVAILABLE
        #expect(r.output.hasPrefix("piano: ") && r.output.split(separator: "\n").count == 1, "\(r.output)")
        #expect(r.output.contains("/dev/snd/seq does not exist"))
        #expect(r.output.contains("modprobe snd-seq"))
    }
}

/// Pitches of note-ons in a journal file.
func Journal_read(_ path: String) -> [Int]? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return text.split(separator: "\n").compactMap { line -> Int? in
        let f = line.split(separator: " ")
        guard f.count == 5, f[0] == "ev", f[2].hasPrefix("9"), f[4] != "00" else { return nil }
        return Int(f[3], radix: 16)
    }
}

/// The sound of a played A4, measured with ../shared/tools/pitch.py.
/// (In the end-to-end suite, so that it never runs at the same time as the other tmux tests.)
extension EndToEndTests {
    /// Plays A4 (key n) for about a second, quits, returns the WAV's path.
    func playA4(arguments: [String], environment: String = "", wav: String, dir: String) throws {
        let s = try PianoSession(arguments: arguments + ["--release-timeout", "1000", "--no-reverb"], environment: environment, dir: dir)
        defer { s.close() }
        s.waitFor("LittleMozart piano")
        s.type("n")
        s.waitFor("Held: A4")
        s.waitFor(5) { $0.contains("Held: -") }
        s.command("quit")
        let screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=0"))
    }

    @Test(.enabled(if: AudioCheck.available, "needs python3 with numpy/scipy and ../shared/tools/pitch.py"))
    func audioFileA4Is440Hz() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wav = dir + "/out.wav"
        try playA4(arguments: ["--audio-file", wav], wav: wav, dir: dir)
        let f0 = try #require(AudioCheck.pitchAfterOnset(wav))
        #expect(abs(f0 - 440) <= 2, "measured \(f0) Hz")
    }

    @Test(.enabled(if: AudioCheck.available, "needs python3 with numpy/scipy and ../shared/tools/pitch.py"))
    func alsaCaptureA4Is440Hz() throws {
        let conf = try #require(try? String(contentsOfFile: AudioCheck.toolsDirectory + "/alsa-capture.conf", encoding: .utf8),
                                "../shared/tools/alsa-capture.conf missing beside pitch.py")
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wav = dir + "/capture.wav"
        // The shared configuration, writing into this test's own file.
        try conf.replacingOccurrences(of: "/tmp/alsa-capture.wav", with: wav).write(toFile: dir + "/alsa.conf", atomically: true, encoding: .utf8)
        try playA4(arguments: ["--device", "default"], environment: "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:\(dir)/alsa.conf", wav: wav, dir: dir)
        let f0 = try #require(AudioCheck.pitchAfterOnset(wav))
        #expect(abs(f0 - 440) <= 2, "measured \(f0) Hz")
    }
}

enum AudioCheck {
    static var available: Bool { pitchTool != nil && E2E.which("python3") != nil }
    static let toolsDirectory = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/tools").path
    static let pitchTool: String? = {
        let p = toolsDirectory + "/pitch.py"
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }()

    /// f0 of the 0.5 s starting 0.1 s after the first sample above -30 dBFS.
    static func pitchAfterOnset(_ wav: String) -> Double? {
        let onsetScript = """
            import sys, numpy as np
            from scipy.io import wavfile
            r, x = wavfile.read(sys.argv[1])
            x = x.astype(np.float64)
            x = x.mean(axis=1) if x.ndim == 2 else x
            i = np.nonzero(np.abs(x) > 0.03 * 32768)[0]
            print(i[0] / r if len(i) else -1)
            """
        let onset = E2E.run([E2E.which("python3")!, "-c", onsetScript, wav]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let start = Double(onset), start >= 0 else { return nil }
        let out = E2E.run([E2E.which("python3")!, pitchTool!, wav, String(start + 0.1), "0.5"]).output
        guard let field = out.split(separator: " ").first(where: { $0.hasPrefix("f0_hz=") }) else { return nil }
        return Double(field.dropFirst(6))
    }
}

/// The kitty keyboard protocol path, against a scripted fake terminal (Python `pty`): tmux does not
/// speak the protocol, so this is how press/release handling is checked end to end here. The fake
/// terminal answers `CSI ? u` as kitty does, then sends press, repeat and release escapes.
extension EndToEndTests {
    static let fakeKittyTerminal = #"""
import os, pty, sys, time, select, struct, fcntl, termios
piano = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(piano[0], piano)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
buf = b""
def read_until(pred, timeout=10):
    global buf
    end = time.time() + timeout
    while time.time() < end:
        if pred(buf): return True
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try: buf += os.read(fd, 65536)
            except OSError: return pred(buf)
    return pred(buf)
def step(name, ok):
    print(("ok   " if ok else "FAIL ") + name); sys.stdout.flush()
step("query sent (CSI ? u then CSI c)", read_until(lambda b: b"\x1b[?u\x1b[c" in b))
os.write(fd, b"\x1b[?0u\x1b[?62;22c")
step("flags pushed (CSI > 15 u)", read_until(lambda b: b"\x1b[>15u" in b))
step("screen says kitty mode", read_until(lambda b: b"kitty protocol: notes last while keys are held" in b))
mark = len(buf)
os.write(fd, b"\x1b[122u\x1b[99u")            # press z, press c
step("press z c lights C4 E4", read_until(lambda b: b"Held: C4 E4" in b[mark:]))
time.sleep(1.5)                                # held longer than any timeout: still sounding
os.write(fd, b"\x1b[122;1:2u")                 # a repeat event for z
mark = len(buf)
time.sleep(0.3)
os.write(fd, b"\x1b[122;1:3u")                 # release z
step("release z leaves E4", read_until(lambda b: b"Held: E4" in b[mark:]))
mark = len(buf); os.write(fd, b"\x1b[99;1:3u")
step("release c: nothing held", read_until(lambda b: b"Held: -" in b[mark:]))
# :quit typed as kitty escapes (";" shifted with alternate key ":")
os.write(fd, b"\x1b[59:58;2u" + b"".join(b"\x1b[%du" % ord(c) for c in "quit") + b"\x1b[13u")
read_until(lambda b: False, 2)
_, status = os.waitpid(pid, 0)
step("exit status 0", status == 0)
step("flags popped (CSI < u) at exit", b"\x1b[<u" in buf)
"""#

    @Test(.enabled(if: E2E.which("python3") != nil, "needs python3"))
    func kittyProtocolPressAndRelease() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.fakeKittyTerminal.write(toFile: dir + "/kitty.py", atomically: true, encoding: .utf8)
        let r = E2E.run([E2E.which("python3")!, dir + "/kitty.py", E2E.piano!, "--soundfont", E2E.soundFont!,
                         "--audio-file", "/dev/null", "--journal", dir + "/journal.txt"])
        #expect(r.status == 0, "\(r.output)")
        #expect(!r.output.contains("FAIL"), "\(r.output)")
        #expect(r.output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == 8, "\(r.output)")
    }

    @Test func composePlayIntoAWAVFile() throws {
        let compose = URL(fileURLWithPath: E2E.piano!).deletingLastPathComponent().appendingPathComponent("compose").path
        try #require(FileManager.default.isExecutableFile(atPath: compose), "the compose binary is not built beside piano")
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A4 for half a second.
        let score = Score(parts: [Part(notes: [Note(pitch: 69, start: 0, duration: 480)])])
        try score.write(to: URL(fileURLWithPath: dir + "/a4.mid"))
        let r = E2E.run([compose, "play", dir + "/a4.mid", "--soundfont", E2E.soundFont!, "--audio-file", dir + "/a4.wav"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("a4.mid  0:00 / 0:00"))
        if AudioCheck.available {
            let f0 = try #require(AudioCheck.pitchAfterOnset(dir + "/a4.wav"))
            #expect(abs(f0 - 440) <= 2, "measured \(f0) Hz")
        }
        let bad = E2E.run([compose, "play", dir + "/a4.mid", "--soundfont", E2E.soundFont!, "--device", "nosuchdevice"],
                          environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf"])
        #expect(bad.status == 69)   // EX_UNAVAILABLE: no such audio device
        #expect(bad.output.contains("Could not open the ALSA audio device \"nosuchdevice\""))
    }
}
