import ModelKit
import Music

/// Magenta's melody-RNN event encoding: one event per 16th-note step.
///
/// At every step of a melody exactly one event happens:
/// - `noteOn(offset)`: a note starts (ending any sounding note), `offset` semitones from the key's
///   reference tonic (MIDI `60 + key.tonic`, as in `MelodyEncoding`), in `MelodyToken.offsetRange`
///   (-12...24, 37 pitches; pitches outside are folded in by octaves);
/// - `noteOff`: the sounding note stops, silence begins;
/// - `noEvent`: whatever sounds (a note or silence) goes on.
///
/// Class ids (`id`, `init(id:)`): `noEvent` = 0, `noteOff` = 1, `noteOn(o)` = 2 + (o + 12), so
/// `classCount` = 39 (Magenta's `basic_rnn` has 38: 36 absolute MIDI pitches 48-83 plus the same
/// two; ours are relative to the tonic, one octave below to two above).
///
/// A tune's events (`StepEventEncoding.events(of:)`) cover its steps `0 ..< tune.steps` (from the
/// first note's onset to the end of the last token); the first is always a note-on. Like
/// Magenta's, the encoding has no end event: the last note's end is not encoded.
public enum StepEvent: Hashable, Sendable, CustomStringConvertible {
    case noEvent
    case noteOff
    case noteOn(offset: Int)

    /// Number of event classes: no-event, note-off, 37 note-ons.
    public static let classCount = 2 + MelodyToken.offsetRange.count

    /// Dense class id, 0 ..< `classCount`.
    public var id: Int {
        switch self {
        case .noEvent: return 0
        case .noteOff: return 1
        case .noteOn(let o):
            precondition(MelodyToken.offsetRange.contains(o), "offset \(o) out of range")
            return 2 + o - MelodyToken.offsetRange.lowerBound
        }
    }

    public init?(id: Int) {
        switch id {
        case 0: self = .noEvent
        case 1: self = .noteOff
        case 2..<StepEvent.classCount: self = .noteOn(offset: id - 2 + MelodyToken.offsetRange.lowerBound)
        default: return nil
        }
    }

    /// `.` no-event, `-` note-off, the offset for a note-on.
    public var description: String {
        switch self {
        case .noEvent: return "."
        case .noteOff: return "-"
        case .noteOn(let o): return "\(o)"
        }
    }
}

/// Conversions between tokens / grid melodies and per-step events.
public enum StepEventEncoding {
    /// The step events of a token sequence (without `begin`/`end`): one per step of the tokens'
    /// total length. A note token gives a note-on then `steps - 1` no-events; a rest gives a
    /// note-off at its first step when it follows a note (else a no-event), then no-events. So a
    /// note longer than `MelodyToken.maxSteps`, encoded as a note and a rest, becomes a note of
    /// `maxSteps` steps then silence: exactly the melody `MelodyEncoding.melody(of:)` decodes.
    public static func events(of tokens: [MelodyToken]) -> [StepEvent] {
        var events: [StepEvent] = []
        var sounding = false
        for t in tokens {
            switch t {
            case .note(let o, let s):
                events.append(.noteOn(offset: o))
                events.append(contentsOf: repeatElement(.noEvent, count: s - 1))
                sounding = true
            case .rest(let s):
                events.append(sounding ? .noteOff : .noEvent)
                events.append(contentsOf: repeatElement(.noEvent, count: s - 1))
                sounding = false
            case .begin, .end:
                break
            }
        }
        return events
    }

    /// The step events of a tune's tokens (`tune.steps` events).
    public static func events(of tune: EncodedTune) -> [StepEvent] { events(of: tune.tokens) }

    /// The melody of a step-event sequence, starting at step `start`, pitches `reference + offset`
    /// (clamped to MIDI 0-127). A note lasts until the next note-on or note-off, or to the end of
    /// the sequence. Leading no-events and note-offs are silence.
    public static func melody(of events: [StepEvent], reference: Int, start: Int = 0) -> GridMelody {
        var notes: [GridNote] = []
        var current: GridNote?
        for (i, e) in events.enumerated() {
            switch e {
            case .noEvent: continue
            case .noteOff:
                if var c = current { c.steps = start + i - c.start; notes.append(c); current = nil }
            case .noteOn(let o):
                if var c = current { c.steps = start + i - c.start; notes.append(c) }
                current = GridNote(pitch: min(max(reference + o, 0), 127), start: start + i, steps: 1)
            }
        }
        if var c = current { c.steps = start + events.count - c.start; notes.append(c) }
        return GridMelody(notes: notes)
    }

    /// Tokens of a step-event sequence (in key with reference `60 + key.tonic`): the melody of the
    /// events, encoded by `MelodyEncoding.tokens(of:key:)`, plus a trailing rest when the events
    /// end in silence. Inverse of `events(of:)` for token sequences as `MelodyEncoding` writes them.
    public static func tokens(of events: [StepEvent], key: Key) -> [MelodyToken] {
        let reference = MelodyEncoding.referencePitch(for: key)
        let melody = melody(of: events, reference: reference)
        var tokens = MelodyEncoding.tokens(of: melody, key: key)
        var tail = events.count - melody.endStep
        while tail > 0 && !melody.notes.isEmpty {
            let s = min(tail, MelodyToken.maxSteps)
            tokens.append(.rest(steps: s))
            tail -= s
        }
        return tokens
    }
}
