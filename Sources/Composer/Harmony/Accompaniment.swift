import ModelKit
import Representations
import Music

/// Accompaniment patterns that play a chord per harmony slot.
///
/// Chords sit below a melody: the chord tones in close root position from the root in octave 3
/// (MIDI 48-59) up, the bass note the root in octave 2 (MIDI 36-47).
public enum Accompaniment {
    public enum Style: String, CaseIterable, Sendable {
        /// The bass note and the chord struck together and held for the whole slot.
        case block
        /// The chord broken in eighth notes, up and down: root, third, fifth, (seventh or octave), fifth, third ...
        case arpeggio
        /// Bass note on the slot's first pulse (a unit of the time signature's denominator), the
        /// chord on each other pulse: oom-pah-pah in 3/4, oom-pah-pah twice a bar in 6/8.
        case waltz
        /// A bass line: the root for the first half of the slot, the fifth below for the second
        /// half when the slot is two pulses or longer.
        case bass
    }

    /// The notes of `style` for one chord per slot.
    /// - Parameters:
    ///   - chords: absolute chords, one per slot.
    ///   - ticksPerQuarter: PPQN of the score (for the arpeggio's eighth notes).
    ///   - channel: MIDI channel 0-15 of the notes.
    ///   - velocity: note-on velocity 1-127.
    public static func notes(chords: [ChordSymbol], slots: [HarmonySlot], style: Style, ticksPerQuarter: Int,
                             channel: UInt8 = 1, velocity: UInt8 = 70) -> [Note] {
        var notes: [Note] = []
        /// Adds a note `softer` velocity steps below `velocity` (at least 1).
        func add(_ pitch: Int, _ start: Int, _ end: Int, softer: Int = 0) {
            guard end > start else { return }
            let v = UInt8(max(1, Int(velocity) - softer))
            notes.append(Note(pitch: UInt8(pitch), velocity: v, channel: channel, start: start, duration: end - start))
        }
        for (slot, chord) in zip(slots, chords) {
            let root = 48 + chord.root
            let tones = chord.quality.intervals.map { root + $0 }
            let bass = 36 + chord.root
            switch style {
            case .block:
                for p in [bass] + tones { add(p, slot.start, slot.end) }
            case .arpeggio:
                let top = tones.count > 3 ? tones[3] : root + 12
                let cycle = [tones[0], tones[1], tones[2], top, tones[2], tones[1]]
                let step = max(1, ticksPerQuarter / 2)
                var tick = slot.start, i = 0
                while tick < slot.end {
                    add(cycle[i % cycle.count], tick, min(tick + step, slot.end), softer: i == 0 ? 0 : 8)
                    tick += step
                    i += 1
                }
            case .waltz:
                var tick = slot.start, first = true
                while tick < slot.end {
                    let end = min(tick + slot.unitTicks, slot.end)
                    if first { add(bass, tick, end) } else { for p in tones { add(p, tick, end, softer: 10) } }
                    tick = end
                    first = false
                }
            case .bass:
                let length = slot.end - slot.start
                if length >= 2 * slot.unitTicks {
                    let half = slot.start + (length / 2 / slot.unitTicks) * slot.unitTicks
                    add(bass, slot.start, half)
                    add(bass - 5, half, slot.end, softer: 8)
                } else {
                    add(bass, slot.start, slot.end)
                }
            }
        }
        return notes
    }
}
