import Foundation
import Music
import SMF

/// Scores transcriptions against reference MIDI files of the same names, with
/// `TranscriptionScores` (mir_eval's note metrics and frame F1) per file and in total: a
/// transcriber's MIDI files (`run(references:estimates:)`), or audio files transcribed on the way
/// (`run(references:audio:transcribe:)`).
public enum TranscriptionEvaluation {
    /// The file the transcription model is shipped as (searched by `ModelCatalog.searchPath`).
    public static let modelFileName = "piano-scribe.json"

    /// Extensions of the audio files `run(references:audio:transcribe:)` transcribes, lowercased:
    /// what libsndfile reads (WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF).
    public static let audioExtensions: Set<String> = ["wav", "flac", "ogg", "oga", "opus", "mp3", "aif", "aiff", "aifc"]

    /// What a transcriber made of one audio file: the notes as a score (scored as a MIDI
    /// estimate is, by `ReferenceNotes`) and the length of the audio in seconds.
    public typealias Transcribe = (_ audio: URL) throws -> (score: Score, audioSeconds: Double)

    /// Scores every `.mid`/`.midi` file of `references` (sorted by name, not recursive) against the
    /// file of `estimates` with the same name without extension (`song.mid` and `song.midi` match);
    /// a reference with no estimate is scored as an empty transcription. Both are read leniently.
    /// - Throws: `TranscriptionEvaluationError.noReferences`; `SMFError` (with the path and byte
    ///   offset) for a file that cannot be read as MIDI, `FileIOError` for one that cannot be read.
    public static func run(references: URL, estimates: URL) throws -> TranscriptionEvaluationReport {
        try score(references: references, estimateFolder: estimates, candidates: midiFiles(in: estimates)) { url in
            (ReferenceNotes(score: try Score.read(contentsOf: url, options: .lenient).score), nil)
        }
    }

    /// Transcribes each audio file of `audio` with `transcribe` and scores it against the reference
    /// `.mid`/`.midi` file of `references` with the same name without extension (`take.flac` and
    /// `take.mid`); a reference with no audio file is scored as an empty transcription. Audio files
    /// with no reference are not transcribed (listed in `unmatchedEstimates`). The report also
    /// holds the wall time of each transcription and the audio's length (`FileResult.timing`).
    /// - Throws: `TranscriptionEvaluationError.noReferences`; what reading a reference throws
    ///   (`SMFError`, `FileIOError`); what `transcribe` throws, unchanged (the caller names the file).
    public static func run(references: URL, audio: URL, transcribe: Transcribe) throws -> TranscriptionEvaluationReport {
        let audioFiles = try FileManager.default.contentsOfDirectory(at: audio, includingPropertiesForKeys: nil)
            .filter { audioExtensions.contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try score(references: references, estimateFolder: audio, candidates: audioFiles) { url in
            let start = Date()
            let made = try transcribe(url)
            return (ReferenceNotes(score: made.score),
                    .init(audioSeconds: made.audioSeconds, transcriptionSeconds: Date().timeIntervalSince(start)))
        }
    }

    /// The one scoring loop: each reference against the candidate of the same name (the first one
    /// in `candidates`' order), made into notes by `estimate` only when it has a reference.
    static func score(references: URL, estimateFolder: URL, candidates: [URL],
                      estimate: (URL) throws -> (notes: ReferenceNotes, timing: TranscriptionEvaluationReport.Timing?)) throws
        -> TranscriptionEvaluationReport {
        let refs = try midiFiles(in: references)
        guard !refs.isEmpty else { throw TranscriptionEvaluationError.noReferences(folder: references.path) }
        var byStem: [String: URL] = [:]
        for url in candidates { byStem[url.deletingPathExtension().lastPathComponent] = byStem[url.deletingPathExtension().lastPathComponent] ?? url }
        var results: [TranscriptionEvaluationReport.FileResult] = []
        var used = Set<String>()
        for ref in refs {
            let stem = ref.deletingPathExtension().lastPathComponent
            let reference = ReferenceNotes(score: try Score.read(contentsOf: ref, options: .lenient).score)
            var made: (notes: ReferenceNotes, timing: TranscriptionEvaluationReport.Timing?)?
            if let url = byStem[stem] {
                made = try estimate(url)
                used.insert(stem)
            }
            let scores = try TranscriptionScores(reference: reference.notes, estimate: made?.notes.notes ?? [])
            results.append(.init(name: ref.lastPathComponent, estimate: byStem[stem]?.lastPathComponent, duration: reference.duration,
                                 zeroLengthNotes: reference.zeroLengthNotes + (made?.notes.zeroLengthNotes ?? 0), scores: scores,
                                 timing: made?.timing))
        }
        let unmatched = byStem.filter { !used.contains($0.key) }.map(\.value.lastPathComponent).sorted()
        return TranscriptionEvaluationReport(referenceFolder: references.path, estimateFolder: estimateFolder.path,
                                             files: results, unmatchedEstimates: unmatched)
    }

    /// The transcription model's file: the first of `ModelCatalog.searchPath(for: modelFileName)` that exists.
    /// - Throws: `TranscriptionEvaluationError.noTranscriptionModel` with the places searched.
    public static func locateModel() throws(TranscriptionEvaluationError) -> URL {
        let candidates = ModelCatalog.searchPath(for: modelFileName)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw .noTranscriptionModel(file: modelFileName, searched: candidates.map(\.path))
        }
        return found
    }

    static func midiFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["mid", "midi"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
