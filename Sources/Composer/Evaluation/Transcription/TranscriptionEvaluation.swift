import FileIO
import Foundation
import Music
import SMF

/// Told of each MIDI file `TranscriptionEvaluation` read with repairs (lenient reading): the file
/// and what reading it found (`ScoreReadResult.warnings`).
public typealias RepairedFileHandler = (_ file: URL, _ result: ScoreReadResult) -> Void

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
    /// a reference with no estimate is scored as an empty transcription, an estimate with no
    /// reference is listed in `unmatched`. Both are read with `reading` (lenient by default: a
    /// damaged file is repaired, and `repaired` told of it; `.strict` refuses it).
    /// - Throws: `TranscriptionEvaluationError.noReferences`; `.nothingPaired` when the folder
    ///   holds MIDI files but none is named as a reference; `SMFError` (with the path and byte
    ///   offset) for a file that cannot be read as MIDI, `FileIOError` for one that cannot be read.
    public static func run(references: URL, estimates: URL, reading: ReadOptions = .lenient,
                           repaired: RepairedFileHandler? = nil) throws -> TranscriptionEvaluationReport {
        let refs = try midiFiles(in: references)
        guard !refs.isEmpty else { throw TranscriptionEvaluationError.noReferences(folder: references.path) }
        let (pairs, unmatched) = try pair(refs, candidates: midiFiles(in: estimates), folder: estimates, references: references)
        let read = { (url: URL) in try readScore(url, reading, repaired) }
        return try score(pairs, unmatched: unmatched, references: references.path, input: .estimates(estimates.path), read: read) {
            (ReferenceNotes(score: try read($0)), nil)
        }
    }

    /// Scores one estimated MIDI file against one reference MIDI file, whatever their names, both
    /// read with `reading` as `run(references:estimates:reading:repaired:)` reads them.
    /// - Throws: what reading either file throws (`SMFError`, `FileIOError`).
    public static func run(reference: URL, estimate: URL, reading: ReadOptions = .lenient,
                           repaired: RepairedFileHandler? = nil) throws -> TranscriptionEvaluationReport {
        let read = { (url: URL) in try readScore(url, reading, repaired) }
        return try score([(reference, estimate)], unmatched: [], references: reference.path, input: .estimates(estimate.path), read: read) {
            (ReferenceNotes(score: try read($0)), nil)
        }
    }

    /// Transcribes each audio file of `audio` with `transcribe` and scores it against the reference
    /// `.mid`/`.midi` file of `references` with the same name without extension (`take.flac` and
    /// `take.mid`); a reference with no audio file is scored as an empty transcription. Audio files
    /// with no reference are not transcribed (listed in `unmatched`). The report also holds the
    /// wall time of each transcription and the audio's length (`FileResult.timing`). References
    /// are read with `reading` (lenient by default, `repaired` told of each repaired file).
    /// - Throws: `TranscriptionEvaluationError.noReferences`; `.nothingPaired` when the folder holds
    ///   audio files but none is named as a reference; what reading a reference throws (`SMFError`,
    ///   `FileIOError`); what `transcribe` throws, unchanged (the caller names the file).
    public static func run(references: URL, audio: URL, reading: ReadOptions = .lenient, repaired: RepairedFileHandler? = nil,
                           transcribe: Transcribe) throws -> TranscriptionEvaluationReport {
        let refs = try midiFiles(in: references)
        guard !refs.isEmpty else { throw TranscriptionEvaluationError.noReferences(folder: references.path) }
        let audioFiles = try FolderListing.contents(of: audio)
            .filter { audioExtensions.contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let (pairs, unmatched) = try pair(refs, candidates: audioFiles, folder: audio, references: references)
        return try score(pairs, unmatched: unmatched, references: references.path, input: .audio(audio.path),
                         read: { try readScore($0, reading, repaired) }) { try timed(transcribe, $0) }
    }

    /// Transcribes one audio file and scores it against one reference MIDI file, whatever their
    /// names; the reference read with `reading` (`repaired` told of repairs).
    /// - Throws: what reading the reference throws (`SMFError`, `FileIOError`); what `transcribe` throws.
    public static func run(reference: URL, audio: URL, reading: ReadOptions = .lenient, repaired: RepairedFileHandler? = nil,
                           transcribe: Transcribe) throws -> TranscriptionEvaluationReport {
        try score([(reference, audio)], unmatched: [], references: reference.path, input: .audio(audio.path),
                  read: { try readScore($0, reading, repaired) }) { try timed(transcribe, $0) }
    }

    /// The reference file for `input` in `folder`: `STEM.mid` or `STEM.midi` (any case of the
    /// extension; the first by name), nil when there is none.
    /// - Throws: `FileIOError`-like Foundation errors when the folder cannot be listed.
    public static func reference(for input: URL, in folder: URL) throws -> URL? {
        let stem = input.deletingPathExtension().lastPathComponent
        return try midiFiles(in: folder).first { $0.deletingPathExtension().lastPathComponent == stem }
    }

    /// The score of the MIDI file at `url`, read with `reading`; `repaired` is told when it was repaired.
    static func readScore(_ url: URL, _ reading: ReadOptions, _ repaired: RepairedFileHandler?) throws -> Score {
        let result = try Score.read(contentsOf: url, options: reading)
        if !result.warningCounts.isEmpty { repaired?(url, result) }
        return result.score
    }

    static func timed(_ transcribe: Transcribe, _ url: URL) throws -> (notes: ReferenceNotes, timing: TranscriptionEvaluationReport.Timing?) {
        let start = Date()
        let made = try transcribe(url)
        return (ReferenceNotes(score: made.score), .init(audioSeconds: made.audioSeconds, transcriptionSeconds: Date().timeIntervalSince(start)))
    }

    /// Each reference with the candidate of the same name (the first one in `candidates`' order),
    /// and the names of the candidates no reference took.
    /// - Throws: `TranscriptionEvaluationError.nothingPaired` when there are candidates but none is taken.
    static func pair(_ refs: [URL], candidates: [URL], folder: URL, references: URL) throws -> (pairs: [(URL, URL?)], unmatched: [String]) {
        var byStem: [String: URL] = [:]
        for url in candidates { byStem[url.deletingPathExtension().lastPathComponent] = byStem[url.deletingPathExtension().lastPathComponent] ?? url }
        let pairs = refs.map { ($0, byStem[$0.deletingPathExtension().lastPathComponent]) }
        let used = Set(pairs.compactMap { $0.1?.deletingPathExtension().lastPathComponent })
        let unmatched = candidates.filter { !used.contains($0.deletingPathExtension().lastPathComponent) || byStem[$0.deletingPathExtension().lastPathComponent] != $0 }
            .map(\.lastPathComponent)
        if !candidates.isEmpty && used.isEmpty {
            throw TranscriptionEvaluationError.nothingPaired(folder: folder.path, files: candidates.map(\.lastPathComponent), references: references.path)
        }
        return (pairs, unmatched)
    }

    /// The one scoring loop: each reference against its input (nil: an empty transcription),
    /// made into notes by `estimate`.
    static func score(_ pairs: [(reference: URL, input: URL?)], unmatched: [String], references: String, input: TranscriptionEvaluationReport.Input,
                      read: (URL) throws -> Score,
                      estimate: (URL) throws -> (notes: ReferenceNotes, timing: TranscriptionEvaluationReport.Timing?)) throws
        -> TranscriptionEvaluationReport {
        var results: [TranscriptionEvaluationReport.FileResult] = []
        for (ref, url) in pairs {
            let reference = ReferenceNotes(score: try read(ref))
            let made = try url.map(estimate)
            let scores = try TranscriptionScores(reference: reference.notes, estimate: made?.notes.notes ?? [],
                                                 referencePedal: reference.sustainPedal, estimatePedal: made?.notes.sustainPedal ?? [])
            results.append(.init(name: ref.lastPathComponent, estimate: input.isAudio ? nil : url?.lastPathComponent,
                                 audio: input.isAudio ? url?.lastPathComponent : nil, duration: reference.duration,
                                 zeroLengthNotes: reference.zeroLengthNotes + (made?.notes.zeroLengthNotes ?? 0), scores: scores,
                                 timing: made?.timing))
        }
        return TranscriptionEvaluationReport(references: references, input: input, files: results, unmatched: unmatched)
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

    /// The MIDI files of `folder` (or of the folder it links to), sorted by name.
    static func midiFiles(in folder: URL) throws -> [URL] {
        try FolderListing.contents(of: folder)
            .filter { ["mid", "midi"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
