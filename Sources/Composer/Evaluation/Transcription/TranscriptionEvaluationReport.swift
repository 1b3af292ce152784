/// What `TranscriptionEvaluation.run` measured: per file and in total.
public struct TranscriptionEvaluationReport: Sendable, Hashable, Codable {
    /// One reference file and the estimate or audio file of the same name.
    public struct FileResult: Sendable, Hashable, Codable {
        /// The reference's file name.
        public var name: String
        /// The estimated MIDI file's name (when scoring a transcriber's MIDI files), nil when there
        /// was none (then scored as an empty transcription: all zeros).
        public var estimate: String?
        /// The audio file's name (when the evaluation transcribed audio itself), nil when there was
        /// none (then scored as an empty transcription: all zeros).
        public var audio: String?
        /// The reference's length in seconds.
        public var duration: Double
        /// Zero-length notes left out of the reference and of the estimate (mir_eval refuses them).
        public var zeroLengthNotes: Int
        /// The five scores of this file (see `TranscriptionScores`).
        public var scores: TranscriptionScores
        /// How long transcribing took, when the evaluation transcribed audio itself (nil when
        /// scoring another transcriber's MIDI files).
        public var timing: Timing?
    }

    /// The speed of one transcription, or of all of them summed.
    public struct Timing: Sendable, Hashable, Codable {
        /// Length of the audio, seconds.
        public var audioSeconds: Double
        /// Wall time to decode, analyse and transcribe it, seconds.
        public var transcriptionSeconds: Double
        /// `transcriptionSeconds / audioSeconds` (0 for no audio).
        public var secondsPerAudioSecond: Double

        public init(audioSeconds: Double, transcriptionSeconds: Double) {
            self.audioSeconds = audioSeconds
            self.transcriptionSeconds = transcriptionSeconds
            self.secondsPerAudioSecond = audioSeconds > 0 ? transcriptionSeconds / audioSeconds : 0
        }
    }

    /// Precision, recall and F1 summarised over files.
    public struct Summary: Sendable, Hashable, Codable {
        /// 0...1.
        public var precision: Double
        /// 0...1.
        public var recall: Double
        /// 2PR / (P + R) for pooled counts; the mean of the files' F1 for `mean`.
        public var f1: Double
    }

    /// The five summaries of one way of totalling.
    public struct Totals: Sendable, Hashable, Codable {
        /// Onset and pitch.
        public var onset: Summary
        /// Onset, pitch and offset.
        public var onsetOffset: Summary
        /// Onset, pitch and velocity.
        public var onsetVelocity: Summary
        /// Onset, pitch, offset and velocity.
        public var onsetOffsetVelocity: Summary
        /// Piano-roll frames at 100 per second.
        public var frame: Summary
        /// Sustain-pedal frames at 100 per second, over the files where either side has a pedal
        /// (nil when none has).
        public var pedal: Summary?
    }

    /// What was scored against the references: a transcriber's MIDI files, or audio transcribed here.
    enum Input {
        /// The folder (or file) of estimated MIDI files.
        case estimates(String)
        /// The folder (or file) of audio files.
        case audio(String)
        var isAudio: Bool { if case .audio = self { true } else { false } }
    }

    /// The folder of reference MIDI files (or the one reference file).
    public var references: String
    /// The folder of estimated MIDI files (or the one file), when scoring a transcriber's MIDI files.
    public var estimates: String?
    /// The folder of audio files (or the one file), when the evaluation transcribed audio itself.
    public var audio: String?
    /// One result per reference file, sorted by name.
    public var files: [FileResult]
    /// Estimates or audio files with no reference of the same name (not scored; audio not transcribed).
    public var unmatched: [String]
    /// The mean over files of each file's precision, recall and F1 (as Onsets and Frames and Basic Pitch report).
    public var mean: Totals
    /// Precision, recall and F1 of all notes (frames) of all files pooled.
    public var pooled: Totals
    /// The references' lengths in seconds, summed (`FileResult.duration`).
    public var totalDuration: Double
    /// The files' timings summed, when the evaluation transcribed audio itself.
    public var timing: Timing?

    init(references: String, input: Input, files: [FileResult], unmatched: [String]) {
        self.references = references
        switch input {
        case .estimates(let path): self.estimates = path
        case .audio(let path): self.audio = path
        }
        self.files = files
        self.unmatched = unmatched
        self.totalDuration = files.map(\.duration).reduce(0, +)
        let timed = files.compactMap(\.timing)
        self.timing = timed.isEmpty ? nil : Timing(audioSeconds: timed.map(\.audioSeconds).reduce(0, +),
                                                   transcriptionSeconds: timed.map(\.transcriptionSeconds).reduce(0, +))
        func mean(_ pick: (TranscriptionScores) -> (Double, Double, Double), over files: [FileResult] = files) -> Summary {
            let n = Double(max(files.count, 1))
            let values = files.map { pick($0.scores) }
            return Summary(precision: values.map(\.0).reduce(0, +) / n, recall: values.map(\.1).reduce(0, +) / n,
                           f1: values.map(\.2).reduce(0, +) / n)
        }
        func pooled(_ pick: (TranscriptionScores) -> (Int, Int, Int), over files: [FileResult] = files) -> Summary {
            let counts = files.map { pick($0.scores) }
            let matched = Double(counts.map(\.0).reduce(0, +)), reference = Double(counts.map(\.1).reduce(0, +))
            let estimate = Double(counts.map(\.2).reduce(0, +))
            let p = estimate > 0 ? matched / estimate : 0, r = reference > 0 ? matched / reference : 0
            return Summary(precision: p, recall: r, f1: NoteScores.f1(precision: p, recall: r))
        }
        let notes: [KeyPath<TranscriptionScores, NoteScores>] = [\.onset, \.onsetOffset, \.onsetVelocity, \.onsetOffsetVelocity]
        let means = notes.map { k in mean { ($0[keyPath: k].precision, $0[keyPath: k].recall, $0[keyPath: k].f1) } }
        let pools = notes.map { k in pooled { ($0[keyPath: k].matched, $0[keyPath: k].referenceCount, $0[keyPath: k].estimateCount) } }
        self.mean = Totals(onset: means[0], onsetOffset: means[1], onsetVelocity: means[2], onsetOffsetVelocity: means[3],
                           frame: mean { ($0.frame.precision, $0.frame.recall, $0.frame.f1) })
        self.pooled = Totals(onset: pools[0], onsetOffset: pools[1], onsetVelocity: pools[2], onsetOffsetVelocity: pools[3],
                             frame: pooled { ($0.frame.truePositives, $0.frame.referenceCount, $0.frame.estimateCount) })
        let pedalled = files.filter { $0.scores.pedal != nil }
        if !pedalled.isEmpty {
            self.mean.pedal = mean({ ($0.pedal!.precision, $0.pedal!.recall, $0.pedal!.f1) }, over: pedalled)
            self.pooled.pedal = pooled({ ($0.pedal!.truePositives, $0.pedal!.referenceCount, $0.pedal!.estimateCount) }, over: pedalled)
        }
    }

    /// One line naming every file of `unmatched` (nil when there is none), e.g. "2 audio files with
    /// no reference of the same name, not transcribed (not an error): a.wav, b.flac".
    public var unmatchedLine: String? {
        guard !unmatched.isEmpty else { return nil }
        return "\(counted(unmatched.count, audio != nil ? "audio file" : "estimate")) with no reference of the same name, "
            + "\(audio != nil ? "not transcribed" : "not scored") (not an error): \(unmatched.joined(separator: ", "))"
    }

    /// The report as a table: one row per file (note-onset, onset+offset, with velocity, frame F1),
    /// then the mean over files and all notes pooled.
    public func text() -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let width = max(24, (files.map(\.name.count).max() ?? 0) + 2)
        let isAudio = audio != nil
        let kind = isAudio ? "audio" : "estimate"
        var lines = ["Transcription: \(counted(files.count, "file")), \(String(format: "%.1f", totalDuration)) s of reference; "
                     + "references \(references), " + (audio.map { "audio \($0)" } ?? "estimates \(estimates ?? "")")]
        lines.append("file".padded(width) + "  notes  found   onset  on+off  on+vel  on+off+vel  frame   (F1)")
        for file in files {
            let s = file.scores
            var row = file.name.padded(width) + String(format: "%7d%7d", s.onset.referenceCount, s.onset.estimateCount)
            row += "   " + [s.onset.f1, s.onsetOffset.f1, s.onsetVelocity.f1].map(f).joined(separator: "   ")
            row += "       " + f(s.onsetOffsetVelocity.f1) + "  " + f(s.frame.f1)
            if file.estimate == nil && file.audio == nil { row += "   (no \(kind): scored as empty)" }
            lines.append(row)
        }
        for (label, t) in [("mean of files", mean), ("all notes pooled", pooled)] {
            lines.append(label.padded(width) + String(repeating: " ", count: 14) + "   "
                         + [t.onset.f1, t.onsetOffset.f1, t.onsetVelocity.f1].map(f).joined(separator: "   ")
                         + "       " + f(t.onsetOffsetVelocity.f1) + "  " + f(t.frame.f1))
        }
        lines.append("precision / recall (mean of files): onset \(f(mean.onset.precision)) / \(f(mean.onset.recall)), "
                     + "on+off \(f(mean.onsetOffset.precision)) / \(f(mean.onsetOffset.recall)), "
                     + "frame \(f(mean.frame.precision)) / \(f(mean.frame.recall))")
        if let m = mean.pedal, let p = pooled.pedal {
            let n = files.filter { $0.scores.pedal != nil }.count
            lines.append("sustain pedal, frames (\(counted(n, "file")) where either side presses it): F1 \(f(m.f1)) (mean of files; "
                         + "precision \(f(m.precision)), recall \(f(m.recall))), \(f(p.f1)) pooled")
        }
        if let timing {
            lines.append(String(format: "transcribed %.1f s of audio in %.1f s of wall time: %.4f s per second of audio (compose transcribe reports CPU time)",
                                timing.audioSeconds, timing.transcriptionSeconds, timing.secondsPerAudioSecond))
        }
        let missing = files.filter { $0.estimate == nil && $0.audio == nil }.count
        if missing > 0 {
            lines.append("\(counted(missing, "reference")) without \(isAudio ? "an audio file" : "an estimate"), scored as empty transcriptions")
        }
        if let unmatchedLine { lines.append(unmatchedLine) }
        let zero = files.map(\.zeroLengthNotes).reduce(0, +)
        if zero > 0 { lines.append("\(counted(zero, "zero-length note")) left out (mir_eval refuses them)") }
        return lines.joined(separator: "\n")
    }
}
