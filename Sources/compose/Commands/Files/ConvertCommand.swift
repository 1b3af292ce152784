import ArgumentParser
import Foundation
import Music
import SMF

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Rewrite a MIDI file: repair it, change its format, resolution or key, or running status.",
        discussion: """
        Reads IN leniently (damaged files are repaired, and each repair is listed; --strict refuses \
        them instead), applies the changes asked for, writes OUT atomically (a temporary file renamed \
        over OUT; OUT naming IN, or a link to it, is refused), then reads OUT back and checks that it holds the same notes at \
        the same times in seconds. Changing --ppq rounds every event to the nearest new tick: the \
        command reports by how much. --format 0 merges all tracks into one; --format 1 splits a format \
        0 track into a tempo/meta track and one track per channel. --transpose leaves channel 10 \
        (drums) alone, moves key signatures with the music, and drops notes pushed outside 0-127.
        """
    )

    enum FormatArgument: String, ExpressibleByArgument, CaseIterable {
        case zero = "0", one = "1"
        var format: Format { self == .zero ? .singleTrack : .multiTrack }
    }

    enum OnOff: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @Argument(help: ArgumentHelp("The MIDI file to read (SMF, or RIFF RMID); or several files, folders (searched recursively) and quoted glob patterns for a batch (with --out-dir).",
                                 valueName: "input"))
    var inputs: [String]

    @Option(help: "Where to write the Standard MIDI File (one input; a batch uses --out-dir).")
    var out: String?

    @Option(help: "SMF format of the output: 0 (one track) or 1 (several tracks). Default: as the input.")
    var format: FormatArgument?

    @Option(help: "Ticks per quarter note of the output, 1-32767. Default: as the input.")
    var ppq: Int?

    @Option(parsing: .unconditional, help: "Semitones to transpose by, -127...127, e.g. 2 or -3 (drums on channel 10 stay as they are).")
    var transpose: Int = 0

    @Option(name: .customLong("running-status"), help: "Write with running status (on) or every status byte (off).")
    var runningStatus: OnOff = .on

    @Flag(help: "Refuse a file that breaks the SMF spec instead of repairing it.")
    var strict = false

    @OptionGroup(title: "Batch options")
    var batch: BatchOptions

    @Flag(help: "Print a JSON summary of the run on stdout (counts, failures, each file's status) instead of the report per file.")
    var json = false

    func validate() throws {
        if let ppq, !(1...32767).contains(ppq) { throw ValidationError("--ppq must be 1...32767, got \(ppq)") }
        guard (-127...127).contains(transpose) else { throw ValidationError("--transpose must be -127...127, got \(transpose)") }
        if out != nil && (BatchInputs.isBatch(inputs) || batch.outDir != nil) {
            throw ValidationError("--out names one output file: give one input file, or use --out-dir for a batch")
        }
        if out == nil && batch.outDir == nil {
            throw ValidationError(BatchInputs.isBatch(inputs)
                ? "a batch needs --out-dir DIR (converted files keep their names, so they cannot go next to their inputs)"
                : "Missing expected argument '--out <out>' (or --out-dir DIR)")
        }
    }

    var isBatch: Bool { BatchInputs.isBatch(inputs) || batch.asksForBatch || json }

    /// The changes asked for, shared by every file of a batch.
    struct Settings: Sendable {
        var format: Format?
        var ticksPerQuarter: UInt16?
        var transpose: Int
        var runningStatus: Bool
        var strict: Bool
    }

    var settings: Settings {
        Settings(format: format?.format, ticksPerQuarter: ppq.map { UInt16($0) }, transpose: transpose,
                 runningStatus: runningStatus == .on, strict: strict)
    }

    func run() throws {
        if isBatch { return try runBatch() }
        try refuseOverwritingInput(out: out!, inputs: [("the input file", inputs[0])])
        let (report, failure) = try FileFailure.naming(inputs[0]) { try Self.convert(inputs[0], to: out!, settings) }
        print(report)
        if let failure { throw StatusError(.software, "\(out!): \(failure)") }
    }

    /// Converts `input` to `output` (atomically) and reads it back. Returns the report to print and,
    /// when the notes read back differ from the input's, why.
    static func convert(_ input: String, to out: String, _ settings: Settings) throws -> (report: String, failure: String?) {
        let inputURL = URL(fileURLWithPath: input)
        let read = try MIDIFile.read(contentsOf: inputURL, options: settings.strict ? .strict : .lenient)
        let source = read.file
        let transpose = settings.transpose
        var (converted, report) = try source.converted(format: settings.format, ticksPerQuarter: settings.ticksPerQuarter)
        var transposition = TranspositionReport()
        if transpose != 0 { (converted, transposition) = converted.transposed(by: transpose) }
        // Never write an invalid SMF: what the reader kept as it was (a key signature of 14 sharps,
        // sysex data bytes above 0x7F) is repaired here, or refused under --strict.
        let (repaired, problems) = converted.repairedForWriting()
        if settings.strict, let first = problems.first {
            throw StatusError(.dataError, "\(input): track \(first.track), event \(first.event) (tick \(first.tick)): "
                              + "\(first.problem): refused (--strict); without --strict it is \(first.repairText)")
        }
        converted = repaired
        let outputURL = URL(fileURLWithPath: out)
        try converted.write(to: outputURL, runningStatus: settings.runningStatus)

        // Read the output back and compare the notes in seconds.
        let back = try MIDIFile(contentsOf: outputURL)
        let check = RoundTripCheck(before: Score(file: source), after: Score(file: back), transpose: transpose,
                                   tracksMerged: source.tracks.count > 1 && back.tracks.count == 1)

        var lines = ["\(input) -> \(out): " + Self.changes(source, back, transpose: transpose)
                     + ", \(back.tracks.count) track(s), \(back.tracks.reduce(0) { $0 + $1.events.count }) events, running status \(settings.runningStatus ? "on" : "off")"]
        if read.container == .riffRMID { lines.append("  unwrapped from a RIFF RMID file (the SMF was its data chunk at offset \(read.headerOffset))") }
        if read.warningCount > 0 {
            let kinds = read.warningCounts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
            lines.append("  repaired \(read.warningCount) problem(s) (\(kinds.joined(separator: ", "))):")
            for w in read.warnings.prefix(20) { lines.append("    \(w)") }
            if read.warningCount > 20 { lines.append("    ... and \(read.warningCount - 20) more") }
        }
        if !problems.isEmpty {
            lines.append("  repaired \(problems.count) event(s) that would break the SMF spec:")
            for p in problems.prefix(20) { lines.append("    \(p)") }
            if problems.count > 20 { lines.append("    ... and \(problems.count - 20) more") }
        }
        for note in report.notes + transposition.notes { lines.append("  " + note) }
        if case .ticksPerQuarter(let newPPQ) = back.division, source.division != back.division {
            var line = String(format: "  PPQ rounding: event times moved by at most %.2f tick(s) of %d per quarter note (%.2f ms at the slowest tempo)",
                              report.maxRoundingTicks, newPPQ, report.maxRoundingTicks * check.slowestSecondsPerTick * 1000)
            if report.notesShortenedToZero > 0 { line += "; \(report.notesShortenedToZero) note(s) now start and end on the same tick" }
            lines.append(line)
        }
        if transposition.keySignaturesTransposed > 0 { lines.append("  \(transposition.keySignaturesTransposed) key signature(s) transposed") }
        lines.append("  " + check.summary)
        return (lines.joined(separator: "\n"), check.failure.map { String(describing: $0) })
    }

    /// Converts every input into --out-dir, mirroring relative paths (.mid).
    func runBatch() throws {
        // With --out (one file, --json) the output is --out, not a file next to the input.
        var jobs = try batch.plan(inputs, newExtension: out == nil ? "mid" : nil)
        if let out, jobs.count == 1 {
            try refuseOverwritingInput(out: out, inputs: [("the input file", jobs[0].input.path)])
            jobs[0].output = out
        }
        let settings = self.settings, quiet = batch.quiet, json = self.json
        let runner = BatchRunner(command: "convert", jobs: jobs, workerCount: batch.workerCount, overwrite: batch.overwrite,
                                 showProgress: !quiet, shard: batch.shard, journalFolder: batch.outDir)
        let summary = try runner.run(makeWorker: {
            return { job in
                let (report, failure) = try Self.convert(job.input.path, to: job.output!, settings)
                if let failure {
                    // Not a faithful copy: remove it so that resumption does not take it for a complete output.
                    try? FileManager.default.removeItem(atPath: job.output!)
                    throw StatusError(.software, "\(job.output!): \(failure)")
                }
                return BatchOutcome(line: report)
            }
        }, report: { _, result in
            guard !quiet, !json, case .done(let outcome) = result, let line = outcome.line else { return }
            print(line)
        })
        try summary.finish(json: json, quiet: quiet)
    }

    /// "format 1 -> 0, 480 -> 96 ticks per quarter note, transposed +2" or "rewritten".
    static func changes(_ before: MIDIFile, _ after: MIDIFile, transpose: Int) -> String {
        var parts: [String] = []
        if before.format != after.format { parts.append("format \(before.format.rawValue) -> \(after.format.rawValue)") }
        if before.division != after.division { parts.append("\(describe(before.division)) -> \(describe(after.division))") }
        if transpose != 0 { parts.append("transposed \(transpose > 0 ? "+" : "")\(transpose)") }
        return parts.isEmpty ? "rewritten (format \(after.format.rawValue), \(describe(after.division)))" : parts.joined(separator: ", ")
    }

    static func describe(_ d: Division) -> String {
        switch d {
        case .ticksPerQuarter(let t): return "\(t) ticks per quarter note"
        case .smpte(let fps, let tpf): return "SMPTE \(SMPTEFrameRate.label(code: fps)) fps x \(tpf)"
        }
    }
}

extension RoundTripCheck {
    /// "checked: 12 of 12 note(s) read back with the same channel, pitch and velocity, times within ...".
    var summary: String {
        var s = String(format: "checked: %d of %d note(s) read back with the same channel, pitch and velocity, times within %.3f ms of the input",
                       compared, total, maxDeviation * 1000)
        if countDifference != 0 { s += "; the output has \(abs(countDifference)) note(s) \(countDifference > 0 ? "more" : "fewer")" }
        if compared < total && tracksMerged {
            s += " (merging tracks re-pairs the note-ons and note-offs of one key struck in two tracks at once)"
        }
        return s
    }
}
