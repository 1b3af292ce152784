import ModelKit
import Representations
import Music

/// Turns the chord-per-slot pitches the voicing search chose into the notes of alto, tenor and
/// bass, as Bach's lower voices move: non-chord tones fill the second half of a slot, and a voice
/// that keeps its pitch holds it over two slots at most, then sings it again (`tied`):
/// - a passing tone: when a voice moves a third (3 or 4 semitones) between two slots, the step
///   between them (in the key's scale; in minor also the raised sixth and seventh) on the
///   slot's off-beat half (its last eighth in compound meter), with probability
///   `VoicingSettings.passingProbability`;
/// - a neighbour tone: when a voice keeps its pitch into the next slot, the scale step above or
///   below on the off-beat half, with probability `VoicingSettings.neighbourProbability`.
/// An ornament is kept only when the four voices around it (the slot before to the slot after)
/// have no more voice-leading faults (`VoiceLeadingRules`: parallels, crossing, spacing, range)
/// than without it. The search (`VoicingSearch`) already keeps a voice off one pitch for more
/// than `VoicingSettings.droneLimit` slots where it can. The soprano (the given melody) is never
/// changed. Choices use a `SeededGenerator` with a fixed seed: the same input gives the same voices.
package enum VoiceOrnaments {
    /// Slots shorter than this many ticks get no ornament (the half would be too short).
    static let shortestSlot = 120
    static let seed: UInt64 = 0x5A7B

    /// Alto, tenor and bass notes (channel 0) for `chosen` pitches ([slot][alto, tenor, bass]).
    /// - Parameters:
    ///   - soprano: the melody, to check the ornaments against.
    ///   - key: the key whose scale the ornaments take; `nil` writes the chord tones only.
    ///   - velocity: note-on velocity.
    ///   - settings: the chances of the passing and neighbour tones.
    package static func lines(chosen: [[Int]], slots: [HarmonySlot], soprano: [Note], key: Key?, velocity: UInt8,
                              settings: VoicingSettings = .standard) -> [[Note]] {
        var lines: [[Note]] = (0..<3).map { voice in
            slots.indices.map { t in
                Note(pitch: UInt8(chosen[t][voice]), velocity: velocity, channel: 0, start: slots[t].start,
                     duration: slots[t].end - slots[t].start)
            }
        }
        guard let key, slots.count > 1 else { return lines.map(tied) }
        var random = SeededGenerator(seed: seed)
        // lines[voice] holds one note per slot until ornaments split some; index per slot kept.
        var index: [[Int]] = Array(repeating: Array(slots.indices), count: 3)
        for t in 0..<(slots.count - 1) {
            let slot = slots[t]
            guard slot.end - slot.start >= shortestSlot, slots[t + 1].start == slot.end else { continue }
            for voice in [2, 1, 0] {
                let from = chosen[t][voice], to = chosen[t + 1][voice]
                let pitch: Int?
                if (3...4).contains(abs(to - from)) {
                    guard Double.random(in: 0..<1, using: &random) < settings.passingProbability else { continue }
                    pitch = passingTone(from: from, to: to, key: key)
                } else if from == to {
                    guard Double.random(in: 0..<1, using: &random) < settings.neighbourProbability else { continue }
                    pitch = neighbourTone(of: from, above: Bool.random(using: &random), key: key)
                } else {
                    continue
                }
                guard let pitch else { continue }
                let window = (t > 0 ? slots[t - 1].start : slot.start)..<slots[t + 1].end
                let before = faults(lines, soprano: soprano, in: window)
                var trial = lines
                let i = index[voice][t]
                let offset = ornamentOffset(slot)
                trial[voice][i].duration = offset
                trial[voice].insert(Note(pitch: UInt8(pitch), velocity: velocity, channel: 0, start: slot.start + offset,
                                         duration: slot.end - slot.start - offset), at: i + 1)
                let after = faults(trial, soprano: soprano, in: window)
                guard after.parallelFifths + after.parallelOctaves <= before.parallelFifths + before.parallelOctaves,
                      after.voiceLeading + after.range <= before.voiceLeading + before.range else { continue }
                lines = trial
                for s in (t + 1)..<slots.count { index[voice][s] += 1 }
            }
        }
        return lines.map(tied)
    }

    /// `line` with each pitch sung again at the next slot held instead (one note over both), at
    /// most two notes into one; notes that ornaments split are not joined.
    static func tied(_ line: [Note]) -> [Note] {
        var result: [Note] = []
        var joined = false
        for note in line {
            if let last = result.last, !joined, last.pitch == note.pitch, last.end == note.start, last.duration == note.duration {
                result[result.count - 1].duration += note.duration
                joined = true
            } else {
                result.append(note)
                joined = false
            }
        }
        return result
    }

    /// Where in `slot` an ornament starts: its second half, or in compound meter (a beat of three
    /// units, as 6/8's dotted quarter) its last unit.
    static func ornamentOffset(_ slot: HarmonySlot) -> Int {
        let length = slot.end - slot.start
        return length == 3 * slot.unitTicks ? 2 * slot.unitTicks : length / 2
    }

    /// The voice-leading faults of the four voices among the notes that sound in `window`.
    static func faults(_ lower: [[Note]], soprano: [Note], in window: Range<Int>) -> VoiceLeadingRules.Violations {
        let voices = ([soprano] + lower).map { line in line.filter { $0.start < window.upperBound && $0.end > window.lowerBound } }
        return VoiceLeadingRules.check(voices, checkRanges: [.alto, .tenor, .bass])
    }

    /// The pitch classes ornaments may use: the key's scale, and in minor the raised sixth and seventh.
    static func scale(_ key: Key) -> Set<Int> {
        var steps = Set(key.mode.scale)
        if key.mode == .minor { steps.formUnion([9, 11]) }
        return Set(steps.map { ($0 + key.tonic) % 12 })
    }

    /// The step between `from` and `to` a third apart: a pitch one or two semitones from each,
    /// in the key's scale (natural scale first), or nil.
    static func passingTone(from: Int, to: Int, key: Key) -> Int? {
        let direction = to > from ? 1 : -1
        let candidates = [from + direction, from + 2 * direction].filter { (1...2).contains(abs(to - $0)) }
        let natural = Set(key.mode.scale.map { ($0 + key.tonic) % 12 })
        if let pitch = candidates.first(where: { natural.contains($0 % 12) }) { return pitch }
        let extended = scale(key)
        return candidates.first { extended.contains($0 % 12) }
    }

    /// The scale step just above or below `pitch` (one or two semitones away), or nil.
    static func neighbourTone(of pitch: Int, above: Bool, key: Key) -> Int? {
        let natural = Set(key.mode.scale.map { ($0 + key.tonic) % 12 })
        let direction = above ? 1 : -1
        // The lower neighbour of the minor tonic is the leading tone.
        if !above, key.mode == .minor, (pitch - 1 - key.tonic + 120) % 12 == 11 { return pitch - 1 }
        return [pitch + direction, pitch + 2 * direction].first { natural.contains(($0 + 120) % 12) }
    }
}
