import ArgumentParser
import Foundation

/// The options `render`, `convert`, `inspect` and `transcribe` share for working on many files.
struct BatchOptions: ParsableArguments {
    @Option(name: .customLong("out-dir"), help: ArgumentHelp(
        "Batch: write outputs under this folder, mirroring each input's path relative to the folder or pattern it was found under.",
        valueName: "dir"))
    var outDir: String?

    @Option(help: "Batch: files worked on at once (default: the number of CPU cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Batch: take only shard I of N of the inputs (1 <= I <= N), e.g. --shard $SLURM_ARRAY_TASK_ID/16.",
                               valueName: "I/N"),
            transform: ShardSpec.parse)
    var shard: ShardSpec?

    @Flag(help: "Batch: redo outputs that already exist (by default an output at least as new as its input is skipped).")
    var overwrite = false

    @Flag(name: .shortAndLong, help: "No progress bar and no line per file; errors and the failure summary still go to stderr.")
    var quiet = false

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be 1...256, got \(jobs)") }
    }

    /// True when these options ask for batch handling even of a single file.
    var asksForBatch: Bool { outDir != nil || shard != nil || overwrite }

    /// Worker threads to run.
    var workerCount: Int { jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The inputs of this run: `arguments` expanded (see `BatchInputs`), less the files under
    /// `--out-dir` when it lies inside an input folder (the outputs of one run must not be inputs of
    /// the next), then this run's shard.
    func inputs(_ arguments: [String], kind: BatchFileKind = .midi) -> [BatchInput] {
        var all = BatchInputs.expand(arguments, kind: kind)
        if let outDir {
            func standard(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
            let out = standard(outDir) + "/"
            let nested = arguments.contains { argument in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) && isDirectory.boolValue
                    && out.hasPrefix(standard(argument) + "/") && out != standard(argument) + "/"
            }
            if nested { all.removeAll { $0.missing == nil && standard($0.path).hasPrefix(out) } }
        }
        guard let shard else { return all }
        return all.filter { shard.contains($0.relativePath) }
    }

    /// Where the output for `input` goes: under `--out-dir` mirroring its relative path, else next to
    /// the input; with the extension replaced by `newExtension`.
    func outputPath(for input: BatchInput, newExtension: String) -> String {
        if let outDir {
            let rel = (input.relativePath as NSString).deletingPathExtension + "." + newExtension
            return outDir.hasSuffix("/") ? outDir + rel : outDir + "/" + rel
        }
        return (input.path as NSString).deletingPathExtension + "." + newExtension
    }
}

extension BatchOptions {
    /// The jobs of this run: the inputs (this shard's), each with its output path when
    /// `newExtension` is given (nil: the command prints instead of writing files).
    /// - Throws: a `ValidationError` (usage) when two inputs would write the same output, or an
    ///   output would replace its own input.
    func plan(_ arguments: [String], newExtension: String?, kind: BatchFileKind = .midi) throws -> [BatchJob] {
        let inputs = inputs(arguments, kind: kind)
        var owners: [String: String] = [:]
        var jobs: [BatchJob] = []
        for (i, input) in inputs.enumerated() {
            var output: String?
            if let newExtension, input.missing == nil {
                let path = outputPath(for: input, newExtension: newExtension)
                let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
                if isSameFile(path, input.path) {
                    throw ValidationError("the output for \(input.path) would be the input itself; choose another --out-dir")
                }
                if let other = owners[key] {
                    let remedy = "rename one, or run them separately with different --out-dir folders"
                    if outDir != nil {
                        let rel = (input.relativePath as NSString).deletingPathExtension + "." + newExtension
                        throw ValidationError("\(other) and \(input.path) map to the same relative path \(rel) under --out-dir, "
                                              + "so both would be written to \(path); \(remedy)")
                    }
                    throw ValidationError("\(other) and \(input.path) would both be written to \(path) (next to their inputs); \(remedy)")
                }
                owners[key] = input.path
                output = path
            }
            jobs.append(BatchJob(index: i, input: input, output: output))
        }
        return jobs
    }
}
