import Foundation
import Music
import Representations
import SMF

/// Loops laid one after another, each two bars, as a score: one part ("Loops": the melody on
/// channel 1, or the drums on channel 10) with a marker naming each loop at its first step, tempo,
/// meter and (melody, unless `writesKeySignature` is false) key signature at tick 0.
public struct LoopSequence: Hashable, Sendable {
    /// A loop to write: its name (the marker's text) and its class ids.
    public struct Item: Hashable, Sendable {
        public var name: String
        public var events: [Int32]
        public init(name: String, events: [Int32]) {
            self.name = name
            self.events = events
        }
    }

    public var kind: LoopKind
    public var items: [Item]
    public var meter: Meter
    /// Quarter notes per minute.
    public var tempo: Double
    /// The key written (melody), and the MIDI pitch of offset 0 (`MelodyLoopReading.reference`).
    public var key: Key
    public var reference: Int
    /// Whether `key`'s signature is written (melody): false when no one key matches the loops
    /// (loops taken from major and minor tunes, each relative to its own tonic, share `reference`).
    public var writesKeySignature: Bool

    public init(kind: LoopKind, items: [Item], meter: Meter, tempo: Double, key: Key, reference: Int, writesKeySignature: Bool = true) {
        self.kind = kind
        self.items = items
        self.meter = meter
        self.tempo = tempo
        self.key = key
        self.reference = reference
        self.writesKeySignature = writesKeySignature
    }

    /// Steps of each loop (`MelodyLoop.steps(in: meter)`).
    public var loopSteps: Int { MelodyLoop.steps(in: meter) }

    /// Notes of item `i` on the grid (melody: pitches from `reference`), starting at `start`.
    public func notes(of item: Item, start: Int, ticksPerQuarter tpq: Int) -> [Note] {
        let tick = tpq / 4
        switch kind {
        case .melody:
            return MelodyLoop(events: item.events, meter: meter).melody(reference: reference, start: start).notes.map {
                Note(pitch: UInt8($0.pitch), velocity: UInt8($0.start % meter.stepsPerBar == 0 ? 100 : 90), channel: 0,
                     start: $0.start * tick, duration: $0.steps * tick)
            }
        case .drums:
            var notes: [Note] = []
            for (i, id) in item.events.enumerated() {
                for drum in DrumHits(rawValue: Int(id)).classes {
                    notes.append(Note(pitch: drum.outputNote, velocity: 90, channel: DrumGrid.channel, start: (start + i) * tick, duration: tick))
                }
            }
            return notes
        }
    }

    /// The score, at `ticksPerQuarter` (a multiple of 4). With `endMarker` a marker "end" on the
    /// last loop's end makes the file last exactly its loops (its End of Track there, not at the
    /// last note's end: a drum loop's last hit is short, a melody may end in a rest), so that it
    /// loops in time in a player or a DAW.
    public func score(ticksPerQuarter: Int = 480, endMarker: Bool = true) -> Score {
        let tpq = max(4, ticksPerQuarter / 4 * 4)
        var notes: [Note] = []
        var texts: [TextEvent] = []
        for (i, item) in items.enumerated() {
            let start = i * loopSteps
            notes += self.notes(of: item, start: start, ticksPerQuarter: tpq)
            texts.append(TextEvent(tick: start * tpq / 4, kind: .marker, text: item.name))
        }
        if endMarker && !items.isEmpty {
            texts.append(TextEvent(tick: items.count * loopSteps * tpq / 4, kind: .marker, text: "end"))
        }
        let signature = key.signature
        return Score(ticksPerQuarter: tpq, parts: [Part(name: "Loops", notes: notes, texts: texts)],
                     tempoChanges: [TempoChange(tick: 0, bpm: tempo)],
                     timeSignatures: [TimeSignature(tick: 0, numerator: meter.numerator, denominator: meter.denominator)],
                     keySignatures: kind == .melody && writesKeySignature ? [KeySignature(tick: 0, sharpsFlats: signature.sharpsFlats, minor: signature.minor)] : [])
    }

    /// Each item alone as a one-loop score (for a picture of a grid cell).
    public func cellScores(ticksPerQuarter: Int = 480) -> [Score] {
        items.map {
            LoopSequence(kind: kind, items: [$0], meter: meter, tempo: tempo, key: key, reference: reference, writesKeySignature: writesKeySignature)
                .score(ticksPerQuarter: ticksPerQuarter, endMarker: false)
        }
    }
}
