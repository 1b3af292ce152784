import TestSupport
import CommandLineSupport
import Foundation
import Testing

/// Usage errors of both executables, run as child processes: exactly one line on stderr naming the
/// option (and the value given, negative numbers included), nothing on stdout, exit status 64.
@Suite struct UsageErrorCLITests {
    static let compose = ComposeCLITests.binary
    static let piano = ComposeCLITests.binary.deletingLastPathComponent().appendingPathComponent("piano")
    static let enabled = ComposeCLITests.binaryExists && FileManager.default.isExecutableFile(atPath: piano.path)

    /// (executable, arguments, the one line expected on stderr).
    static let table: [(URL, [String], String)] = [
        // negative numbers: a value, checked and named like any other
        (compose, ["melody", "--bars", "-1"], "--bars must be 1...1000, got -1"),
        (compose, ["melody", "--temperature", "-1"], "--temperature must be at least 0, got -1.0"),
        (compose, ["melody", "--tempo", "-120"], "--tempo must be 4...1000 bpm, got -120.0"),
        (compose, ["melody", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
        (compose, ["drums", "--bars", "-1"], "--bars must be 1...1000, got -1"),
        (compose, ["continue", "x.mid", "--bars", "-3"], "--bars must be 1...64, got -3"),
        (compose, ["harmonize", "x.mid", "--chords-per-bar", "-1"], "--chords-per-bar must be 1 or 2, got -1"),
        (compose, ["render", "x.mid", "--gain", "-1"], "--gain must be 0...10, got -1.0"),
        (compose, ["render", "x.mid", "--max-duration", "-1"], "--max-duration must be above 0 s, got -1.0"),
        (compose, ["convert", "x.mid", "--out", "y.mid", "--ppq", "-96"], "--ppq must be 1...32767, got -96"),
        (compose, ["convert", "x.mid", "--out", "y.mid", "--transpose", "-200"], "--transpose must be -127...127, got -200"),
        (compose, ["inspect", "x.mid", "--jobs", "-2"], "--jobs must be 1...256, got -2"),
        (compose, ["roll", "x.mid", "--bars", "-2"], "The value '-2' is invalid for '--bars <bars>'"),
        (compose, ["play", "x.mid", "--gain", "-1"], "--gain must be 0...10, got -1.0"),
        (compose, ["melody", "--tempo=-1"], "--tempo must be 4...1000 bpm, got -1.0"),
        (compose, ["inspect", "x.mid", "--json", "-1"], "The option '--json' does not take any value, but '-1' was specified."),
        // non-numeric
        (compose, ["melody", "--bars", "x"], "The value 'x' is invalid for '--bars <bars>'"),
        (compose, ["render", "x.mid", "--gain", "abc"], "The value 'abc' is invalid for '--gain <gain>'"),
        (compose, ["melody", "--model", "cnn"], "The value 'cnn' is invalid for '--model <model>'. Please provide one of 'markov' and 'rnn'."),
        // out of range
        (compose, ["melody", "--bars", "1001"], "--bars must be 1...1000, got 1001"),
        (compose, ["drums", "--threads", "0"], "--threads must be 1...256, got 0"),
        (compose, ["drums", "--threads", "-2"], "--threads must be 1...256, got -2"),
        (compose, ["train", "loops", "--corpus", "x", "--threads", "0"], "--threads must be 1...256, got 0"),
        // an option the chosen model cannot use
        (compose, ["melody", "--beam-size", "4"], "--beam-size and --branch-factor are for --model rnn (the Markov model draws one note at a time)"),
        (compose, ["melody", "--top-p", "2"], "--top-p must be in (0, 1], got 2.0"),
        (compose, ["inspect", "x.mid", "--shard", "4/3"],
         "The value '4/3' is invalid for '--shard <I/N>': expected I/N with 1 <= I <= N, e.g. 3/16 (shards count from 1; "
            + "from a 0-based index such as Kubernetes' $JOB_COMPLETION_INDEX pass $((JOB_COMPLETION_INDEX+1))/N)"),
        (compose, ["inspect", "x.mid", "--shard", "-1/3"],
         "The value '-1/3' is invalid for '--shard <I/N>': expected I/N with 1 <= I <= N, e.g. 3/16 (shards count from 1; "
            + "from a 0-based index such as Kubernetes' $JOB_COMPLETION_INDEX pass $((JOB_COMPLETION_INDEX+1))/N)"),
        (compose, ["evaluate", "melody", "--corpus", "c", "--markov-orders", "2,9"], "--markov-orders 2,9: orders must be 1...6, got 9"),
        // unknown option, missing value
        (compose, ["melody", "--bogus", "3"], "Unknown option '--bogus'. Did you mean '--bars'?"),
        (compose, ["inspect", "x.mid", "-x"], "Unknown option '-x'"),
        (compose, ["melody", "--bars"], "Missing value for '--bars <bars>'"),
        (compose, ["nosuch"], "Unexpected argument 'nosuch'"),
        // a file whose name starts with "-" (read as short flags: -dash.wav holds -h, the help)
        (compose, ["transcribe", "-dash.wav"],
         "'-dash.wav' starts with '-', so it would be read as options: to name the file, write ./-dash.wav, or put it after -- (with the options before it)"),
        (compose, ["render", "in/-take.mid", "-take.mid", "--out-dir", "o"],
         "'-take.mid' starts with '-', so it would be read as options: to name the file, write ./-take.mid, or put it after -- (with the options before it)"),
        // the terminal piano
        (piano, ["--period-size", "32"], "--period-size must be 64...8192 frames, got 32"),
        (piano, ["--period-size", "-256"], "--period-size must be 64...8192 frames, got -256"),
        (piano, ["--periods", "1"], "--periods must be 2...64, got 1"),
        (piano, ["--channel", "-1"], "--channel must be 1...16, got -1"),
        (piano, ["--gain", "-1"], "--gain must be 0...10, got -1"),
        (piano, ["--tempo", "-5"], "--tempo must be 20...400 bpm, got -5"),
        (piano, ["--sample-rate", "1000"], "--sample-rate must be 8000...96000 Hz, got 1000"),
        (piano, ["--octave", "x"], "The value 'x' is invalid for '--octave <octave>'"),
        (piano, ["--layout", "qwerty"], "--layout qwerty: must be one of tracker, vmpk"),
        (piano, ["--program", "zzz"], "--program zzz: no General MIDI instrument has that name or number (1-128 or a name like violin)"),
        (piano, ["--bogus"], "Unknown option '--bogus'. Did you mean '--out'?"),
        (piano, ["--channel"], "Missing value for '--channel <channel>'"),
    ]

    /// Runs `binary` with /dev/null as standard input and `NO_COLOR` set.
    func run(_ binary: URL, _ arguments: [String]) throws -> ComposeCLITests.Result {
        try ComposeCLITests.run(binary, arguments, environment: ["NO_COLOR": "1"], closedInput: true)
    }

    @Test(.enabled(if: enabled, "compose and piano binaries not built next to the tests"))
    func everyUsageErrorIsOneLineNamingTheOptionAndExits64() throws {
        for (binary, arguments, expected) in Self.table {
            let result = try run(binary, arguments)
            let label = "\(binary.lastPathComponent) \(arguments.joined(separator: " "))"
            #expect(result.status == 64, "\(label): \(result.status) \(result.stderr)")
            #expect(result.stderr == "Error: \(expected)\n", "\(label)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(label)")
            #expect(result.stdout.isEmpty, "\(label)")
        }
    }

    @Test(.enabled(if: enabled, "compose and piano binaries not built next to the tests"))
    func helpAndVersionStillGoToStdoutWithStatus0() throws {
        for (binary, arguments) in [(Self.compose, ["melody", "--help"]), (Self.compose, ["--version"]), (Self.compose, ["help", "render"]),
                                    (Self.piano, ["--help"])] {
            let result = try run(binary, arguments)
            #expect(result.status == 0 && result.stderr.isEmpty && !result.stdout.isEmpty, "\(arguments)")
        }
        // A negative number joined to its option does not disturb a value that is a real option.
        let transpose = try run(Self.compose, ["convert", "none.mid", "--transpose", "-3", "--out", "none-out.mid"])
        #expect(transpose.status == 66 && transpose.stderr.hasPrefix("Error: cannot read "), "\(transpose.stderr)")
    }

    /// `piano --audio-file` with no terminal stops before the WAV is created: an existing file is
    /// left as it was (it was replaced by a short silent WAV before the terminal was checked).
    @Test(.enabled(if: enabled, "compose and piano binaries not built next to the tests"))
    func pianoWithoutATerminalLeavesItsAudioFileAlone() throws {
        let dir = try TestPaths.temporaryDirectory("UsageErrorCLITests-piano")
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = dir.appendingPathComponent("keep.wav")
        let before = Data("not replaced".utf8)
        try before.write(to: wav)
        let result = try run(Self.piano, ["--audio-file", wav.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr == "piano: the piano needs a terminal: standard input is not a TTY\n")
        #expect(try Data(contentsOf: wav) == before)
        let fresh = dir.appendingPathComponent("new.wav")
        _ = try run(Self.piano, ["--audio-file", fresh.path])
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func negativeNumbersAreJoinedToTheLongOptionBeforeThem() {
        let joined = NegativeNumberArguments.joined
        #expect(joined(["melody", "--bars", "-1", "--out", "x.mid"]) == ["melody", "--bars=-1", "--out", "x.mid"])
        #expect(joined(["--gain", "-0.5", "--x", "-.5", "--y", "-1e3", "--shard", "-1/3", "--t", "-inf"])
                == ["--gain=-0.5", "--x=-.5", "--y=-1e3", "--shard=-1/3", "--t=-inf"])
        // Left alone: real options and flags, a value already joined, short options, after "--",
        // a negative number that follows no long option.
        #expect(joined(["--json", "-q", "--bars=-1", "-x", "-1"]) == ["--json", "-q", "--bars=-1", "-x", "-1"])
        #expect(joined(["--bars", "--tempo", "-3"]) == ["--bars", "--tempo=-3"])
        #expect(joined(["--", "--bars", "-1"]) == ["--", "--bars", "-1"])
        #expect(joined(["--bars", "-x"]) == ["--bars", "-x"])
        #expect(joined(["--bars"]) == ["--bars"])
    }
}

/// Which arguments name a file starting with "-" (refused with a hint) and which are left to ArgumentParser.
@Suite struct DashFileArgumentTests {
    @Test func fileNamesStartingWithADashAreFoundBeforeTheEndOfOptions() {
        let none: (String) -> Bool = { _ in false }
        #expect(DashFileArguments.flagLikeFileName(in: ["transcribe", "-dash.wav"], exists: none) == "-dash.wav")
        #expect(DashFileArguments.flagLikeFileName(in: ["render", "-a/b.mid"], exists: none) == "-a/b.mid")
        #expect(DashFileArguments.flagLikeFileName(in: ["render", "-take"], exists: { $0 == "-take" }) == "-take")
        // Left to ArgumentParser: flags, negative numbers, long options, anything after "--".
        #expect(DashFileArguments.flagLikeFileName(in: ["transcribe", "-q", "-x", "-qh", "--out=-a.mid", "--gain", "-0.5", "-1e3", "-1/3"],
                                                   exists: none) == nil)
        #expect(DashFileArguments.flagLikeFileName(in: ["transcribe", "--out", "x.mid", "--", "-dash.wav"], exists: none) == nil)
        #expect(DashFileArguments.flagLikeFileName(in: ["render", "./-dash.mid"], exists: none) == nil)
    }
}
