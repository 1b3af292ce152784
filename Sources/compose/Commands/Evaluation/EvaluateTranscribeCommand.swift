import ArgumentParser
import Composer
import Foundation
import SMF
import Transcription

/// `compose evaluate transcribe`: note and frame F1 of transcriptions against reference MIDI files.
struct EvaluateTranscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Score transcriptions against reference MIDI files: note F1 as mir_eval computes it, and frame F1.",
        discussion: """
            Each reference DIR/NAME.mid is scored against the estimate of the same name (NAME.mid or \
            NAME.midi) in the --estimates folder: MIDI files made by any transcriber (Basic Pitch, \
            ...). A reference with no estimate is scored as an empty transcription. Notes of every \
            channel but 10, timed by each file's tempo map; no sustain pedal applied.

            Note precision, recall and F1 as mir_eval 0.8.2 (mir_eval.transcription): onset within \
            50 ms and pitch within 50 cents ("onset"); also offset within max(50 ms, 20% of the \
            reference note) ("on+off"); each also with velocity (mir_eval.transcription_velocity, \
            tolerance 0.1 after rescaling). Frame F1: piano rolls at 100 frames per second. Sustain \
            pedal (controller 64): its frames' F1 at 100 frames per second, over the files where either \
            side presses it. Totals: \
            the mean over files and all notes pooled. docs/transcription.md defines them all.

            --audio DIR: transcribe each audio file (WAV, FLAC, OGG, MP3...) with the Piano Scribe \
            model first, as `compose transcribe` does with the same options, and score it against the \
            reference of the same name; the report adds the time taken per second of audio.

            One file: --audio FILE (or --estimates FILE) with --midi FILE scores the two against each \
            other whatever their names; with --midi DIR, against DIR/NAME.mid. Files of the --audio or \
            --estimates folder with no reference of the same name are listed (not scored; not an \
            error); when none of them has one, nothing is scored: exit 65.
            """
    )

    @Option(help: "Folder of reference MIDI files (or one file, with one --audio or --estimates file).")
    var midi: String

    @Option(help: "Folder of transcriptions: MIDI files named as the references (or one file).")
    var estimates: String?

    @Option(help: "Folder of audio files to transcribe first with the Piano Scribe model, named as the references (or one file).")
    var audio: String?

    @OptionGroup(title: "Transcription options (with --audio)")
    var transcription: TranscriptionOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        if estimates == nil && audio == nil {
            throw ValidationError("give --estimates DIR (MIDI files from a transcriber) or --audio DIR")
        }
        if let estimates, let audio {
            throw ValidationError("--estimates \(estimates) and --audio \(audio): give one of them")
        }
    }

    func run() throws {
        let midiIsFolder = try InputFolder.isFolder(midi, option: "--midi")
        let report: TranscriptionEvaluationReport
        var transcribedWith: (model: String, decoding: NoteDecodingSettings)?
        // MIDI files (references, estimates) are read as every command reads them: repaired with a
        // warning line, or refused under --strict.
        let options = reading.readOptions
        let repaired: RepairedFileHandler = { url, result in
            if let warning = readingWarning(url.path, result) { printError(warning) }
        }
        do {
            if let audio {
                let audioIsFolder = try InputFolder.isFolder(audio, option: "--audio")
                try requirePairable(audio, option: "--audio", isFolder: audioIsFolder, midiIsFolder: midiIsFolder)
                let modelURL = try transcription.modelURL()
                transcription.prepareProcess()
                let transcriber = try transcription.makeTranscriber(model: transcription.loadModel(modelURL))
                transcribedWith = (modelURL.path, transcriber.settings)
                let transcribe: TranscriptionEvaluation.Transcribe = { url in
                    let result = try FileFailure.naming(url.path) { try transcriber.transcribe(path: url.path) }
                    return (result.score(), result.audioSeconds)
                }
                let audioURL = URL(fileURLWithPath: audio)
                if audioIsFolder {
                    report = try TranscriptionEvaluation.run(references: URL(fileURLWithPath: midi), audio: audioURL, reading: options,
                                                             repaired: repaired, transcribe: transcribe)
                } else {
                    report = try TranscriptionEvaluation.run(reference: try reference(for: audioURL, option: "--audio", isFolder: midiIsFolder),
                                                             audio: audioURL, reading: options, repaired: repaired, transcribe: transcribe)
                }
            } else if let estimates {
                let estimatesURL = URL(fileURLWithPath: estimates)
                let estimatesIsFolder = try InputFolder.isFolder(estimates, option: "--estimates")
                try requirePairable(estimates, option: "--estimates", isFolder: estimatesIsFolder, midiIsFolder: midiIsFolder)
                if estimatesIsFolder {
                    report = try TranscriptionEvaluation.run(references: URL(fileURLWithPath: midi), estimates: estimatesURL,
                                                             reading: options, repaired: repaired)
                } else {
                    report = try TranscriptionEvaluation.run(reference: try reference(for: estimatesURL, option: "--estimates", isFolder: midiIsFolder),
                                                             estimate: estimatesURL, reading: options, repaired: repaired)
                }
            } else {
                return
            }
        } catch TranscriptionEvaluationError.noReferences {
            throw StatusError(.noInput, "--midi \(midi): no .mid or .midi files")
        } catch let error as TranscriptionEvaluationError {
            throw StatusError(.dataError, "\(error)")
        }
        if json {
            // The text report lists them; with --json, stderr says so in the same words.
            if let line = report.unmatchedLine { printError(line) }
            if let transcribedWith {
                print(try jsonText(AudioEvaluationJSON(report: report, model: transcribedWith.model, decoding: transcribedWith.decoding)))
            } else {
                print(try jsonText(report))
            }
        } else {
            print(report.text())
        }
    }

    /// A folder of inputs cannot be scored against one reference file.
    /// - Throws: `StatusError` 64 naming both.
    private func requirePairable(_ path: String, option: String, isFolder: Bool, midiIsFolder: Bool) throws {
        if isFolder && !midiIsFolder {
            throw StatusError(.usage, "\(option) \(path) is a folder and --midi \(midi) one file: give \(option) one file to score against it, or --midi a folder of references named as its files")
        }
    }

    /// The reference of one input file: `--midi` itself when it is a file, else the file of that
    /// folder with the input's name.
    /// - Throws: `StatusError` 66 when the folder has no such reference.
    private func reference(for input: URL, option: String, isFolder: Bool) throws -> URL {
        guard isFolder else { return URL(fileURLWithPath: midi) }
        let stem = input.deletingPathExtension().lastPathComponent
        guard let found = try TranscriptionEvaluation.reference(for: input, in: URL(fileURLWithPath: midi)) else {
            throw StatusError(.noInput, "\(option) \(input.path): no reference \(stem).mid or \(stem).midi in --midi \(midi)")
        }
        return found
    }
}

/// `--json` of an evaluation that transcribed audio itself: the report's keys, plus `model` (the
/// model file's path) and `decoding` (the `NoteDecodingSettings` used, by name), so that runs at
/// other thresholds can be told apart afterwards. Both go into the report's own keyed container
/// (JSONEncoder merges the two requests), so the report must never have keys of these names.
private struct AudioEvaluationJSON: Encodable {
    let report: TranscriptionEvaluationReport
    let model: String
    let decoding: NoteDecodingSettings

    private enum Keys: String, CodingKey { case model, decoding }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(model, forKey: .model)
        try container.encode(decoding, forKey: .decoding)
    }
}
