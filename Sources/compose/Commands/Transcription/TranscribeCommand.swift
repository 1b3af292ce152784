import CommandLineSupport
import ArgumentParser
import AudioAnalysis
import Foundation
import Transcription

/// `compose transcribe`: piano audio to MIDI with the Piano Scribe model, one file or a batch.
struct TranscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe piano audio (WAV, FLAC, OGG, MP3...) to a MIDI file with the Piano Scribe model.",
        discussion: """
        Any file libsndfile reads (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF), any sample rate and \
        channel count: mixed to mono, resampled to 16 kHz, analysed as log-mel frames and run \
        through the model in chunks, streamed (memory does not grow with the recording). Writes one \
        piano track: notes with onsets, offsets and velocities on a 10 ms grid (120 bpm, one tick per \
        millisecond), and the sustain pedal (controller 64) when the model predicts it. A note starts \
        at a peak of the onset probability above --onset-threshold, lasts while the frame \
        probability stays above --frame-threshold (until the offset head ends it where the frame \
        probability is at most --offset-frame-limit, or the frame drops), and is kept when at least \
        --min-note-ms long (docs/transcription.md).
        """
    )

    @Argument(help: ArgumentHelp("The audio file to transcribe; or several files, folders (searched recursively for audio files) and quoted glob patterns for a batch.",
                                 valueName: "file"))
    var files: [String]

    @Option(help: "Where to write the MIDI file (default: the input's name with .mid). One input only.")
    var out: String?

    @OptionGroup(title: "Transcription options")
    var transcription: TranscriptionOptions

    @OptionGroup(title: "Batch options")
    var batch: BatchOptions

    @Flag(help: "Print a JSON summary of the run on stdout (counts, failures, each file's status) instead of a line per file.")
    var json = false

    func validate() throws {
        if out != nil && (BatchInputs.isBatch(files) || batch.outDir != nil) {
            throw ValidationError("--out names one output file: give one input file, or use --out-dir for a batch")
        }
    }

    var isBatch: Bool { BatchInputs.isBatch(files) || batch.asksForBatch || json }

    func run() throws {
        let modelURL = try transcription.modelURL()
        transcription.prepareProcess()
        if isBatch { return try runBatch(modelURL: modelURL) }
        let file = files[0]
        let outPath = out ?? (URL(fileURLWithPath: file).deletingPathExtension().path + ".mid")
        try refuseOverwritingInput(out: outPath, inputs: [("the input file", file), ("--model", modelURL.path)])
        if let out, !["mid", "midi"].contains(URL(fileURLWithPath: out).pathExtension.lowercased()) {
            throw StatusError(.usage, "--out \(out): not a MIDI file name; use .mid or .midi")
        }
        guard FileManager.default.fileExists(atPath: file) else { throw StatusError(.noInput, "\(file): no such file") }
        if out == nil, FileManager.default.fileExists(atPath: outPath) {
            // song.wav is often a render of song.mid: never replace a file the user did not name.
            throw StatusError(.cannotCreate, "\(outPath) exists (it may be the MIDI file \(file) was rendered from): name the output with --out")
        }
        let transcriber = try transcription.makeTranscriber(model: transcription.loadModel(modelURL))
        let bar = ProgressBar("transcribe (% of the audio)", total: 100, enabled: !batch.quiet)
        let outcome = try FileFailure.naming(file) {
            try Self.transcribe(file, to: outPath, with: transcriber) { bar.update(Int($0 * 100)) }
        }
        bar.clear()
        for warning in outcome.warnings { printError(warning) }
        if !batch.quiet { print(outcome.line ?? "") }
    }

    /// Transcribes `path` into the MIDI file `outPath` (written atomically) and returns the line to
    /// print: the wall time, and with `measureCPU` (one file at a time: the process's CPU time is
    /// then this file's) the CPU time and CPU seconds per second of audio, the README's measure.
    static func transcribe(_ path: String, to outPath: String, with transcriber: PianoTranscriber, measureCPU: Bool = true,
                           progress: ((Double) -> Void)? = nil) throws -> BatchOutcome {
        let start = Date(), cpuStart = ProcessCPUTime.seconds()
        let result = try transcriber.transcribe(path: path, progress: progress)
        try result.write(to: URL(fileURLWithPath: outPath))
        let seconds = Date().timeIntervalSince(start), cpu = ProcessCPUTime.seconds() - cpuStart
        return BatchOutcome(line: line(outPath, result, wall: seconds, cpu: measureCPU ? cpu : nil),
                            warnings: truncationWarning(path, result.fileInfo).map { [$0] } ?? [])
    }

    /// `take.mid: 412 notes, 63.21 s of audio, transcribed in 1.92 s (1.52 s of CPU, 0.024 s of CPU
    /// per second of audio)`; without `cpu`, `... transcribed in 1.92 s of wall time (files in parallel)`.
    /// No rate for a file without audio (it would divide by nothing).
    static func line(_ outPath: String, _ result: PianoTranscription, wall: Double, cpu: Double?) -> String {
        var line = "\(outPath): \(result.notes.count == 1 ? "1 note" : "\(result.notes.count) notes")"
        if !result.pedalEvents.isEmpty { line += ", " + counted(result.pedalEvents.filter(\.down).count, "pedal press", plural: "pedal presses") }
        line += String(format: ", %.2f s of audio, transcribed in %.2f s", result.audioSeconds, wall)
        guard let cpu else { return line + " of wall time (files in parallel)" }
        line += String(format: " (%.2f s of CPU", cpu)
        if result.audioSeconds > 0 { line += String(format: ", %.3f s of CPU per second of audio", cpu / result.audioSeconds) }
        return line + ")"
    }

    /// One line when the file is shorter than its header declares (cut short while written or
    /// copied): how much was readable and transcribed, and what the header announced.
    static func truncationWarning(_ path: String, _ info: AudioFileInfo) -> String? {
        guard let declared = info.declaredFrameCount, info.isTruncated else { return nil }
        let rate = Double(max(info.sampleRate, 1))
        return String(format: "warning: %@: truncated: its header declares %.2f s (%d frames), the file holds %.2f s "
                      + "(%d frames); transcribed those", path, Double(declared) / rate, declared,
                      Double(info.frameCount) / rate, info.frameCount)
    }

    /// Transcribes every input to a MIDI file (next to it, or mirrored under --out-dir), one
    /// transcriber (model loaded once) per worker.
    func runBatch(modelURL: URL) throws {
        var jobs = try batch.plan(files, newExtension: "mid", kind: .audio)
        if let out, jobs.count == 1, let only = jobs.first {
            // A single file with --json: keep its --out.
            try refuseOverwritingInput(out: out, inputs: [("the input file", only.input.path), ("--model", modelURL.path)])
            jobs = [BatchJob(index: 0, input: only.input, output: out)]
        }
        // Outputs next to their audio: song.wav is often a render of song.mid, so a MIDI file there
        // is the user's own unless they said otherwise (--overwrite); neither replaced nor taken as
        // a finished transcription (--out-dir keeps them apart, and resumes).
        if out == nil, batch.outDir == nil, !batch.overwrite {
            let existing = jobs.compactMap(\.output).filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                let named = existing.prefix(3).joined(separator: ", ") + (existing.count > 3 ? " and \(existing.count - 3) more" : "")
                throw StatusError(.cannotCreate, "\(named) \(existing.count == 1 ? "exists" : "exist") next to the audio "
                                  + "(\(existing.count == 1 ? "it" : "each") may be the MIDI file its audio was rendered from): give --out-dir DIR, or --overwrite to replace "
                                  + (existing.count == 1 ? "it" : "them"))
            }
        }
        // One model, shared by the workers (it holds no state between calls); a bad model stops the
        // batch before any file (it is no problem of one file).
        let model = try transcription.loadModel(modelURL)
        let options = transcription, quiet = batch.quiet, json = self.json
        let runner = BatchRunner(command: "transcribe", jobs: jobs, workerCount: batch.workerCount, overwrite: batch.overwrite,
                                 showProgress: !quiet, shard: batch.shard, journalFolder: batch.outDir)
        let oneAtATime = batch.workerCount == 1 || jobs.count == 1
        let summary = try runner.run(makeWorker: {
            let transcriber = try options.makeTranscriber(model: model)
            return { job in try Self.transcribe(job.input.path, to: job.output!, with: transcriber, measureCPU: oneAtATime) }
        }, report: { _, result in
            guard !quiet, !json, case .done(let outcome) = result else { return }
            for warning in outcome.warnings { printError(warning) }
            if let line = outcome.line { print(line) }
        })
        try summary.finish(json: json, quiet: quiet)
    }
}
