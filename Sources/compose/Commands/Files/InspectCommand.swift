import FileIO
import ArgumentParser
import Foundation
import Music
import Pictures
import SMF

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a MIDI file: format, division, tracks, duration, tempo map, signatures, warnings.",
        discussion: """
        Damaged files are read leniently: what was repaired is listed as warnings with track and byte offset.

        A batch (several files, folders, quoted glob patterns) prints the reports in input order; with \
        --json one compact JSON object per line (JSON Lines), a failed file as {"path", "error", "exitCode"}. \
        With --out-dir each report is written to its own file (.json or .txt) instead, and existing ones are skipped.
        """
    )

    @Argument(help: ArgumentHelp("The Standard MIDI File to describe; or several files, folders (searched recursively) and quoted glob patterns for a batch.",
                                 valueName: "file"))
    var files: [String]

    @Flag(help: "Print JSON instead of text (a batch: one object per line).")
    var json = false

    @Flag(help: "Refuse files that break the SMF 1.0 spec instead of repairing them with warnings.")
    var strict = false

    @Flag(help: "Draw a piano roll in the terminal after the description (colours on a terminal unless NO_COLOR is set). One input only.")
    var roll = false

    @OptionGroup(title: "Batch options")
    var batch: BatchOptions

    func validate() throws {
        if roll && (BatchInputs.isBatch(files) || batch.asksForBatch) {
            throw ValidationError("--roll draws one file: give one input file without batch options")
        }
    }

    func run() throws {
        if BatchInputs.isBatch(files) || batch.asksForBatch { return try runBatch() }
        let result = try Self.read(files[0], strict: strict)
        let report = InspectReport(file: result.file, path: files[0], readingWarnings: result.warnings.map(\.description))
        if json {
            print(try jsonText(report))
        } else {
            print(report.text)
        }
        if roll {
            let picture = try TerminalPianoRoll(score: Score(file: result.file), width: TerminalPianoRoll.terminalWidth())
            print(picture.render(colour: TerminalStyle.standardOutput.enabled), terminator: "")
        }
    }

    static func read(_ file: String, strict: Bool) throws -> ReadResult {
        try MIDIFile.read(contentsOf: URL(fileURLWithPath: file), options: strict ? .strict : .lenient)
    }

    static func report(_ file: String, strict: Bool) throws -> InspectReport {
        let result = try read(file, strict: strict)
        return InspectReport(file: result.file, path: file, readingWarnings: result.warnings.map(\.description))
    }

    struct FailureLine: Encodable {
        var path: String
        var error: String
        var exitCode: Int32
    }

    func runBatch() throws {
        let jobs = try batch.plan(files, newExtension: batch.outDir == nil ? nil : (json ? "json" : "txt"))
        let strict = self.strict, json = self.json, quiet = batch.quiet
        let runner = BatchRunner(command: "inspect", jobs: jobs, workerCount: batch.workerCount, overwrite: batch.overwrite,
                                 showProgress: !quiet, shard: batch.shard, journalFolder: batch.outDir)
        let summary = try runner.run(makeWorker: {
            return { job in
                let report = try Self.report(job.input.path, strict: strict)
                let text = json ? try jsonText(report, pretty: false) : report.text
                guard let output = job.output else { return BatchOutcome(line: text) }
                try AtomicFile.write(Array((text + "\n").utf8), to: output)
                return BatchOutcome(line: nil)
            }
        }, report: { job, result in
            switch result {
            case .done(let outcome):
                if let line = outcome.line { print(line) }
            case .failed(let status, let message) where json && job.output == nil:
                if let line = try? jsonText(FailureLine(path: job.input.path, error: message, exitCode: status.rawValue), pretty: false) { print(line) }
            default:
                break
            }
        })
        try summary.finish(json: false, quiet: quiet)
    }
}
