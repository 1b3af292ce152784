import TestSupport
import Foundation
import Testing

/// A batch as schedulers and crashes treat it, with the real `compose` executable as a child
/// process: SIGTERM at random moments (what `timeout`, Slurm and Kubernetes send), SIGKILL, real
/// crashes (a test-only hook, `COMPOSE_TEST_ONLY_CRASH_IN_BATCH`), and the temporary files of
/// killed runs. Uses `convert` on generated files (no SoundFont needed).
@Suite(.serialized) struct BatchSignalCLITests {
    static let binary = ComposeCLITests.binary
    static let enabled = ComposeCLITests.binaryExists
    static let hook = "COMPOSE_TEST_ONLY_CRASH_IN_BATCH"

    /// A running `compose`, its output going to files (so no pipe can fill up and block it). Started
    /// with posix_spawn and an empty signal mask, default signal actions, as a shell starts a
    /// program: a child of Foundation's `Process` inherits the mask of the test runner's thread,
    /// which may block SIGTERM.
    final class Child {
        let pid: pid_t
        let stdoutPath: String
        let stderrPath: String
        private var finished: (status: Int32, stdout: String, stderr: String, bySignal: Bool)?

        /// Runs `executable` (compose by default) with `arguments`.
        init(_ arguments: [String], environment: [String: String?] = [:], in folder: URL,
             executable: String = BatchSignalCLITests.binary.path) throws {
            let tag = UUID().uuidString.prefix(8)
            stdoutPath = folder.appendingPathComponent("stdout-\(tag).txt").path
            stderrPath = folder.appendingPathComponent("stderr-\(tag).txt").path
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            pid = try spawnLikeAShell(executable, arguments, stdoutPath: stdoutPath,
                                      stderrPath: stderrPath, environment: env)
        }

        deinit { if finished == nil { kill(pid, SIGKILL); _ = wait() } }

        func signal(_ sig: Int32) { kill(pid, sig) }

        /// True while the process has not exited (a zombie, exited but not yet reaped, is not running).
        var isRunning: Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(close, offsetBy: 2)] != "Z"
        }

        /// Waits for the exit; the status as a shell shows it (128 + N for a death by signal N), and
        /// whether it was a death by signal (rather than an exit with that status).
        @discardableResult
        func wait() -> (status: Int32, stdout: String, stderr: String, bySignal: Bool) {
            if let finished { return finished }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let bySignal = (raw & 0x7F) != 0
            let status = bySignal ? 128 + (raw & 0x7F) : (raw >> 8) & 0xFF
            let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            finished = (status, out, err, bySignal)
            return finished!
        }
    }

    /// A format-0 file of `notes` notes (a note every 60 ticks at 480 PPQN); `seed` varies the pitches.
    static func song(notes: Int, seed: Int) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(notes * 8 + 4)
        for i in 0..<notes {
            let pitch = UInt8(40 + (i * 7 + seed * 5) % 48)
            body += [0x00, 0x90, pitch, 80] + vlq(60) + [0x80, pitch, 0]
        }
        body += [0x00, 0xFF, 0x2F, 0x00]
        return smf(format: 0, division: 480, body)
    }

    /// A folder `in` with `count` generated files `f00.mid`... of `notes` notes each, and the path of `out`.
    func makeCorpus(count: Int, notes: Int) throws -> (root: URL, input: URL, output: URL) {
        let root = try ComposeCLITests().temporaryDirectory()
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for i in 0..<count {
            try Data(Self.song(notes: notes, seed: i)).write(to: input.appendingPathComponent(String(format: "f%02d.mid", i)))
        }
        return (root, input, root.appendingPathComponent("out"))
    }

    /// Every file under `folder` (relative paths, hidden ones included), sorted.
    func allFiles(_ folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.hasPrefix("stdout-") && !$0.hasPrefix("stderr-") }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: folder.path + "/" + $0, isDirectory: &d) && !d.boolValue }
            .sorted()
    }

    /// Waits up to `seconds` for `path` to exist and to contain `text` at least `times` times.
    func waitFor(_ path: String, containing text: String = "", times: Int = 1, seconds: Double = 60) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let s = try? String(contentsOfFile: path, encoding: .utf8),
               text.isEmpty || s.components(separatedBy: text).count - 1 >= times { return true }
            usleep(10_000)
        }
        return false
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func aBatchKilledBySIGTERMFiveTimesFinishesEveryFileOnTheSixthRun() throws {
        let (root, input, out) = try makeCorpus(count: 30, notes: 6_000)
        defer { try? FileManager.default.removeItem(at: root) }
        let args = ["convert", input.path, "--out-dir", out.path, "--ppq", "96", "--jobs", "2", "--quiet"]
        let journal = out.appendingPathComponent(".compose-convert.journal").path
        var generator = SystemRandomNumberGenerator()
        var interruptedRuns = 0
        for run in 1...5 {
            let started = ((try? String(contentsOfFile: journal, encoding: .utf8)) ?? "").components(separatedBy: "start ").count - 1
            let child = try Child(args, in: root)
            // Once this run is under way (it has started a file), SIGTERM at a random moment within
            // its first 100 ms: at least 20 files of 6,000 notes are left, more than a run converts
            // in that time even on an idle machine (up to 700 ms let the fifth run finish first).
            #expect(waitFor(journal, containing: "start ", times: started + 1), "run \(run): the batch never started")
            usleep(UInt32.random(in: 0...100_000, using: &generator))
            child.signal(SIGTERM)
            let result = child.wait()
            if result.status == 0 { break }   // finished before the signal came: nothing left to test
            interruptedRuns += 1
            // The files in progress finish; the summary is printed; 143 = 128 + SIGTERM.
            #expect(result.status == 143 && !result.bySignal, "run \(run): \(result.stderr)")
            #expect(result.stderr.hasPrefix("convert: ") && result.stderr.contains(" skipped") && result.stderr.contains(" 0 failed"),
                    "run \(run): \(result.stderr)")
            #expect(result.stderr.contains("interrupted by SIGTERM (run the same command again to resume)"), "run \(run): \(result.stderr)")
            #expect(!allFiles(out).contains { $0.hasSuffix(".tmp") }, "run \(run)")
        }
        #expect(interruptedRuns == 5)
        let sixth = try Child(args, in: root).wait()
        #expect(sixth.status == 0, "\(sixth.stderr)")
        #expect(sixth.stderr.isEmpty, "\(sixth.stderr)")
        // Every file converted, nothing else left: no temporary file, no journal (nothing quarantined).
        let expected = (0..<30).map { String(format: "f%02d.mid", $0) }
        #expect(allFiles(out) == expected)
        for name in expected {
            let bytes = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(Array(bytes.prefix(14)) == [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96], "\(name)")
        }
        // Running it again skips everything.
        let again = try Child(args + ["--json"], in: root).wait()
        #expect(again.status == 0)
        #expect(again.stdout.contains("\"skipped\":30") || again.stdout.contains("\"skipped\" : 30"), "\(again.stdout)")
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func aFileThatCrashesComposeTwiceIsQuarantinedAndOverwriteRetriesIt() throws {
        let (root, input, out) = try makeCorpus(count: 4, notes: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        let args = ["convert", input.path, "--out-dir", out.path, "--jobs", "1", "--quiet"]
        let journal = out.appendingPathComponent(".compose-convert.journal")
        // First crash: a Swift runtime trap, with the runtime's backtracer as it is by default.
        let first = try Child(args, environment: [Self.hook: "trap:f01.mid"], in: root).wait()
        #expect(first.bySignal && (first.status == 128 + SIGILL || first.status == 128 + SIGTRAP), "\(first.stderr)")
        #expect(try String(contentsOf: journal, encoding: .utf8) == "start f00.mid\nend f00.mid\nstart f01.mid\ncrash f01.mid\n")
        // Second crash on the same file (backtracer off: the default action follows the record).
        let second = try Child(args, environment: [Self.hook: "trap:f01.mid", "SWIFT_BACKTRACE": "enable=no"], in: root).wait()
        #expect(second.status == 128 + SIGILL || second.status == 128 + SIGTRAP, "\(second.stderr)")
        #expect(try String(contentsOf: journal, encoding: .utf8).components(separatedBy: "crash f01.mid\n").count == 3)
        // Third run, no crash: f01 is quarantined (70), the rest are done.
        let third = try Child(args, in: root).wait()
        #expect(third.status == 70, "\(third.stderr)")
        let lines = third.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(third.stderr)")
        #expect(lines.first?.hasPrefix("convert: 2 done, 1 skipped (already complete), 1 failed of 4 file(s) in ") == true, "\(third.stderr)")
        #expect(lines.last == "  failed \(input.path)/f01.mid: compose crashed twice while working on this file (see \(journal.path)); "
                + "skipped, --overwrite tries it again")
        #expect(allFiles(out) == [".compose-convert.journal", "f00.mid", "f02.mid", "f03.mid"])
        // --overwrite tries it again; a run through every file removes the journal.
        let fourth = try Child(args + ["--overwrite"], in: root).wait()
        #expect(fourth.status == 0, "\(fourth.stderr)")
        #expect(allFiles(out) == ["f00.mid", "f01.mid", "f02.mid", "f03.mid"])
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func segmentationFaultsAndAbortsAreRecordedButKillsAreNot() throws {
        let (root, input, out) = try makeCorpus(count: 3, notes: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        let args = ["convert", input.path, "--out-dir", out.path, "--jobs", "1", "--quiet"]
        let journal = out.appendingPathComponent(".compose-convert.journal")
        let env: [String: String?] = ["SWIFT_BACKTRACE": "enable=no"]
        let segv = try Child(args, environment: env.merging([Self.hook: "segv:f00.mid"]) { $1 }, in: root).wait()
        #expect(segv.status == 128 + SIGSEGV && segv.bySignal, "\(segv.stderr)")
        #expect(try String(contentsOf: journal, encoding: .utf8) == "start f00.mid\ncrash f00.mid\n")
        let abort = try Child(args, environment: env.merging([Self.hook: "abort:f00.mid"]) { $1 }, in: root).wait()
        #expect(abort.status == 128 + SIGABRT, "\(abort.stderr)")
        #expect(try String(contentsOf: journal, encoding: .utf8) == "start f00.mid\ncrash f00.mid\nstart f00.mid\ncrash f00.mid\n")
        try FileManager.default.removeItem(at: journal)

        // An operator's kills, twice each, while f01.mid is in progress: SIGKILL, then SIGTERM
        // (which waits for the file in progress: a second SIGTERM, later than half a second after
        // the first, ends it at once). No crash record.
        for kill in 1...2 {
            let child = try Child(args, environment: env.merging([Self.hook: "hang:f01.mid"]) { $1 }, in: root)
            #expect(waitFor(journal.path, containing: "start f01.mid\n", times: kill))
            child.signal(SIGKILL)
            let killed = child.wait()
            #expect(killed.status == 128 + SIGKILL && killed.bySignal)
        }
        for term in 3...4 {
            let child = try Child(args, environment: env.merging([Self.hook: "hang:f01.mid"]) { $1 }, in: root)
            #expect(waitFor(journal.path, containing: "start f01.mid\n", times: term))
            child.signal(SIGTERM)
            usleep(800_000)
            #expect(child.isRunning)   // finishing the file in progress (here: never)
            child.signal(SIGTERM)
            let terminated = child.wait()
            #expect(terminated.status == 128 + SIGTERM && terminated.bySignal)
        }
        let text = try String(contentsOf: journal, encoding: .utf8)
        #expect(!text.contains("crash"))
        #expect(text.components(separatedBy: "start f01.mid\n").count == 5)
        // The next run retries f01.mid: nothing is quarantined.
        let next = try Child(args, in: root).wait()
        #expect(next.status == 0, "\(next.stderr)")
        #expect(allFiles(out) == ["f00.mid", "f01.mid", "f02.mid"])
    }

    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func temporaryFilesOfDeadProcessesAreRemovedAtTheStart() throws {
        let (root, input, out) = try makeCorpus(count: 2, notes: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // The PID of a process that has exited.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = gone.processIdentifier
        let alive = getpid()
        let planted = [
            ".f00.mid.\(dead).1a2b3c4d.tmp",      // this run's output, writer dead: removed
            ".f01.mid.\(alive).99.tmp",           // writer alive (this test): kept
            ".other.mid.\(dead).5e6f.tmp",        // not an output of this run (another shard's): kept
            ".f01.mid.\(dead).notHex.tmp",        // not a temporary file of ours: kept
        ]
        for name in planted { try Data("partial".utf8).write(to: out.appendingPathComponent(name)) }
        let run = try Child(["convert", input.path, "--out-dir", out.path, "--quiet"], in: root).wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(allFiles(out) == [planted[2], planted[3], planted[1], "f00.mid", "f01.mid"].sorted())
    }
}
