import ModelKit
import Music

/// A 2-bar melody loop on the 16th-note grid in our key-relative step encoding (`StepEvent`):
/// one event per step, `2 x meter.stepsPerBar` steps (32 in 4/4, 24 in 3/4 and 6/8, 16 in 2/4;
/// MusicVAE's 2-bar models, Roberts et al. 2018, know only 32 steps of 4/4). Note-on offsets are
/// semitones from the reference tonic (`MelodyEncoding.referencePitch`), so a loop in any key
/// encodes alike. The first event of a loop is never a no-event under a sounding note: a note
/// held into the window is struck again at its first step, so the loop sounds alone.
public struct MelodyLoop: Hashable, Sendable {
    /// Bars per loop.
    public static let bars = 2

    /// One class id (`StepEvent.id`, 0 ..< `StepEvent.classCount`) per step.
    public var events: [Int32]
    /// The meter whose two bars the loop spans.
    public var meter: Meter

    public init(events: [Int32], meter: Meter) {
        self.events = events
        self.meter = meter
    }

    /// Steps in a loop of `meter`: `bars x meter.stepsPerBar`.
    public static func steps(in meter: Meter) -> Int { bars * meter.stepsPerBar }

    /// Notes (note-on events) in the loop.
    public var noteCount: Int { events.filter { $0 >= 2 }.count }

    /// The loop's notes as a grid melody from step `start`, pitches `reference + offset` (a note
    /// lasts to the next note-on or note-off, or to the loop's end).
    public func melody(reference: Int, start: Int = 0) -> GridMelody {
        StepEventEncoding.melody(of: events.map { StepEvent(id: Int($0)) ?? .noEvent }, reference: reference, start: start)
    }

    /// The loops of a training tune: every 2-bar window starting on a bar line, `hopBars` bars
    /// apart, whose events hold at least `minimumNotes` note-ons, with its offsets moved by each
    /// of `shifts` semitones (augmentation; a shifted window with an offset outside
    /// `MelodyToken.offsetRange` is left out, never folded).
    ///
    /// Bar lines come from the tune's meter and the bar position of its first note
    /// (`EncodedTune.startPosition`); a pickup before the first bar line is not a window.
    public static func windows(of tune: EncodedTune, shifts: [Int] = [0], hopBars: Int = 1, minimumNotes: Int = 2) -> [MelodyLoop] {
        let events = StepEventEncoding.events(of: tune)
        let bar = tune.meter.stepsPerBar, length = bars * bar
        var loops: [MelodyLoop] = []
        var start = (bar - tune.startPosition % bar) % bar
        while start + length <= events.count {
            var window = Array(events[start ..< start + length])
            if window[0] == .noEvent, let held = soundingNote(before: start, in: events) { window[0] = .noteOn(offset: held) }
            let ons = window.compactMap { e -> Int? in if case .noteOn(let o) = e { return o } else { return nil } }
            if ons.count >= minimumNotes {
                for shift in shifts where ons.allSatisfy({ MelodyToken.offsetRange.contains($0 + shift) }) {
                    let ids = window.map { e -> Int32 in
                        if case .noteOn(let o) = e { return Int32(StepEvent.noteOn(offset: o + shift).id) }
                        return Int32(e.id)
                    }
                    loops.append(MelodyLoop(events: ids, meter: tune.meter))
                }
            }
            start += hopBars * bar
        }
        return loops
    }

    /// The offset of the note sounding at step `index` of `events` (struck before it and not
    /// stopped), if any.
    static func soundingNote(before index: Int, in events: [StepEvent]) -> Int? {
        var i = index - 1
        while i >= 0 {
            switch events[i] {
            case .noEvent: i -= 1
            case .noteOff: return nil
            case .noteOn(let o): return o
            }
        }
        return nil
    }
}
