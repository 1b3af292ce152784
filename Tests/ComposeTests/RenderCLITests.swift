import TestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `compose render` as a user runs it: memory flat in the song's length (peak RSS of the child
/// process), the output-size check, a file that is not a SoundFont, `--quiet`, notes never ended.
@Suite(.serialized) struct RenderCLITests {
    static let binary = ComposeCLITests.binary
    /// TimGM6mb (6 MB) when installed, else the first SoundFont the usual lookup finds.
    static let soundFont: String? = (["/usr/share/sounds/sf2/TimGM6mb.sf2"] + [
        "/usr/share/sounds/sf2/default-GM.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf3/default-GM.sf3",
    ]).first { FileManager.default.fileExists(atPath: $0) }
    static let ready = ComposeCLITests.binaryExists && soundFont != nil

    struct Measured {
        var status: Int32
        var signal: Int32
        var maxRSSKilobytes: Int
        var stdout: String
        var stderr: String
    }

    /// Runs `compose` with posix_spawn and measures its peak resident set size: `VmHWM` of
    /// /proc/PID/status, read every 5 ms until it exits (reaped with wait4(2)). Not `ru_maxrss`:
    /// posix_spawn starts the child in this process's memory (vfork), and the kernel records that
    /// memory's high-water mark in the child's `ru_maxrss` when it execs, so it would count the
    /// test process's own RSS.
    func runMeasured(_ arguments: [String], in dir: URL, whileRunning: ((pid_t) -> Void)? = nil) throws -> Measured {
        let out = dir.appendingPathComponent("stdout.txt").path, err = dir.appendingPathComponent("stderr.txt").path
        let pid = try spawnLikeAShell(Self.binary.path, arguments, stdoutPath: out, stderrPath: err)
        let child = pid
        let peak = PeakRSS()
        let poller = Thread {
            while !peak.done {
                peak.sample(pid: child)
                usleep(5_000)
            }
        }
        poller.start()
        whileRunning?(pid)
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        peak.done = true
        func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Measured(status: (status >> 8) & 0xFF, signal: status & 0x7F, maxRSSKilobytes: peak.kilobytes,
                        stdout: text(out), stderr: text(err))
    }

    /// The largest `VmHWM` seen in /proc/PID/status (kB).
    final class PeakRSS: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        private var finished = false
        var done: Bool {
            get { lock.withLock { finished } }
            set { lock.withLock { finished = newValue } }
        }
        var kilobytes: Int { lock.withLock { value } }
        func sample(pid: pid_t) {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                  let kB = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return }
            lock.withLock { value = max(value, kB) }
        }
    }

    /// The 34-byte file: PPQ 1 (2 ticks a second at the default 120 bpm), middle C for one
    /// tick (0.5 s), then End of Track 14,200 ticks later: 7,100.5 s, inside the 2-hour default cap.
    static let longSilence: [UInt8] = smf(division: 1, [0x00, 0x90, 0x3C, 0x64, 0x01, 0x3C, 0x00] + vlq(14_200) + [0xFF, 0x2F, 0x00])

    @Test("a 2-hour render streams: peak RSS under 100 MB, flat in the song's length",
          .enabled(if: ready, "needs the compose binary and a SoundFont (apt-get install timgm6mb-soundfont)"))
    func renderMemoryIsFlatInSongLength() throws {
        let font = try #require(Self.soundFont)
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(Self.longSilence.count == 34)
        let long = dir.appendingPathComponent("long.mid"), short = dir.appendingPathComponent("short.mid")
        try Data(Self.longSilence).write(to: long)
        try Data(smf(division: 1, [0x00, 0x90, 0x3C, 0x64, 0x01, 0x3C, 0x00, 0x01, 0xFF, 0x2F, 0x00])).write(to: short)
        // 8000 Hz keeps the test to seconds; the samples held in memory before streaming were
        // 7,100 s x 8000 x 2 x 4 bytes = 454 MB (2.5 GB at 44.1 kHz).
        // Reverb and chorus off: they are most of the time spent on silence, and do not touch memory.
        let common = ["--sample-rate", "8000", "--soundfont", font, "--no-reverb", "--no-chorus"]
        let shortRun = try runMeasured(["render", short.path, "--out", dir.appendingPathComponent("short.wav").path] + common, in: dir)
        try #require(shortRun.status == 0 && shortRun.signal == 0, "\(shortRun.stderr)")
        let wav = dir.appendingPathComponent("long.wav")
        let longRun = try runMeasured(["render", long.path, "--out", wav.path] + common, in: dir)
        try #require(longRun.status == 0 && longRun.signal == 0, "\(longRun.stderr)")
        let megabytes = Double(longRun.maxRSSKilobytes) / 1024, baseline = Double(shortRun.maxRSSKilobytes) / 1024
        print("render of the 34-byte file (7,100 s at 8000 Hz, \((font as NSString).lastPathComponent)): peak RSS \(megabytes) MB; a 1.5 s file: \(baseline) MB")
        #expect(megabytes - baseline < 20, "peak RSS \(megabytes) MB vs \(baseline) MB for a 1.5 s file")
        let fontMegabytes = Double((try? FileManager.default.attributesOfItem(atPath: font)[.size] as? Int) ?? 0) / 1e6
        if fontMegabytes < 20 { #expect(megabytes < 100, "peak RSS \(megabytes) MB") }
        // The whole song is in the file: 7,100.5 s up to the last event (which the player's clock
        // reaches half a tick, 0.25 s, early), then 100 ms of silence.
        let size = try #require(FileManager.default.attributesOfItem(atPath: wav.path)[.size] as? Int)
        let seconds = Double(size - 44) / 4 / 8000
        #expect(seconds > 7100.3 && seconds < 7100.6, "\(seconds) s")
        #expect(longRun.stdout.contains("long.wav: 7100.") && longRun.stdout.contains("frames at 8000 Hz"), "\(longRun.stdout)")
    }

    @Test("--max-duration 1e9 on a file stretched to 77 hours: refused at once (exit 73), never an abort",
          .enabled(if: ready, "needs the compose binary and a SoundFont"))
    func hugeMaxDurationNeverAborts() throws {
        let font = try #require(Self.soundFont)
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mid = dir.appendingPathComponent("stretched.mid"), wav = dir.appendingPathComponent("stretched.wav")
        // PPQ 480 at 120 bpm: the note-off 0x0FFFFFFF ticks later is at 279,620 s (77.7 hours).
        try Data(smf(division: 480, [0x00, 0x90, 0x3C, 0x64] + vlq(0x0FFF_FFFF) + [0x80, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00])).write(to: mid)
        let start = Date()
        let result = try runMeasured(["render", mid.path, "--out", wav.path, "--soundfont", font, "--max-duration", "1e9"], in: dir)
        #expect(result.signal == 0, "killed by signal \(result.signal): \(result.stderr)")
        #expect(result.status == 73, "\(result.stderr)")
        // The reading warning about the delta time, then our error: 279,620 s x 44100 x 4 bytes =
        // 49.3 GB, more than a WAV file can hold.
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.first?.contains("a delta time of 268435455 ticks") == true, "\(result.stderr)")
        #expect(lines.last?.hasPrefix("Error: \(mid.path): Not writing \(wav.path): the audio could take 49.33 GB and a WAV file holds at most 4.29 GB") == true,
                "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(!FileManager.default.fileExists(atPath: wav.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["stderr.txt", "stdout.txt", "stretched.mid"])
    }

    @Test("a text file given as --soundfont: exactly one line on stderr, exit 65",
          .enabled(if: ComposeCLITests.binaryExists, "needs the compose binary"))
    func textSoundFontGivesOneLine() throws {
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("notes.sf2")
        try Data("These are my notes, not a SoundFont.\n".utf8).write(to: text)
        let wav = dir.appendingPathComponent("out.wav")
        let result = try runMeasured(["render", ComposeCLITests.jig.path, "--out", wav.path, "--soundfont", text.path], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr == "Error: Not a SoundFont: \(text.path) at byte 0: \"Thes\", not \"RIFF\" (a .sf2/.sf3 file starts with RIFF ... sfbk).\n",
                "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: wav.path))
    }

    @Test("render --quiet of one file prints nothing on stdout",
          .enabled(if: ready, "needs the compose binary and a SoundFont"))
    func quietPrintsNothing() throws {
        let font = try #require(Self.soundFont)
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("jig.wav")
        let quiet = try runMeasured(["render", ComposeCLITests.jig.path, "--out", wav.path, "--soundfont", font, "--sample-rate", "8000", "--quiet"], in: dir)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stdout == "")
        #expect(quiet.stderr == "")
        #expect(FileManager.default.fileExists(atPath: wav.path))
        let loud = try runMeasured(["render", ComposeCLITests.jig.path, "--out", wav.path, "--soundfont", font, "--sample-rate", "8000"], in: dir)
        #expect(loud.stdout.hasPrefix("\(wav.path): "), "\(loud.stdout)")
    }

    @Test("a note never ended: one warning line, released at the end of its track",
          .enabled(if: ready, "needs the compose binary and a SoundFont"))
    func unendedNoteWarns() throws {
        let font = try #require(Self.soundFont)
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Church organ (program 19), middle C on, End of Track 480 ticks (0.5 s) later, no note-off.
        let mid = dir.appendingPathComponent("organ.mid"), wav = dir.appendingPathComponent("organ.wav")
        try Data(smf(division: 480, [0x00, 0xC0, 19, 0x00, 0x90, 0x3C, 0x64] + vlq(480) + [0xFF, 0x2F, 0x00])).write(to: mid)
        let result = try runMeasured(["render", mid.path, "--out", wav.path, "--soundfont", font, "--sample-rate", "8000"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "warning: \(wav.path): 1 note never ended (e.g. note 60 on channel 1 of track 0 from tick 0); released at the end of its track\n",
                "\(result.stderr)")
        // Released, then the tail: well under the 10.5 s it used to run to the cap.
        let size = try #require(FileManager.default.attributesOfItem(atPath: wav.path)[.size] as? Int)
        let seconds = Double(size - 44) / 4 / 8000
        #expect(seconds > 0.6 && seconds < 3, "\(seconds) s")
    }

    @Test("Ctrl-C during a render: exit 130, no output file and no temporary file left",
          .enabled(if: ready, "needs the compose binary and a SoundFont"))
    func interruptedRenderLeavesNothing() throws {
        let font = try #require(Self.soundFont)
        let dir = try TestPaths.temporaryDirectory("RenderCLITests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mid = dir.appendingPathComponent("long.mid"), wav = dir.appendingPathComponent("long.wav")
        try Data(Self.longSilence).write(to: mid)
        var sawTemporary = false
        let result = try runMeasured(["render", mid.path, "--out", wav.path, "--soundfont", font, "--sample-rate", "8000"], in: dir) { pid in
            // Wait until the render is writing (its temporary file exists), then interrupt it.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                if names.contains(where: { $0.hasPrefix(".long.wav.") && $0.hasSuffix(".tmp") }) { sawTemporary = true; break }
                usleep(20_000)
            }
            usleep(200_000)
            kill(pid, SIGINT)
        }
        #expect(sawTemporary)
        #expect(result.signal == 0 && result.status == 130, "status \(result.status), signal \(result.signal): \(result.stderr)")
        #expect(result.stderr.hasSuffix("interrupted; \(wav.path) was not written\n"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["long.mid", "stderr.txt", "stdout.txt"])
    }
}
