import ModelKit
import Music

/// A melody cut into harmony slots, in key-relative terms, with the chord of each slot when known:
/// what the chord model trains on and decodes.
package struct HarmonyExample: Sendable {
    /// A label: the file path relative to its corpus folder, or any text.
    package var name: String
    /// The key everything is relative to.
    package var key: Key
    package var slots: [HarmonySlot]
    /// Per slot, 12 weights: how much each pitch class, in semitones above the key's tonic, sounds
    /// in the melody during the slot (`MelodyObservation.weights`).
    package var observations: [[Double]]
    /// Per slot, the chord with its root relative to the key's tonic (C = tonic) and its quality
    /// reduced to its family (`ChordSymbol.reduced`); nil where unknown (no chord yet, or not
    /// labelled). Empty for a melody to harmonize.
    package var chords: [ChordSymbol?]

    package init(name: String, key: Key, slots: [HarmonySlot], observations: [[Double]], chords: [ChordSymbol?] = []) {
        self.name = name
        self.key = key
        self.slots = slots
        self.observations = observations
        self.chords = chords
    }

    /// A melody to harmonize: its slots on `grid` up to the melody's last note end, and the
    /// observations of `melody` in each.
    package init(name: String, melody: [Note], key: Key, timeSignatures: [TimeSignature], ticksPerQuarter: Int,
                grid: HarmonySlot.Grid) {
        let slots = HarmonySlot.slots(timeSignatures: timeSignatures, ticksPerQuarter: ticksPerQuarter,
                                      endTick: melody.map(\.end).max() ?? 0, grid: grid)
        self.init(name: name, key: key, slots: slots, observations: MelodyObservation.weights(of: melody, in: slots, tonic: key.tonic))
    }
}

/// What the chord model sees of the melody in a slot.
package enum MelodyObservation {
    /// Extra weight of a note sounding at the start of a beat of the slot.
    package static let onsetWeight = 0.5
    /// Further extra weight of the note sounding at the bar line (the slot starts a bar).
    ///
    /// `onsetWeight` and `downbeatWeight` were chosen on an inner split of the lead sheets'
    /// training tunes (10% of them, seed 7; never the evaluation's held-out tunes): without the
    /// beat weights root accuracy per beat fell from 65% to 50% (1 chord per bar) and from 73% to
    /// 66% (2 per bar); the downbeat weight 1.0 raised them to 66% and 76%; larger beat weights
    /// and a separate table for beat notes did no better.
    package static let downbeatWeight = 1.0

    /// Per slot, 12 weights indexed by pitch class above `tonic`: each note adds the fraction of
    /// the slot it covers, plus `onsetWeight` for each beat of the slot at whose start it sounds
    /// (beat notes are mostly chord tones), plus `downbeatWeight` if it sounds at the start of a
    /// slot that starts a bar. All zero in a slot where the melody rests.
    /// - Parameter notes: melody notes (ticks); any order.
    package static func weights(of notes: [Note], in slots: [HarmonySlot], tonic: Int) -> [[Double]] {
        let sorted = notes.sorted { $0.start < $1.start }
        var result: [[Double]] = []
        result.reserveCapacity(slots.count)
        let longest = sorted.map(\.duration).max() ?? 0
        var first = 0
        for slot in slots {
            var w = [Double](repeating: 0, count: 12)
            // Notes starting `longest` ticks or more before the slot have ended.
            while first < sorted.count && sorted[first].start + longest <= slot.start { first += 1 }
            var i = first
            let length = Double(max(slot.end - slot.start, 1))
            while i < sorted.count && sorted[i].start < slot.end {
                let n = sorted[i]
                let overlap = min(n.end, slot.end) - max(n.start, slot.start)
                if overlap > 0 {
                    let pc = ((Int(n.pitch) - tonic) % 12 + 12) % 12
                    w[pc] += Double(overlap) / length
                    if slot.isBarStart && n.start <= slot.start && n.end > slot.start { w[pc] += downbeatWeight }
                    var beat = slot.start
                    while beat < slot.end {
                        if n.start <= beat && n.end > beat { w[pc] += onsetWeight }
                        beat += slot.beatTicks
                    }
                }
                i += 1
            }
            result.append(w)
        }
        return result
    }
}
