import ArgumentParser
import Foundation

/// One file of a batch: which input, where its output goes.
struct BatchJob: Sendable {
    /// Position in the batch (0-based); results are reported in this order.
    var index: Int
    var input: BatchInput
    /// The file the worker writes, or nil when the command prints its result instead.
    var output: String?
}

/// What a worker made of one file.
struct BatchOutcome: Sendable {
    /// What the single-file command would print on stdout for this file (nil: nothing).
    var line: String?
    /// Warnings for stderr, one line each.
    var warnings: [String] = []
}

/// How one file of a batch ended.
enum BatchResult: Sendable {
    case done(BatchOutcome)
    /// The output exists and is at least as new as the input (resumption). A file the run never
    /// got to (Ctrl-C came first) has no `BatchResult`: it counts as not started.
    case skipped
    /// The one-line error (naming the file) and its exit status.
    case failed(ExitStatus, String)
}

/// Runs one command over many files on `workerCount` threads.
///
/// - Each worker thread makes its per-worker state once, the first time it has a file to work on
///   (`makeWorker`: e.g. a `Renderer`, which loads the SoundFont once), and then takes files one at a
///   time from a shared queue. If `makeWorker` throws (no SoundFont, say) the batch stops and `run`
///   rethrows: that is not a problem of one file.
/// - One bad file never stops the batch: what a worker throws becomes that file's failure
///   (`ExitStatus.of`), reported with the file's name.
/// - Resumption: a job whose output already exists and is at least as new as its input is skipped
///   unless `overwrite`. Outputs are written atomically (temporary file + rename(2), `AtomicFile`),
///   so an output that exists is complete: a killed batch leaves whole files or none (at most a
///   hidden `.NAME.PID.RANDOM.tmp` beside one after SIGKILL, which resumption ignores and the next
///   run removes: `StaleTemporaryFiles`).
/// - Results are reported in input order (`report` is called under a lock, so it may print), and a
///   progress bar (files done/total, elapsed, ETA, failures) is drawn on stderr when it is a terminal
///   and `showProgress`.
/// - With a `journalFolder` (the --out-dir), a file that crashed compose in two runs is skipped as
///   failed from then on (`BatchJournal`, `CrashRecorder`), so one poisonous file cannot stop a
///   corpus from ever finishing; a run stopped by an operator (SIGTERM, SIGINT, SIGKILL) marks nothing.
/// - Ctrl-C (SIGINT) or SIGTERM stops taking new files; the ones in progress finish, the rest count
///   as not started (`BatchSummary.notStarted`, status "notStarted"), and `BatchSummary.interrupted`
///   is set (exit 130, or 143 for SIGTERM). A second Ctrl-C or SIGTERM kills at once (the outputs in
///   progress are then not written), unless it comes within `Interrupt.burstSeconds` of the first,
///   as `timeout`'s two SIGTERMs (child, then process group) do: that counts as the same stop.
final class BatchRunner: @unchecked Sendable {
    typealias Worker = (BatchJob) throws -> BatchOutcome

    let command: String
    let jobs: [BatchJob]
    let workerCount: Int
    let overwrite: Bool
    let showProgress: Bool
    let shard: ShardSpec?
    /// Where the journal of started and finished files goes (`BatchJournal`), or nil for none.
    let journalFolder: String?

    private let lock = NSLock()
    private var next = 0
    private var results: [BatchResult?]
    private var nextToReport = 0
    private var finished = 0
    private var failed = 0
    private var fatal: Error?
    private var bar: ProgressBar?
    private var journal: BatchJournal?

    init(command: String, jobs: [BatchJob], workerCount: Int, overwrite: Bool, showProgress: Bool, shard: ShardSpec?,
         journalFolder: String? = nil) {
        self.command = command
        self.jobs = jobs
        self.workerCount = max(1, min(workerCount, max(jobs.count, 1)))
        self.overwrite = overwrite
        self.showProgress = showProgress
        self.shard = shard
        self.journalFolder = journalFolder
        self.results = Array(repeating: nil, count: jobs.count)
    }

    /// Runs every job and returns the summary.
    /// - Parameters:
    ///   - makeWorker: called once per worker thread, on that thread, before its first real job.
    ///   - report: called once per job, in job order, under the runner's lock.
    /// - Throws: what `makeWorker` threw, after the other workers have stopped.
    func run(makeWorker: @escaping @Sendable () throws -> Worker,
             report: @escaping @Sendable (BatchJob, BatchResult) -> Void) throws -> BatchSummary {
        let start = Date()
        StaleTemporaryFiles.remove(for: jobs.compactMap(\.output))
        if let journalFolder, !jobs.isEmpty {
            journal = BatchJournal(outDir: journalFolder, command: command, shard: shard, reset: overwrite)
            CrashRecorder.install()
        }
        defer { if journal != nil { CrashRecorder.uninstall() } }
        let interrupt = Interrupt.catching([SIGINT, SIGTERM], secondKills: true)
        defer { interrupt.restore() }
        bar = ProgressBar(command, total: jobs.count, enabled: showProgress)
        let group = DispatchGroup()
        for slot in 0..<workerCount {
            group.enter()
            let thread = Thread { [self] in
                workerLoop(slot: slot, makeWorker: makeWorker, report: report)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        bar?.finish()
        if let fatal { throw fatal }
        if !Interrupt.requested, journal?.quarantined.isEmpty == true { journal?.remove() }
        var summary = BatchSummary(command: command, files: jobs.count, seconds: Date().timeIntervalSince(start),
                                   jobs: workerCount, shard: shard?.description, interrupted: Interrupt.requested)
        summary.interruptSignal = Interrupt.signalNumber
        for (job, result) in zip(jobs, results) {
            guard let result else {
                summary.notStarted += 1
                summary.outputs.append(.init(input: job.input.path, output: job.output, status: "notStarted"))
                continue
            }
            switch result {
            case .done:
                summary.done += 1
                summary.outputs.append(.init(input: job.input.path, output: job.output, status: "done"))
            case .skipped:
                summary.skipped += 1
                summary.outputs.append(.init(input: job.input.path, output: job.output, status: "skipped"))
            case .failed(let status, let message):
                summary.failures.append(.init(path: job.input.path, error: message, exitCode: status.rawValue))
                summary.outputs.append(.init(input: job.input.path, output: job.output, status: "failed"))
            }
        }
        return summary
    }

    /// What Ctrl-C (or SIGTERM, `signal`) does to a running batch (`Interrupt`): no new file is
    /// started; the ones in progress finish. For tests, which cannot count on a signal reaching the
    /// process's threads.
    static func requestStop(_ signal: Int32 = SIGINT) { Interrupt.request(signal) }

    private func workerLoop(slot: Int, makeWorker: @Sendable () throws -> Worker, report: @Sendable (BatchJob, BatchResult) -> Void) {
        var worker: Worker?
        // An alternate signal stack, so that a stack overflow on this thread still reaches the
        // crash handler (`CrashRecorder`).
        let altStackSize = 64 << 10
        let altStack = UnsafeMutableRawPointer.allocate(byteCount: altStackSize, alignment: 16)
        var stack = stack_t(ss_sp: altStack, ss_flags: 0, ss_size: altStackSize)
        let hasAltStack = journal != nil && sigaltstack(&stack, nil) == 0
        defer {
            if hasAltStack {
                var off = stack_t(ss_sp: nil, ss_flags: Int32(SS_DISABLE), ss_size: 0)
                sigaltstack(&off, nil)
            }
            altStack.deallocate()
        }
        if journal != nil { CrashRecorder.attach(slot: slot) }
        while true {
            lock.lock()
            guard fatal == nil, !Interrupt.requested, next < jobs.count else {
                lock.unlock()
                return
            }
            let job = jobs[next]
            next += 1
            lock.unlock()

            let result: BatchResult
            if let missing = job.input.missing {
                result = .failed(.noInput, "\(job.input.path): \(missing)")
            } else if let output = job.output, !overwrite, Self.isComplete(output, newerThan: job.input.path) {
                result = .skipped
            } else if let journal, journal.quarantined.contains(job.input.relativePath) {
                result = .failed(.software, "\(job.input.path): compose crashed twice while working on this file "
                                 + "(see \(journal.path)); skipped, --overwrite tries it again")
            } else {
                if worker == nil {
                    do {
                        worker = try makeWorker()
                    } catch {
                        lock.lock()
                        if fatal == nil { fatal = error }
                        lock.unlock()
                        return
                    }
                }
                journal?.started(job.input.relativePath, slot: slot)
                CrashTestHook.current?.fire(for: job.input.relativePath)
                do {
                    if let output = job.output { try Self.makeParentFolder(of: output) }
                    result = .done(try FileFailure.naming(job.input.path) { try worker!(job) })
                } catch {
                    let failure = error as? FileFailure ?? FileFailure(path: job.input.path, underlying: error)
                    result = .failed(ExitStatus.of(failure), failure.description)
                }
                journal?.ended(job.input.relativePath, slot: slot)
            }
            record(job, result, report: report)
        }
    }

    private func record(_ job: BatchJob, _ result: BatchResult, report: (BatchJob, BatchResult) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        results[job.index] = result
        finished += 1
        if case .failed = result { failed += 1 }
        var cleared = false
        while nextToReport < jobs.count, let r = results[nextToReport] {
            if !cleared { bar?.clear(); cleared = true }
            report(jobs[nextToReport], r)
            nextToReport += 1
        }
        bar?.update(finished, detail: failed > 0 ? "\(failed) failed" : "", force: cleared)
    }

    /// True when `output` is a regular file whose modification time is not before `input`'s.
    static func isComplete(_ output: String, newerThan input: String) -> Bool {
        var out = stat(), inp = stat()
        guard stat(output, &out) == 0, (out.st_mode & S_IFMT) == S_IFREG else { return false }
        guard stat(input, &inp) == 0 else { return true }
        return (out.st_mtim.tv_sec, out.st_mtim.tv_nsec) >= (inp.st_mtim.tv_sec, inp.st_mtim.tv_nsec)
    }

    static func makeParentFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StatusError(.cannotCreate, "cannot create the output folder \(folder): \((error as NSError).localizedDescription)")
        }
    }
}


/// The end of a batch: counts, failures, and each file's status (for `--json`).
struct BatchSummary: Encodable, Sendable {
    struct Failure: Encodable, Sendable {
        var path: String
        var error: String
        var exitCode: Int32
    }
    struct FileStatus: Encodable, Sendable {
        var input: String
        var output: String?
        /// "done", "skipped" (the output was already complete), "failed", or "notStarted" (the batch
        /// was interrupted before it got to this file: no output was written for it).
        var status: String
    }

    var command: String
    var files: Int
    var done = 0
    var skipped = 0
    /// Files the batch never got to because Ctrl-C stopped it (0 unless `interrupted`).
    var notStarted = 0
    var seconds: Double
    var jobs: Int
    var shard: String?
    var interrupted: Bool
    /// The signal that interrupted the batch (SIGINT or SIGTERM; 0 when not interrupted).
    var interruptSignal: Int32 = 0
    var failures: [Failure] = []
    var outputs: [FileStatus] = []

    var failed: Int { failures.count }

    /// The exit status of the batch: 0 when nothing failed; 130 when interrupted by Ctrl-C, 143 by
    /// SIGTERM; otherwise the
    /// status of the failures, the one that concerns more than one file first when they differ
    /// (cannot write 73 > unavailable 69 > internal 70 > missing input 66 > bad data 65).
    var exitStatus: ExitStatus {
        if interrupted { return interruptSignal == SIGTERM ? .terminated : .interrupted }
        let order: [ExitStatus] = [.cannotCreate, .unavailable, .software, .noInput, .dataError, .usage]
        let codes = Set(failures.map(\.exitCode))
        return order.first { codes.contains($0.rawValue) } ?? .success
    }

    enum CodingKeys: String, CodingKey {
        case command, files, done, skipped, notStarted, failed, seconds, jobs, shard, interrupted, failures, outputs, exitCode
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encode(files, forKey: .files)
        try c.encode(done, forKey: .done)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(notStarted, forKey: .notStarted)
        try c.encode(failed, forKey: .failed)
        try c.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
        try c.encode(jobs, forKey: .jobs)
        try c.encodeIfPresent(shard, forKey: .shard)
        try c.encode(interrupted, forKey: .interrupted)
        try c.encode(failures, forKey: .failures)
        try c.encode(outputs, forKey: .outputs)
        try c.encode(exitStatus.rawValue, forKey: .exitCode)
    }

    /// "render: 18 done, 2 skipped (already complete), 3 failed of 23 file(s) in 4.1 s with 2 jobs",
    /// with ", N not started" after the failures when Ctrl-C stopped the batch; then one line per failure.
    /// When every file failed (bad inputs, say) the counts tell nothing more: one line per failure,
    /// "Error: FILE: what was wrong", as the single-file form prints it.
    func text(style: TerminalStyle) -> String {
        if failed > 0, failed == files, !interrupted {
            return failures.map { style.red("Error:") + " " + $0.error }.joined(separator: "\n")
        }
        var head = "\(command): \(done) done, \(skipped) skipped\(skipped > 0 ? " (already complete)" : ""), "
        head += (failed > 0 ? style.red("\(failed) failed") : "0 failed")
        if notStarted > 0 { head += ", \(notStarted) not started" }
        head += " of \(files) file(s) in " + String(format: "%.1f s", seconds) + " with \(jobs) job(s)"
        if let shard { head += ", shard \(shard)" }
        if interrupted {
            head += "; " + style.yellow("interrupted") + (interruptSignal == SIGTERM ? " by SIGTERM" : "")
                + " (run the same command again to resume)"
        }
        var lines = [head]
        for f in failures { lines.append("  " + style.red("failed") + " " + f.error) }
        return lines.joined(separator: "\n")
    }

    /// Prints the summary (stderr text, or JSON on stdout) and throws the batch's exit code when it is not 0.
    func finish(json: Bool, quiet: Bool) throws {
        if json {
            print(try jsonText(self))
        } else if !quiet || failed > 0 || interrupted {
            printError(text(style: .standardError))
        }
        if exitStatus != .success { throw ExitCode(exitStatus.rawValue) }
    }
}
