import ModelKit
import Foundation
import Music

/// A lead sheet: a melody with chord symbols, as in the Nottingham files (a melody track and a
/// chord track of block chords in root position).
public struct LeadSheet: Sendable {
    /// A chord symbol held from `start` to `end` (ticks).
    public struct ChordSpan: Hashable, Sendable {
        public var start: Int
        public var end: Int
        /// The chord, absolute (root a pitch class, not key-relative).
        public var chord: ChordSymbol
    }

    /// The file's path relative to the corpus folder (when loaded by `LeadSheetCorpus.load`).
    public var name: String
    /// The key (`TuneKey.decide` on the melody and the first key signature).
    public var key: Key
    /// The melody part's notes (times in ticks, MIDI pitches 0-127).
    public var melody: [Note]
    /// Sorted by start; each lasts until the next chord starts (the last until its notes end).
    public var chords: [ChordSpan]
    /// The score's time signatures.
    public var timeSignatures: [TimeSignature]
    /// The score's resolution, ticks per quarter note.
    public var ticksPerQuarter: Int

    /// Reads a lead sheet from a score: the melody is the part with the highest mean pitch
    /// (`EncodedTune.melodyPart`), the chord part the part with the lowest mean pitch among the
    /// others. Notes of the chord part that start together form one chord, named by
    /// `ChordSymbol.identify` with the lowest note as the root (`rootIsBass`). The key is
    /// `TuneKey.decide` on the melody and the first key signature.
    /// Returns nil when there is no melody or no chord part with notes.
    public init?(score: Score, name: String) {
        guard let melody = EncodedTune.melodyPart(of: score) else { return nil }
        let others = score.parts.map { $0.notes.filter { $0.channel != 9 } }.filter { !$0.isEmpty && $0 != melody }
        guard let chordNotes = others.min(by: { LeadSheet.meanPitch($0) < LeadSheet.meanPitch($1) }) else { return nil }
        let groups = Dictionary(grouping: chordNotes, by: \.start).sorted { $0.key < $1.key }
        var spans: [ChordSpan] = []
        for (i, group) in groups.enumerated() {
            let bass = Int(group.value.map(\.pitch).min()!)
            guard let chord = ChordSymbol.identify(pitchClasses: Set(group.value.map { Int($0.pitch) }), bass: bass, rootIsBass: true) else { continue }
            let end = i + 1 < groups.count ? groups[i + 1].key : group.value.map(\.end).max()!
            spans.append(ChordSpan(start: group.key, end: end, chord: chord))
        }
        self.name = name
        self.key = TuneKey.decide(notes: melody, signature: score.keySignatures.first)
        self.melody = melody
        self.chords = spans
        self.timeSignatures = score.timeSignatures
        self.ticksPerQuarter = score.ticksPerQuarter
    }

    static func meanPitch(_ notes: [Note]) -> Double { Double(notes.reduce(0) { $0 + Int($1.pitch) }) / Double(notes.count) }

    /// The chord covering most of `start ..< end`, nil if none covers any of it.
    public func chord(covering start: Int, _ end: Int) -> ChordSymbol? {
        var best: (chord: ChordSymbol, overlap: Int)?
        for span in chords where span.end > start && span.start < end {
            let overlap = min(span.end, end) - max(span.start, start)
            if best == nil || overlap > best!.overlap { best = (span.chord, overlap) }
        }
        return best?.chord
    }

    /// The melody on `grid` (`HarmonyExample(name:melody:...)`) labelled with the chord covering
    /// most of each slot, key-relative and reduced (`ChordSymbol.reduced`).
    package func example(grid: HarmonySlot.Grid) -> HarmonyExample {
        var example = HarmonyExample(name: name, melody: melody, key: key, timeSignatures: timeSignatures,
                                     ticksPerQuarter: ticksPerQuarter, grid: grid)
        example.chords = example.slots.map { slot in chord(covering: slot.start, slot.end)?.transposed(by: -key.tonic).reduced }
        return example
    }
}

/// Lead sheets read from a folder of Standard MIDI Files (see `LeadSheet`).
public struct LeadSheetCorpus: Sendable {
    /// The lead sheets read, in path order.
    public var sheets: [LeadSheet]
    /// Files that could not be read or had no chord part: (path, reason).
    public var skipped: [(path: String, reason: String)]

    /// A corpus of `sheets`, with the files `skipped` when reading them.
    public init(sheets: [LeadSheet], skipped: [(path: String, reason: String)] = []) {
        self.sheets = sheets
        self.skipped = skipped
    }

    /// Reads every .mid/.midi file under `directory` (recursively, in path order).
    /// - Throws: `CorpusError.notAFolder` if `directory` is not a folder;
    ///   `CorpusError.empty` if no file is a lead sheet.
    public static func load(directory: URL) throws -> LeadSheetCorpus {
        let loaded = try ScoreFolder.load(directory: directory, refusal: "no melody and chord parts") { score, path in
            LeadSheet(score: score, name: path).flatMap { $0.chords.isEmpty ? nil : $0 }
        }
        return LeadSheetCorpus(sheets: loaded.items, skipped: loaded.skipped)
    }
}

extension LeadSheetCorpus: SplittableCorpus {
    /// The sheets.
    public var items: [LeadSheet] { sheets }
}
