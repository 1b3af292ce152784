import ModelKit
import Foundation
import Music

/// A training tune: its decided key, meter and tokens.
public struct EncodedTune: Hashable, Sendable {
    /// Where it came from (the file path relative to the corpus folder), or any label.
    public var name: String
    /// The key decided by `TuneKey.decide`; `key.mode` picks the statistics it trains.
    public var key: Key
    /// The first time signature (4/4 when the file has none or an unsupported one).
    public var meter: Meter
    /// The bar position (0 ..< `meter.stepsPerBar`, in 16th-note steps) of the first token
    /// (`MetricPosition.startPosition`).
    public var startPosition: Int
    /// The tokens, without `begin` and `end`.
    public var tokens: [MelodyToken]
    /// Whether the melody's last note is the key's tonic (a check on the key decision).
    public var endsOnTonic: Bool

    public init(name: String, key: Key, meter: Meter = .common, startPosition: Int = 0, tokens: [MelodyToken], endsOnTonic: Bool = false) {
        self.name = name
        self.key = key
        self.meter = meter
        self.startPosition = startPosition
        self.tokens = tokens
        self.endsOnTonic = endsOnTonic
    }

    /// The metrical condition (`MetricPosition.condition`) of each token and of the `end` after
    /// them: `tokens.count + 1` values.
    public var conditions: [Int] { MetricPosition.conditions(of: tokens, meter: meter, start: startPosition) }

    /// Number of note tokens.
    public var noteCount: Int { tokens.reduce(0) { $0 + ($1.isNote ? 1 : 0) } }
    /// Length in 16th-note steps from the first note to the end of the last.
    public var steps: Int { tokens.reduce(0) { $0 + $1.steps } }

    /// Encodes the melody of a score, or returns nil when it has no (non-drum) notes.
    ///
    /// The melody part is the part with the highest mean pitch among the parts with notes off
    /// channel 10 (index 9, General MIDI drums), so that a lead sheet's melody track wins over its
    /// chord track; its top line is taken with `GridMelody.topLine`. The key is
    /// `TuneKey.decide(notes:signature:)` on that part's notes and the score's first key signature;
    /// the meter is the first time signature; the start position is
    /// `MetricPosition.startPosition`.
    public init?(score: Score, name: String) {
        guard let notes = EncodedTune.melodyPart(of: score) else { return nil }
        let melody = GridMelody.topLine(of: notes, ticksPerQuarter: score.ticksPerQuarter)
        guard let last = melody.notes.last else { return nil }
        let key = TuneKey.decide(notes: notes, signature: score.keySignatures.first)
        let meter = score.timeSignatures.first.flatMap { try? Meter($0.numerator, $0.denominator) } ?? .common
        self.init(name: name, key: key, meter: meter, startPosition: MetricPosition.startPosition(of: melody, meter: meter),
                  tokens: MelodyEncoding.tokens(of: melody, key: key), endsOnTonic: last.pitch % 12 == key.tonic)
    }
}

extension EncodedTune {
    /// The notes of the melody part: of the parts with notes off channel 10 (index 9), the one
    /// with the highest mean pitch (Music's one melody rule, `MelodyVoice.notes(in:grouping:)`,
    /// with whole tracks as voices); nil when there is none.
    public static func melodyPart(of score: Score) -> [Note]? {
        MelodyVoice.notes(in: score, grouping: .track)
    }
}

/// Melodies read from a folder of Standard MIDI Files; `split(_:)` divides them by a `DataSplit`.
public struct MelodyCorpus: Sendable {
    /// A file that was not used, and why.
    public struct SkippedFile: Hashable, Sendable {
        public var path: String
        public var reason: String
    }

    /// The encoded tunes, in path order.
    public var tunes: [EncodedTune]
    /// Number of .mid/.midi files found.
    public var fileCount: Int
    /// Files that could not be read or had no notes.
    public var skipped: [SkippedFile]

    public init(tunes: [EncodedTune], fileCount: Int? = nil, skipped: [SkippedFile] = []) {
        self.tunes = tunes
        self.fileCount = fileCount ?? tunes.count
        self.skipped = skipped
    }

    /// Number of tunes per mode.
    public func tuneCount(_ mode: Key.Mode) -> Int { tunes.filter { $0.key.mode == mode }.count }
    /// Total tokens (without begin/end).
    public var tokenCount: Int { tunes.reduce(0) { $0 + $1.tokens.count } }

    /// Reads every `.mid` / `.midi` file (any letter case) under `directory`, recursively, in
    /// path order, and encodes its melody (`EncodedTune(score:name:)`). A file that cannot be read
    /// or has no notes is skipped and listed in `skipped`, never fatal. `progress(done, total)` is
    /// called after each file.
    ///
    /// - Throws: `CorpusError.notAFolder` if `directory` is not a folder;
    ///   `CorpusError.empty` if no file gave a melody.
    public static func load(directory: URL, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> MelodyCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(path: directory.path)
        }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let paths = MIDIFolder.relativePaths(under: root)
        var tunes: [EncodedTune] = []
        var skipped: [SkippedFile] = []
        for (i, path) in paths.enumerated() {
            do {
                let score = try Score(contentsOf: root.appendingPathComponent(path))
                if let tune = EncodedTune(score: score, name: path) {
                    tunes.append(tune)
                } else {
                    skipped.append(SkippedFile(path: path, reason: "no notes"))
                }
            } catch {
                skipped.append(SkippedFile(path: path, reason: String(describing: error)))
            }
            progress(i + 1, paths.count)
        }
        guard !tunes.isEmpty else { throw CorpusError.empty(path: directory.path, kind: "melody") }
        return MelodyCorpus(tunes: tunes, fileCount: paths.count, skipped: skipped)
    }
}

extension MelodyCorpus: SplittableCorpus {
    /// The tunes.
    public var items: [EncodedTune] { tunes }
}
