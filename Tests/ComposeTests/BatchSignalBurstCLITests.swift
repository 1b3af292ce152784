import TestSupport
import Foundation
import Testing

/// One stop sent twice: GNU `timeout` signals compose and then its process group, two SIGTERMs in
/// a row. They count as one stop (the file in progress finishes); a later second signal still kills.
extension BatchSignalCLITests {
    @Test(.enabled(if: enabled, "compose binary not built next to the tests"))
    func twoSIGTERMsInARowFinishTheFileInProgressAndTheNextRunDoesTheRest() throws {
        let (root, input, out) = try makeCorpus(count: 3, notes: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        let args = ["convert", input.path, "--out-dir", out.path, "--jobs", "1", "--quiet"]
        let journal = out.appendingPathComponent(".compose-convert.journal").path
        // f01.mid takes 2 s more: both signals arrive while it is in progress.
        let child = try Child(args, environment: [Self.hook: "slow:f01.mid"], in: root)
        #expect(waitFor(journal, containing: "start f01.mid\n"))
        child.signal(SIGTERM)
        child.signal(SIGTERM)
        let result = child.wait()
        #expect(result.status == 143 && !result.bySignal, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.hasPrefix("convert: 2 done, 0 skipped, 0 failed, 1 not started of 3 file(s) in ") == true, "\(result.stderr)")
        #expect(result.stderr.contains("interrupted by SIGTERM (run the same command again to resume)"))
        #expect(allFiles(out) == [".compose-convert.journal", "f00.mid", "f01.mid"])
        let resumed = try Child(args + ["--json"], in: root).wait()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(json["done"] as? Int == 1 && json["skipped"] as? Int == 2, "\(resumed.stdout)")
        #expect(allFiles(out) == ["f00.mid", "f01.mid", "f02.mid"])
    }

    @Test(.enabled(if: enabled && FileManager.default.isExecutableFile(atPath: "/usr/bin/timeout"),
                   "compose binary not built next to the tests, or no /usr/bin/timeout"))
    func aBatchUnderGNUTimeoutFinishesTheFileInProgress() throws {
        let (root, input, out) = try makeCorpus(count: 3, notes: 10)
        defer { try? FileManager.default.removeItem(at: root) }
        let args = ["convert", input.path, "--out-dir", out.path, "--jobs", "1", "--quiet"]
        // timeout's stop comes 1 s in, while f00.mid (2 s longer) is in progress.
        let run = try Child(["--preserve-status", "-s", "TERM", "1", Self.binary.path] + args,
                            environment: [Self.hook: "slow:f00.mid"], in: root, executable: "/usr/bin/timeout").wait()
        #expect(run.status == 143, "\(run.stderr)")
        #expect(run.stderr.contains("convert: 1 done, 0 skipped, 0 failed, 2 not started of 3 file(s) in "), "\(run.stderr)")
        #expect(run.stderr.contains("interrupted by SIGTERM"), "\(run.stderr)")
        #expect(allFiles(out) == [".compose-convert.journal", "f00.mid"])
        let resumed = try Child(args, in: root).wait()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(allFiles(out) == ["f00.mid", "f01.mid", "f02.mid"])
    }
}
