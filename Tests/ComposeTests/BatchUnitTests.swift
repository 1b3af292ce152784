import FileIO
import ArgumentParser
import Foundation
import Testing
@testable import compose
import Pictures
import SMF
import Synth

/// The pieces of batch handling that do not need the executable: input expansion, sharding,
/// exit statuses and messages, colour rules.
@Suite struct BatchUnitTests {
    func makeTree() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("BatchUnitTests-\(UUID().uuidString)")
        let fm = FileManager.default
        for sub in ["b", "a/deep", ".hidden"] {
            try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for name in ["z.mid", "b/x.MID", "a/deep/y.midi", "a/k.kar", "a/r.rmi", "notes.txt", ".hidden/h.mid", ".tmp.mid", "b/w.wav"] {
            try Data("x".utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test func foldersAreSearchedRecursivelyForMIDIExtensionsInAFixedOrder() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = BatchInputs.expand([dir.path])
        #expect(inputs.map(\.relativePath) == ["a/deep/y.midi", "a/k.kar", "a/r.rmi", "b/x.MID", "z.mid"])
        #expect(inputs.allSatisfy { $0.missing == nil && $0.path == dir.path + "/" + $0.relativePath })
    }

    /// A symlink to a folder (relative or absolute) is searched like the folder; paths keep the
    /// link's name. Foundation on Linux lists nothing under one unless it is resolved.
    @Test func aSymlinkToAFolderIsSearchedLikeTheFolder() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let parent = dir.deletingLastPathComponent()
        let relative = dir.path + "-rel", absolute = dir.path + "-abs"
        try FileManager.default.createSymbolicLink(atPath: relative, withDestinationPath: dir.lastPathComponent)
        try FileManager.default.createSymbolicLink(atPath: absolute, withDestinationPath: dir.path)
        defer { for link in [relative, absolute] { try? FileManager.default.removeItem(atPath: link) } }
        #expect(FileManager.default.fileExists(atPath: parent.appendingPathComponent(dir.lastPathComponent + "-rel/z.mid").path))
        for link in [relative, absolute] {
            let inputs = BatchInputs.expand([link])
            #expect(inputs.map(\.relativePath) == ["a/deep/y.midi", "a/k.kar", "a/r.rmi", "b/x.MID", "z.mid"], "\(link)")
            #expect(inputs.allSatisfy { $0.missing == nil && $0.path == link + "/" + $0.relativePath })
            #expect(BatchInputs.expand([link], kind: .audio).map(\.relativePath) == ["b/w.wav"])
        }
    }

    /// A symlink to a file inside a searched folder is listed under the link's name (a folder of
    /// links only, as a corpus kept elsewhere, was "no files"); a dangling link is left out.
    @Test func aSymlinkToAFileInAFolderIsListed() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let links = dir.path + "-links"
        try FileManager.default.createDirectory(atPath: links, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: links) }
        try FileManager.default.createSymbolicLink(atPath: links + "/one.mid", withDestinationPath: dir.path + "/z.mid")
        try FileManager.default.createSymbolicLink(atPath: links + "/two.mid", withDestinationPath: "../" + dir.lastPathComponent + "/b/x.MID")
        try FileManager.default.createSymbolicLink(atPath: links + "/gone.mid", withDestinationPath: dir.path + "/none.mid")
        try FileManager.default.createSymbolicLink(atPath: links + "/take.wav", withDestinationPath: dir.path + "/b/w.wav")
        let inputs = BatchInputs.expand([links])
        #expect(inputs.map(\.relativePath) == ["one.mid", "two.mid"])
        #expect(inputs.allSatisfy { $0.missing == nil && $0.path == links + "/" + $0.relativePath })
        #expect(BatchInputs.expand([links], kind: .audio).map(\.relativePath) == ["take.wav"])
    }

    @Test func globsExpandRelativeToTheirFixedPrefixAndMissingInputsAreKept() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = BatchInputs.expand([dir.path + "/*/*.MID", dir.path + "/a", dir.path + "/notes.txt", dir.path + "/none.mid",
                                         dir.path + "/q*.mid", dir.path + "/z.mid", dir.path + "/./z.mid"])
        #expect(inputs.map(\.relativePath) == ["b/x.MID", "deep/y.midi", "k.kar", "r.rmi", "notes.txt", "none.mid", dir.path + "/q*.mid", "z.mid"])
        #expect(inputs.map { $0.missing != nil } == [false, false, false, false, false, true, true, false])
        #expect(BatchInputs.patternBase("songs/a*/x.mid") == "songs")
        #expect(BatchInputs.patternBase("/data/corpus/*.mid") == "/data/corpus")
        #expect(BatchInputs.patternBase("*.mid") == "")
        #expect(BatchInputs.isBatch([dir.path]) && BatchInputs.isBatch(["a.mid", "b.mid"]) && BatchInputs.isBatch([dir.path + "/*.mid"]))
        #expect(!BatchInputs.isBatch([dir.path + "/z.mid"]) && !BatchInputs.isBatch([dir.path + "/missing.mid"]))
    }

    @Test func shardsParseOneBasedAndPartitionByPathHash() throws {
        #expect(ShardSpec(argument: "1/3") == ShardSpec(index: 1, count: 3))
        #expect(ShardSpec(argument: "3/3") == ShardSpec(index: 3, count: 3))
        for bad in ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/3"] { #expect(ShardSpec(argument: bad) == nil, "\(bad)") }
        // FNV-1a 64-bit test vectors (Fowler, Noll, Vo).
        #expect(ShardSpec.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(ShardSpec.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ShardSpec.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
        let paths = (0..<1000).map { "folder/song\($0).mid" }
        var sizes: [Int] = []
        var union = Set<String>()
        for i in 1...4 {
            let mine = paths.filter { ShardSpec(index: i, count: 4).contains($0) }
            #expect(union.isDisjoint(with: mine))
            union.formUnion(mine)
            sizes.append(mine.count)
        }
        #expect(union.count == 1000)
        #expect(sizes.allSatisfy { (200...300).contains($0) }, "\(sizes)")
        #expect(ShardSpec(index: 1, count: 1).contains("anything"))
    }

    @Test func outputsMirrorRelativePathsAndCollisionsAreUsageErrors() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = try BatchOptions.parse(["--out-dir", "/out"])
        let jobs = try options.plan([dir.path], newExtension: "wav")
        #expect(jobs.map { $0.output ?? "" } == ["/out/a/deep/y.wav", "/out/a/k.wav", "/out/a/r.wav", "/out/b/x.wav", "/out/z.wav"])
        #expect(jobs.map(\.index) == [0, 1, 2, 3, 4])
        // b/x.MID and a folder holding x.mid both land on /out/x.wav.
        try Data("x".utf8).write(to: dir.appendingPathComponent("a/x.mid"))
        let clash = try #require(throws: ValidationError.self) { try options.plan([dir.path + "/a/x.mid", dir.path + "/b"], newExtension: "wav") }
        #expect(clash.message == "\(dir.path)/a/x.mid and \(dir.path)/b/x.MID map to the same relative path x.wav under --out-dir, "
                + "so both would be written to /out/x.wav; rename one, or run them separately with different --out-dir folders")
        // Without --out-dir two inputs clash only beside each other: the advice does not offer --out-dir as the cure for itself.
        try Data("x".utf8).write(to: dir.appendingPathComponent("a/k.mid"))
        let beside2 = try #require(throws: ValidationError.self) {
            try BatchOptions.parse([]).plan([dir.path + "/a/k.kar", dir.path + "/a/k.mid"], newExtension: "wav")
        }
        #expect(beside2.message == "\(dir.path)/a/k.kar and \(dir.path)/a/k.mid would both be written to \(dir.path)/a/k.wav (next to their inputs); "
                + "rename one, or run them separately with different --out-dir folders")
        // Without --out-dir the output goes next to the input; the input itself is refused.
        let beside = try BatchOptions.parse([]).plan([dir.path + "/z.mid"], newExtension: "wav")
        #expect(beside.first?.output == dir.path + "/z.wav")
        #expect(throws: (any Error).self) { try BatchOptions.parse(["--out-dir", dir.path]).plan([dir.path], newExtension: "mid") }
    }

    @Test func exitStatusesAndOneLineMessages() throws {
        #expect(ExitStatus.of(SMFError(.notMIDI, track: nil, offset: 0, expected: "MThd")) == .dataError)
        #expect(ExitStatus.of(FileIOError(.read, path: "a.mid", code: 2, reason: "No such file or directory")) == .noInput)
        #expect(ExitStatus.of(FileIOError(.write, path: "a.mid", code: 13, reason: "Permission denied")) == .cannotCreate)
        #expect(ExitStatus.of(SynthError.noSoundFont(searched: ["a"])) == .unavailable)
        #expect(ExitStatus.of(SynthError.soundFontNotFound(path: "x.sf2")) == .noInput)
        #expect(ExitStatus.of(SynthError.wavWriteFailed(path: "x.wav", reason: "disk full")) == .cannotCreate)
        #expect(ExitStatus.of(FileFailure(path: "x.mid", underlying: SynthError.invalidDivision(.ticksPerQuarter(0)))) == .dataError)
        #expect(ExitStatus.of(CocoaError(.fileReadNoSuchFile)) == .noInput)
        let message = ExitStatus.message(for: SynthError.noSoundFont(searched: ["$SOUNDFONT (not set)", "/a.sf2", "/b.sf2"]))
        #expect(!message.contains("\n"))
        #expect(ExitStatus.oneLine("Could not open it.\n  Fix: do this\n") == "Could not open it. Fix: do this")
        #expect(ExitStatus.oneLine("first\nsecond") == "first; second")
        #expect(message.hasPrefix("No SoundFont found. Looked in: $SOUNDFONT (not set), /a.sf2, /b.sf2; Install one with"))
        #expect(FileFailure(path: "x.mid", underlying: SynthError.invalidDivision(.ticksPerQuarter(0))).description
                == "x.mid: The MIDI file's division cannot be timed: 0 ticks per quarter note.")
        #expect(FileFailure(path: "x.mid", underlying: FileIOError(.read, path: "x.mid", code: 2, reason: "gone")).description
                == "cannot read x.mid: gone")
    }

    @Test func pictureErrorsAreUsageErrorsButCairoFailuresCannotCreate() {
        #expect(ExitStatus.of(PictureError.barRange(first: 17, last: 24, barCount: 16)) == .usage)
        #expect(ExitStatus.of(PictureError.unsupportedFormat(path: "roll.jpg")) == .usage)
        #expect(ExitStatus.of(PictureError.tooNarrow(width: 10, minimum: 240)) == .usage)
        #expect(ExitStatus.of(PictureError.cairo(path: "/ro/x.png", status: "error while writing to output stream")) == .cannotCreate)
        #expect(ExitStatus.of(PictureError.emptyAudio) == .dataError)
        #expect(ExitStatus.of(SynthError.soundFontVariableNotFound(variable: "SOUNDFONT", path: "/nonexistent.sf2")) == .noInput)
    }

    /// A batch stopped by Ctrl-C while working on its first file (one worker): that file is done,
    /// the three it never got to are "notStarted", not "skipped" (which means already complete).
    @Test func filesNotReachedBeforeCtrlCAreNotStartedNotSkipped() throws {
        let dir = try makeTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let inputs = ["a/k.kar", "z.mid", "a/r.rmi", "b/x.MID"].map { BatchInput(path: dir.path + "/" + $0, relativePath: $0) }
        let jobs = inputs.enumerated().map { i, input in
            BatchJob(index: i, input: input, output: out + "/" + (input.relativePath as NSString).deletingPathExtension + ".out")
        }
        // The first input's output already exists and is newer: skipped as complete, before Ctrl-C.
        try FileManager.default.createDirectory(atPath: out + "/a", withIntermediateDirectories: true)
        try Data("done".utf8).write(to: URL(fileURLWithPath: out + "/a/k.out"))
        // No other test runs a BatchRunner in this process (the Ctrl-C flag is process-wide).
        let runner = BatchRunner(command: "test", jobs: jobs, workerCount: 1, overwrite: false, showProgress: false, shard: nil)
        let summary = try runner.run(makeWorker: {
            { job in
                try Data("x".utf8).write(to: URL(fileURLWithPath: job.output!))
                BatchRunner.requestStop()   // Ctrl-C while this file is in progress: it still finishes
                return BatchOutcome(line: nil)
            }
        }, report: { _, _ in })
        #expect(summary.interrupted && summary.exitStatus == .interrupted)
        #expect(summary.skipped == 1 && summary.done == 1 && summary.notStarted == 2 && summary.failed == 0)
        #expect(summary.outputs.map(\.status) == ["skipped", "done", "notStarted", "notStarted"])
        #expect(summary.text(style: TerminalStyle(fd: -1, environment: [:])).hasPrefix(
            "test: 1 done, 1 skipped (already complete), 0 failed, 2 not started of 4 file(s) in "))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any]
        #expect(json?["notStarted"] as? Int == 2 && json?["skipped"] as? Int == 1 && json?["exitCode"] as? Int == 130)
        #expect(!FileManager.default.fileExists(atPath: out + "/a/r.out") && !FileManager.default.fileExists(atPath: out + "/b/x.out"))
    }

    @Test func colourOnlyOnATerminalAndNeverWithNO_COLOR() {
        #expect(TerminalStyle.colourAllowed(isTerminal: true, environment: ["TERM": "xterm"]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: false, environment: ["TERM": "xterm"]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(TerminalStyle.colourAllowed(isTerminal: true, environment: ["TERM": "xterm", "NO_COLOR": ""]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(TerminalStyle.colourAllowed(isTerminal: false, environment: ["CLICOLOR_FORCE": "1"]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: false, environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"]))
    }
}
