import ArgumentParser
import CommandLineSupport
import Composer
import Foundation
import ModelKit
import Transcription

/// The options `transcribe` and `evaluate transcribe --audio` share: the model and the decoding
/// thresholds (`NoteDecodingSettings`, whose defaults they show).
struct TranscriptionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The Piano Scribe model file (default: the shipped Models/\(PianoScribeModel.fileName)).", valueName: "file"))
    var model: String?

    @Option(name: .customLong("onset-threshold"), help: "Onset probability that starts a note (0.01-1).")
    var onsetThreshold: Double = NoteDecodingSettings().onsetThreshold

    @Option(name: .customLong("restrike-threshold"), help: "Onset probability that strikes a key again while its note still sounds (0.01-1; a peak must also reach --onset-threshold).")
    var restrikeThreshold: Double = NoteDecodingSettings().restrikeThreshold

    @Option(name: .customLong("harmonic-ratio"), help: "An onset peak below this fraction of the peak of a note struck an octave, an octave and a fifth or two octaves lower (in the last 20 ms) is taken for its overtone and starts no note (0-1; 0: off).")
    var harmonicRatio: Double = NoteDecodingSettings().harmonicRatio

    @Option(name: .customLong("frame-threshold"), help: "Frame probability that keeps a note sounding (0.01-1).")
    var frameThreshold: Double = NoteDecodingSettings().frameThreshold

    @Option(name: .customLong("offset-frame-limit"), help: "The offset head ends a note only where the frame probability is at most this (0.01-1; 1: wherever it fires).")
    var offsetFrameLimit: Double = NoteDecodingSettings().offsetFrameLimit

    @Option(name: .customLong("min-note-ms"), help: "Shortest note kept, in milliseconds (0-10000).")
    var minNoteMs: Double = NoteDecodingSettings().minimumNoteMilliseconds

    @Option(name: .customLong("pedal-threshold"), help: "Pedal probability that holds the sustain pedal down, for a model with a pedal head (0.01-1).")
    var pedalThreshold: Double = NoteDecodingSettings().pedalThreshold

    @Flag(name: .customLong("no-pedal"), help: "Write no sustain pedal (controller 64), even when the model has a pedal head.")
    var noPedal = false

    @Flag(name: .customLong("frame-starts"), inversion: .prefixedNo,
          help: "Also start a note where the frame probability rises to --frame-threshold without an onset peak.")
    var frameStarts = NoteDecodingSettings().frameStartsNotes

    func validate() throws {
        let thresholds = NoteDecodingSettings.thresholdRange, lengths = NoteDecodingSettings.minimumNoteRange
        for (option, value) in [("--onset-threshold", onsetThreshold), ("--frame-threshold", frameThreshold),
                                ("--pedal-threshold", pedalThreshold), ("--restrike-threshold", restrikeThreshold),
                                ("--offset-frame-limit", offsetFrameLimit)] where !thresholds.contains(value) {
            throw ValidationError("\(option) must be \(thresholds.lowerBound)...\(Int(thresholds.upperBound)), got \(value)")
        }
        guard (0...1).contains(harmonicRatio) else {
            throw ValidationError("--harmonic-ratio must be 0...1, got \(harmonicRatio)")
        }
        guard lengths.contains(minNoteMs) else {
            throw ValidationError("--min-note-ms must be \(Int(lengths.lowerBound))...\(Int(lengths.upperBound)), got \(minNoteMs)")
        }
    }

    var decoding: NoteDecodingSettings {
        var s = NoteDecodingSettings()
        s.onsetThreshold = onsetThreshold
        s.restrikeThreshold = restrikeThreshold
        s.harmonicRatio = harmonicRatio
        s.frameThreshold = frameThreshold
        s.offsetFrameLimit = offsetFrameLimit
        s.minimumNoteMilliseconds = minNoteMs
        s.frameStartsNotes = frameStarts
        s.pedalThreshold = pedalThreshold
        s.pedal = !noPedal
        return s
    }

    /// The model file: --model (which must exist: 66 otherwise), else the shipped one found by
    /// `ModelCatalog` (69 when there is none, with how to get one).
    func modelURL() throws -> URL {
        if let model {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: model, isDirectory: &isFolder) else {
                throw StatusError(.noInput, "--model \(model): no such file")
            }
            guard !isFolder.boolValue else { throw StatusError(.usage, "--model \(model): is a folder, not a model file") }
            return URL(fileURLWithPath: model)
        }
        do {
            return try TranscriptionEvaluation.locateModel()
        } catch {
            throw StatusError(.unavailable, "no transcription model: \(PianoScribeModel.fileName) not found "
                              + "(searched \(ModelCatalog.searchPath(for: PianoScribeModel.fileName).map(\.path).joined(separator: ", "))); "
                              + "restore the shipped one with `git checkout -- Models/\(PianoScribeModel.fileName) Models/piano-scribe.safetensors`, "
                              + "train one (\(Self.trainHint)), or give --model FILE")
        }
    }

    /// How to train a model, for the message when none is found.
    static let trainHint = "compose train transcription --data DIR, see Models/README.md"

    /// The model in `url`, errors naming the file (65 for a bad model file, 66 for a weights file missing).
    func loadModel(_ url: URL) throws -> PianoScribeModel {
        try FileFailure.naming(url.path) { try PianoScribeModel.load(from: url) }
    }

    /// Sets up the process for transcribing, once, before any worker starts (both settings are
    /// process-wide). Unless `OPENBLAS_NUM_THREADS` is set, OpenBLAS runs on one thread: the
    /// model's matrices are small, and a second thread spent about 0.8 s of system time per file for
    /// no gain in wall time (`--jobs` runs files in parallel instead). Freed buffers stay in the
    /// process (`Allocator.reuseFreedMemory`): each chunk frees and allocates the same ones again.
    func prepareProcess() {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { BLAS.setThreads(1) }
        Allocator.reuseFreedMemory()
    }

    /// A transcriber of `model` with these thresholds (after `prepareProcess()`).
    func makeTranscriber(model: PianoScribeModel) throws -> PianoTranscriber {
        try PianoTranscriber(model: model, settings: decoding)
    }
}
