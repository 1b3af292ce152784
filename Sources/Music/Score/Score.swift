#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SMF

/// A piece of music as notes on a tick axis: parts (one per SMF track), tempo changes, time and key
/// signatures. Read one from a `MIDIFile` with `init(file:)`; write one back with `bytes()`
/// or `write(to:)` (or as a `MIDIFile` with `midiFile()`).
public struct Score: Sendable, Hashable {
    /// The time base: ticks per quarter note, or SMPTE frames x ticks per frame.
    public var division: Division
    public var parts: [Part]
    /// Tempo changes sorted by tick (empty means 120 bpm throughout).
    public var tempoChanges: [TempoChange]
    /// Time signatures sorted by tick (empty means 4/4).
    public var timeSignatures: [TimeSignature]
    /// Key signatures sorted by tick.
    public var keySignatures: [KeySignature]
    /// What `init(file:)` had to repair, one line each, naming the track (notes never ended,
    /// note-offs with no sounding note). Empty for a score built in code.
    public var readingWarnings: [String] = []
    /// The tick of the last event of the longest track in the file read (its End of Track, usually),
    /// 0 for a score built in code. Counts in `endTick`: a file may end after its last note.
    public var trackEndTick = 0

    public init(ticksPerQuarter: Int = 480, parts: [Part] = [], tempoChanges: [TempoChange] = [],
                timeSignatures: [TimeSignature] = [], keySignatures: [KeySignature] = []) {
        self.init(division: .ticksPerQuarter(UInt16(clamping: ticksPerQuarter)), parts: parts, tempoChanges: tempoChanges,
                  timeSignatures: timeSignatures, keySignatures: keySignatures)
    }

    public init(division: Division, parts: [Part], tempoChanges: [TempoChange] = [],
                timeSignatures: [TimeSignature] = [], keySignatures: [KeySignature] = []) {
        self.division = division
        self.parts = parts
        self.tempoChanges = tempoChanges.sorted { $0.tick < $1.tick }
        self.timeSignatures = timeSignatures.sorted { $0.tick < $1.tick }
        self.keySignatures = keySignatures.sorted { $0.tick < $1.tick }
    }

    /// A score whose tempo changes and signatures are already in tick order (a read keeps them so,
    /// stably): taken as they are, without the sort `init(division:parts:tempoChanges:...)` makes.
    package init(division: Division, parts: [Part], sortedTempoChanges: [TempoChange],
                 sortedTimeSignatures: [TimeSignature], sortedKeySignatures: [KeySignature]) {
        self.division = division
        self.parts = parts
        tempoChanges = sortedTempoChanges
        timeSignatures = sortedTimeSignatures
        keySignatures = sortedKeySignatures
    }

    /// Ticks per quarter note. For an SMPTE division, where quarter notes are not defined, this is
    /// the number of ticks in half a second (a quarter note at the default 120 bpm).
    public var ticksPerQuarter: Int {
        switch division {
        case .ticksPerQuarter(let t): return Int(max(t, 1))
        case .smpte(let fps, let tpf): return max(1, Int(fps) * Int(tpf) / 2)
        }
    }

    /// The tick <-> seconds conversion for this score's division and tempo changes.
    public var tempoMap: TempoMap { TempoMap(division: division, changes: tempoChanges) }

    /// All notes of all parts, sorted by start tick, then pitch.
    public var allNotes: [Note] {
        parts.flatMap(\.notes).sorted { ($0.start, $0.pitch, $0.channel) < ($1.start, $1.pitch, $1.channel) }
    }

    /// The last tick of any note, control, signature or (for a score read from a file) track end.
    public var endTick: Int {
        max(parts.map(\.endTick).max() ?? 0, trackEndTick, tempoChanges.last?.tick ?? 0,
            timeSignatures.last?.tick ?? 0, keySignatures.last?.tick ?? 0)
    }

    /// Length in seconds up to `endTick`.
    public var durationSeconds: Double { tempoMap.seconds(atTick: endTick) }

    /// Reads a Standard MIDI File from disk. Throws `SMFError` for malformed data, or the file
    /// system's error (naming the path) when it cannot be read.
    public init(contentsOf url: URL) throws {
        self = try Score.read(contentsOf: url, options: .strict).score
    }

    /// Writes the score as an SMF format 1 file, atomically (see `MIDIFile.write(to:)`).
    public func write(to url: URL, runningStatus: Bool = true) throws {
        try MIDIFile.write(bytes(runningStatus: runningStatus), to: url)
    }
}
