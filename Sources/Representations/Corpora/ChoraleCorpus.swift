import ModelKit
import Foundation
import Music

/// A four-part chorale: soprano, alto, tenor and bass lines.
public struct Chorale: Sendable {
    /// The file's path relative to the corpus folder (when loaded by `ChoraleCorpus.load`).
    public var name: String
    /// The key: the first key signature's, else `Key.estimate` (Krumhansl-Schmuckler).
    public var key: Key
    /// Four monophonic lines, soprano first, each sorted by start tick.
    public var voices: [[Note]]
    /// The score's time signatures.
    public var timeSignatures: [TimeSignature]
    /// The score's resolution, ticks per quarter note.
    public var ticksPerQuarter: Int

    /// A chorale of four `voices` (soprano first; each is sorted by start tick here).
    public init(name: String, key: Key, voices: [[Note]], timeSignatures: [TimeSignature], ticksPerQuarter: Int) {
        self.name = name
        self.key = key
        self.voices = voices.map { $0.sorted { $0.start < $1.start } }
        self.timeSignatures = timeSignatures
        self.ticksPerQuarter = ticksPerQuarter
    }

    /// Reads a chorale from a score: the parts named Soprano, Alto, Tenor and Bass (any case), or
    /// else the first four parts with notes, in that order. The key is the first key signature's
    /// (the chorale corpus writes the mode correctly), else `Key.estimate` of all notes.
    /// Returns nil when there are fewer than four voices with notes.
    public init?(score: Score, name: String) {
        let names = ["soprano", "alto", "tenor", "bass"]
        var voices = names.compactMap { n in score.parts.first { $0.name?.lowercased() == n }?.notes }
        if voices.count < 4 || voices.contains(where: \.isEmpty) {
            voices = Array(score.parts.map(\.notes).filter { !$0.isEmpty }.prefix(4))
        }
        guard voices.count == 4 else { return nil }
        let key = score.keySignatures.first?.key ?? Key.estimate(voices.flatMap { $0 }).key
        self.init(name: name, key: key, voices: voices, timeSignatures: score.timeSignatures, ticksPerQuarter: score.ticksPerQuarter)
    }

    /// The last note end of any voice.
    public var endTick: Int { voices.map { $0.map(\.end).max() ?? 0 }.max() ?? 0 }

    /// One slot per beat up to `endTick`.
    public var beatSlots: [HarmonySlot] {
        HarmonySlot.slots(timeSignatures: timeSignatures, ticksPerQuarter: ticksPerQuarter, endTick: endTick, grid: .beat)
    }

    /// The pitch each voice sounds at `tick` (soprano first), nil where it rests.
    public func sounding(at tick: Int) -> [Int?] {
        voices.map { line in line.last { $0.start <= tick && $0.end > tick }.map { Int($0.pitch) } }
    }

    /// The chord sounding at `tick`: `ChordSymbol.identify` of the four voices' pitch classes with
    /// the bass; nil when nothing sounds.
    public func chord(at tick: Int) -> ChordSymbol? {
        let pitches = sounding(at: tick)
        let present = pitches.compactMap { $0 }
        return ChordSymbol.identify(pitchClasses: Set(present), bass: pitches[3] ?? present.min())
    }

    /// The soprano on a beat grid, each beat labelled with the chord sounding at its start,
    /// key-relative and reduced.
    package var example: HarmonyExample {
        var example = HarmonyExample(name: name, key: key, slots: beatSlots,
                                     observations: MelodyObservation.weights(of: voices[0], in: beatSlots, tonic: key.tonic))
        example.chords = example.slots.map { chord(at: $0.start)?.transposed(by: -key.tonic).reduced }
        return example
    }
}

/// Four-part chorales read from a folder of Standard MIDI Files (see `Chorale`).
public struct ChoraleCorpus: Sendable {
    /// The chorales read, in path order.
    public var chorales: [Chorale]
    /// Files that could not be read or had fewer than four voices: (path, reason).
    public var skipped: [(path: String, reason: String)]

    /// A corpus of `chorales`, with the files `skipped` when reading them.
    public init(chorales: [Chorale], skipped: [(path: String, reason: String)] = []) {
        self.chorales = chorales
        self.skipped = skipped
    }

    /// Reads every .mid/.midi file under `directory` (recursively, in path order).
    /// - Throws: `CorpusError.notAFolder` if `directory` is not a folder;
    ///   `CorpusError.empty` if no file has four voices.
    public static func load(directory: URL) throws -> ChoraleCorpus {
        let loaded = try ScoreFolder.load(directory: directory, refusal: "fewer than four voices") { Chorale(score: $0, name: $1) }
        return ChoraleCorpus(chorales: loaded.items, skipped: loaded.skipped)
    }
}

extension ChoraleCorpus: SplittableCorpus {
    /// The chorales.
    public var items: [Chorale] { chorales }
}
