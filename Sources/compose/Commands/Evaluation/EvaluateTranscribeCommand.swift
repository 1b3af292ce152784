import ArgumentParser
import Composer
import Foundation
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
            tolerance 0.1 after rescaling). Frame F1: piano rolls at 100 frames per second. Totals: \
            the mean over files and all notes pooled. docs/transcription.md defines them all.

            --audio DIR: transcribe each audio file (WAV, FLAC, OGG, MP3...) with the Piano Scribe \
            model first, as `compose transcribe` does with the same options, and score it against the \
            reference of the same name; the report adds the time taken per second of audio.
            """
    )

    @Option(help: "Folder of reference MIDI files.")
    var midi: String

    @Option(help: "Folder of transcriptions: MIDI files named as the references.")
    var estimates: String?

    @Option(help: "Folder of audio files to transcribe first with the Piano Scribe model (named as the references).")
    var audio: String?

    @OptionGroup(title: "Transcription options (with --audio)")
    var transcription: TranscriptionOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        if estimates == nil && audio == nil {
            throw ValidationError("give --estimates DIR (MIDI files from a transcriber) or --audio DIR")
        }
        if let estimates, let audio {
            throw ValidationError("--estimates \(estimates) and --audio \(audio): give one of them")
        }
    }

    func run() throws {
        try InputFolder.require(midi, option: "--midi")
        let report: TranscriptionEvaluationReport
        do {
            if let audio {
                try InputFolder.require(audio, option: "--audio")
                let transcriber = try transcription.makeTranscriber(model: transcription.loadModel(transcription.modelURL()))
                report = try TranscriptionEvaluation.run(references: URL(fileURLWithPath: midi), audio: URL(fileURLWithPath: audio)) { url in
                    let result = try FileFailure.naming(url.path) { try transcriber.transcribe(path: url.path) }
                    return (result.score(), result.audioSeconds)
                }
            } else if let estimates {
                try InputFolder.require(estimates, option: "--estimates")
                report = try TranscriptionEvaluation.run(references: URL(fileURLWithPath: midi), estimates: URL(fileURLWithPath: estimates))
            } else {
                return
            }
        } catch TranscriptionEvaluationError.noReferences {
            throw StatusError(.noInput, "--midi \(midi): no .mid or .midi files")
        }
        print(json ? try jsonText(report) : report.text())
    }
}
