import Foundation
import Testing
@testable import compose

/// The journal's quarantine rule, the names of stale temporary files, and a batch stopped by SIGTERM.
@Suite struct BatchJournalUnitTests {
    @Test func onlyTwoCrashesSinceTheLastEndQuarantine() {
        // Kills leave "start" lines only: never quarantined, however many.
        #expect(BatchJournal.quarantined(journal: "start a.mid\nstart a.mid\nstart a.mid\n").isEmpty)
        #expect(BatchJournal.quarantined(journal: "start a.mid\ncrash a.mid\nstart a.mid\n").isEmpty)
        #expect(BatchJournal.quarantined(journal: "start a.mid\ncrash a.mid\nstart a.mid\ncrash a.mid\n") == ["a.mid"])
        // An "end" (the file got through once) forgets the crashes before it.
        #expect(BatchJournal.quarantined(journal: "crash a.mid\nend a.mid\ncrash a.mid\n").isEmpty)
        #expect(BatchJournal.quarantined(journal: "crash sub/b c.mid\ncrash a.mid\ncrash sub/b c.mid\nend a.mid\n") == ["sub/b c.mid"])
    }

    @Test func staleTemporaryFileNamesAreParsed() {
        #expect(StaleTemporaryFiles.parse(".song.mid.1234.9f3a.tmp").map { "\($0.name) \($0.pid)" } == "song.mid 1234")
        #expect(StaleTemporaryFiles.parse(".a.b.wav.7.0.tmp").map { "\($0.name) \($0.pid)" } == "a.b.wav 7")
        for other in ["song.mid.1234.9f3a.tmp", ".song.mid.x.9f3a.tmp", ".song.mid.1234.zz.tmp", ".1234.9f3a.tmp", ".song.mid.1234..tmp",
                      ".song.mid.1234.9f3a", ".compose-render.journal"] {
            #expect(StaleTemporaryFiles.parse(other) == nil, "\(other)")
        }
        #expect(StaleTemporaryFiles.isAlive(getpid()))
    }

    @Test func aBatchStoppedBySIGTERMExits143() throws {
        var summary = BatchSummary(command: "render", files: 3, seconds: 1, jobs: 1, shard: nil, interrupted: true)
        summary.done = 1
        summary.notStarted = 2
        summary.interruptSignal = SIGTERM
        #expect(summary.exitStatus == .terminated && ExitStatus.terminated.rawValue == 143)
        #expect(summary.text(style: TerminalStyle(fd: -1, environment: [:]))
                == "render: 1 done, 0 skipped, 0 failed, 2 not started of 3 file(s) in 1.0 s with 1 job(s); "
                + "interrupted by SIGTERM (run the same command again to resume)")
        summary.interruptSignal = SIGINT
        #expect(summary.exitStatus == .interrupted)
    }

    @Test func aBatchWhoseEveryFileFailedPrintsOneLinePerFile() {
        let plain = TerminalStyle(fd: -1, environment: [:])
        var summary = BatchSummary(command: "transcribe", files: 2, seconds: 0, jobs: 1, shard: nil, interrupted: false)
        summary.failures = [.init(path: "a.wav", error: "a.wav: no such file or folder", exitCode: 66),
                            .init(path: "b.wav", error: "b.wav: cannot open audio: Format not recognised.", exitCode: 65)]
        #expect(summary.text(style: plain) == "Error: a.wav: no such file or folder\nError: b.wav: cannot open audio: Format not recognised.")
        #expect(summary.exitStatus == .noInput)
        // With a file done, the counts say something: the summary line, then a line per failure.
        summary.files = 3
        summary.done = 1
        #expect(summary.text(style: plain) == "transcribe: 1 done, 0 skipped, 2 failed of 3 file(s) in 0.0 s with 1 job(s)\n"
                + "  failed a.wav: no such file or folder\n  failed b.wav: cannot open audio: Format not recognised.")
    }
}
