import Composer
import Foundation
import ModelKit
import Music
import Representations

/// Where a grid corner's loop came from.
enum LoopCornerSource: Sendable, Hashable {
    /// The player's phrase of that number (1 = the first phrase played since the piano started).
    case phrase(Int)
    /// A MIDI file (`:loops corner N FILE`).
    case file(String)
    /// A latent code drawn from the model's prior N(0, I) with this seed: no phrase or file yet.
    case sampled(seed: UInt64)
}

/// Why a corner could not be read from a file; `description` is one line naming the file.
enum LoopCornerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read as MIDI: the reader's message (it names the file and, for
    /// damaged data, the byte offset).
    case unreadable(path: String, reason: String)
    /// The file has no voice to take (no melody, no drum hits, or a voice with no notes).
    case nothingToTake(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): return reason.contains(path) ? reason : "\(path): \(reason)"
        case .nothingToTake(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// One corner of the loops grid: its loop (class ids) or, for a sampled corner, its latent code;
/// the meter, key and reference pitch its loop was read in; and a line saying what was taken.
struct LoopCorner: Sendable, Hashable {
    var source: LoopCornerSource
    /// The loop's class ids (nil for a sampled corner).
    var events: [Int32]?
    /// The latent code of a sampled corner (nil otherwise: the model encodes `events`).
    var code: [Float]?
    var meter: Meter
    var key: Music.Key
    /// The MIDI pitch of melody offset 0 (`MelodyLoopReading.reference`).
    var reference: Int
    /// What was taken, in one line, e.g. "take.mid: track 1 "Melody", channel 1, 11 of 76 notes,
    /// bars 1-2 of 6/8, G major; 65 after the two bars".
    var summary: String

    /// The first two bars of `path`'s melody voice (or its channel-10 drums), read leniently and
    /// quantized to 16ths as `compose loops` reads an input.
    /// - Throws: `LoopCornerError` naming the file.
    static func read(file path: String, kind: LoopKind) throws(LoopCornerError) -> LoopCorner {
        let result: ScoreReadResult
        do {
            result = try Score.read(contentsOf: URL(fileURLWithPath: path), options: .lenient)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        let name = (path as NSString).lastPathComponent
        var corner = try take(result.score, kind: kind, source: .file(path), name: name, path: path)
        if result.warningCount > 0 { corner.summary += "; \(result.warningCount) problem(s) repaired while reading (compose inspect lists them)" }
        return corner
    }

    /// The first two bars of a phrase the player played (its first note on a bar line, on the
    /// 16th grid of the tempo it was played at), or nil when it is not of this kind (drum loops
    /// take phrases played on channel 10, melody loops the others) or has nothing to take.
    static func phrase(_ phrase: PhraseMemory.Phrase, number: Int, kind: LoopKind) -> LoopCorner? {
        let isDrums = phrase.channel == DrumGrid.channel
        guard isDrums == (kind == .drums) else { return nil }
        return try? take(phrase.notes.score(bpm: phrase.bpm, channel: phrase.channel), kind: kind, source: .phrase(number),
                         name: "phrase \(number)", path: "phrase \(number)")
    }

    /// A corner whose code is drawn from the prior N(0, I) of a model with `latentSize` values.
    static func sampled(seed: UInt64, latentSize: Int, meter: Meter = .common) -> LoopCorner {
        var rng = SeededGenerator(seed: seed)
        return LoopCorner(source: .sampled(seed: seed), events: nil, code: rng.normalValues(latentSize), meter: meter,
                          key: Music.Key(tonic: 0, mode: .major), reference: 60, summary: "sampled from the model (seed \(seed))")
    }

    /// Reads the loop of `score` and says what was taken.
    private static func take(_ score: Score, kind: LoopKind, source: LoopCornerSource, name: String, path: String) throws(LoopCornerError) -> LoopCorner {
        switch kind {
        case .melody:
            let reading: MelodyLoopReading
            do { reading = try MelodyLoopReading.read(from: score) } catch { throw .nothingToTake(path: path, reason: "\(error)") }
            let p = reading.primer
            var line = "\(name): track \(p.track)\(p.trackName.map { " \"\($0)\"" } ?? "")"
            if !p.channels.isEmpty { line += ", channel \(p.channels.map { String(Int($0) + 1) }.joined(separator: ", "))" }
            line += ", \(reading.notesTaken) of \(p.notesInVoice) notes, bars 1-2 of \(p.meter), \(reading.key)"
            if !reading.changes.isEmpty { line += "; " + reading.changes.joined(separator: ", ") }
            return LoopCorner(source: source, events: reading.loop.events, code: nil, meter: reading.loop.meter, key: reading.key,
                              reference: reading.reference, summary: line)
        case .drums:
            let reading: DrumLoopReading
            do { reading = try DrumLoopReading.read(from: score) } catch { throw .nothingToTake(path: path, reason: "\(error)") }
            guard reading.loop.hitCount > 0 else { throw .nothingToTake(path: path, reason: "no drum hits on channel 10") }
            var line = "\(name): channel 10, bars \(reading.firstBar + 1)-\(reading.firstBar + 2) of \(reading.loop.meter), \(reading.loop.hitCount) hits"
            if !reading.changes.isEmpty { line += "; " + reading.changes.joined(separator: ", ") }
            return LoopCorner(source: source, events: reading.loop.steps, code: nil, meter: reading.loop.meter, key: Music.Key(tonic: 0, mode: .major),
                              reference: 60, summary: line)
        }
    }
}
