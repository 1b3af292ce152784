import Foundation
import ModelKit
import SMF

/// Generated piano material for training Piano Scribe, beside the corpus's pieces (which are
/// chorales and lead sheets, nearly all at velocity 90 in the middle of the keyboard): seeded
/// pieces of textures that are hard to hear and rare in the corpus. Each piece is a run of
/// segments of 2-7 s, each one of:
/// - **repeated chords**: 2-5 keys within 7-19 semitones, struck again and again (legato, so a
///   key's next note starts on the tick its last one ends, or detached), sometimes changing;
/// - **repeated notes**: one key, or two alternating, struck 0.09-0.5 s apart;
/// - **runs**: scales (major, minor, chromatic) and arpeggios, 0.06-0.25 s a note, overlapping,
///   sometimes over a held bass note;
/// - **clouds**: keys anywhere in a register (or the whole keyboard) at random times, lengths
///   from 0.05 to 2 s;
/// - **melody over chords**: a held chord in the left hand, struck again, under a right-hand line.
///
/// Velocities vary per segment (a level from 25 to 120) and per note (+-15), keys cover the
/// whole piano (21-108). The file (format 0, 480 ticks per quarter, 120 bpm, so 960 ticks per
/// second) never has two notes of one key at once, and at a tick where a key ends and starts
/// again the note-off comes first, so the labels are exactly what FluidSynth plays.
///
/// **Pedalled** pieces (`pedalName(index:)`, drawn from another stream of the seed) play about
/// half of their segments with the sustain pedal (controller 64): down 30 ms into the segment,
/// lifted and pressed again 50-150 ms later every 0.8-2.5 s (as a pianist changes pedal), up at
/// the segment's end; their notes are held for 30-70% of their length, so the pedal is what
/// sustains them (the labels apply it, `PianoPerformance.labelNotes`).
package enum GeneratedPianoPieces {
    /// The folder of a training set (`--data`) that holds the generated files, and the prefix of
    /// their names in its index (`generated/gen-0001.mid`).
    package static let folder = "generated"

    /// Whether `source` (a training set's piece source or render name) is a generated piece.
    package static func isGenerated(_ source: String) -> Bool { source.hasPrefix(folder + "/") }

    /// The name of piece `index` (0-based) in a training set: `generated/gen-0001.mid` for 0.
    package static func name(index: Int) -> String { name("gen", index) }

    /// The name of pedalled piece `index` (0-based): `generated/pedal-0001.mid` for 0.
    package static func pedalName(index: Int) -> String { name("pedal", index) }

    private static func name(_ stem: String, _ index: Int) -> String {
        let digits = String(index + 1)
        return folder + "/" + stem + "-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".mid"
    }

    /// Ticks per second of the generated files (480 per quarter at 120 bpm).
    package static let ticksPerSecond = 960.0

    /// A note of a generated piece, in seconds.
    package struct Note: Sendable, Hashable {
        package var pitch: Int
        package var onset: Double
        package var offset: Double
        package var velocity: Int
    }

    /// The notes of piece `index` drawn from `seed`, about `seconds` long (the last segment
    /// may end up to 7 s later), sorted by onset then pitch, no two of one key overlapping.
    package static func notes(index: Int, seed: UInt64, seconds: Double) -> [Note] {
        piece(index: index, seed: seed, seconds: seconds, pedalled: false).notes
    }

    /// The sustain pedal of a piece: down at `down` seconds, up at `up`.
    package struct PedalPress: Sendable, Hashable {
        package var down: Double
        package var up: Double
    }

    /// Piece `index`'s notes (as `notes`) and, for a pedalled piece, its pedal presses in order.
    package static func piece(index: Int, seed: UInt64, seconds: Double, pedalled: Bool) -> (notes: [Note], pedal: [PedalPress]) {
        let stream: UInt64 = pedalled ? 0x5EED_0F_9EDA1 : 0
        var rng = SeededGenerator(seed: (seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: index + 1)) ^ stream)
        var notes: [Note] = [], pedal: [PedalPress] = []
        var t = 0.25
        while t < seconds {
            let length = uniform(&rng, 2, 7)
            let level = uniform(&rng, 25, 120)
            let centre = Int(uniform(&rng, 33, 92))
            var segment: [Note]
            switch rng.next() % 5 {
            case 0: segment = repeatedChords(&rng, start: t, length: length, centre: centre, level: level)
            case 1: segment = repeatedNotes(&rng, start: t, length: length, centre: centre, level: level)
            case 2: segment = runs(&rng, start: t, length: length, centre: centre, level: level)
            case 3: segment = cloud(&rng, start: t, length: length, centre: centre, level: level)
            default: segment = melodyOverChords(&rng, start: t, length: length, level: level)
            }
            segment = segment.filter { (21...108).contains($0.pitch) && $0.offset > $0.onset }
            if pedalled && rng.next() % 2 == 0 {
                for i in segment.indices { segment[i].offset = segment[i].onset + (segment[i].offset - segment[i].onset) * uniform(&rng, 0.3, 0.7) }
                let end = t + length
                var down = t + 0.03
                while down < end {
                    let up = min(down + uniform(&rng, 0.8, 2.5), end)
                    pedal.append(PedalPress(down: down, up: up))
                    down = up + uniform(&rng, 0.05, 0.15)
                }
            }
            notes += segment
            t += length + (rng.next() % 3 == 0 ? uniform(&rng, 0.1, 1.0) : 0)
        }
        return (separated(notes), pedal)
    }

    /// Piece `index` as a format 0 MIDI file on channel 1 (program 0), named `generated NNNN`
    /// (`generated pedal NNNN` when `pedalled`, with its pedal as controller 64, 127 down and 0 up).
    package static func file(index: Int, seed: UInt64, seconds: Double, pedalled: Bool = false) -> MIDIFile {
        let (notes, pedal) = piece(index: index, seed: seed, seconds: seconds, pedalled: pedalled)
        // (tick, kind, pitch or controller value, velocity): at a tick, note-offs (0) first, then
        // the pedal (1: up, 2: down), then note-ons (3).
        var events: [(tick: Int, kind: Int, value: Int, velocity: Int)] = []
        for n in notes {
            events.append((Int((n.onset * ticksPerSecond).rounded()), 3, n.pitch, n.velocity))
            events.append((Int((n.offset * ticksPerSecond).rounded()), 0, n.pitch, 0))
        }
        for p in pedal {
            events.append((Int((p.down * ticksPerSecond).rounded()), 2, 127, 0))
            events.append((Int((p.up * ticksPerSecond).rounded()), 1, 0, 0))
        }
        events.sort { ($0.tick, $0.kind, $0.value) < ($1.tick, $1.kind, $1.value) }
        var track: [TrackEvent] = [
            TrackEvent(delta: 0, event: .meta(.text(.trackName, Array((pedalled ? "generated pedal \(index)" : "generated \(index)").utf8)))),
            TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: 500_000))),
            TrackEvent(delta: 0, event: .channel(.programChange(channel: 0, program: 0))),
        ]
        var last = 0
        for e in events {
            let delta = UInt32(e.tick - last)
            last = e.tick
            let message: ChannelMessage
            switch e.kind {
            case 3: message = .noteOn(channel: 0, note: UInt8(e.value), velocity: UInt8(e.velocity))
            case 0: message = .noteOff(channel: 0, note: UInt8(e.value), velocity: 64)
            default: message = .controlChange(channel: 0, controller: 64, value: UInt8(e.value))
            }
            track.append(TrackEvent(delta: delta, event: .channel(message)))
        }
        track.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        return MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480), tracks: [Track(events: track)])
    }

    /// Notes on the tick grid, a key's note cut where its next note starts, zero-length notes
    /// dropped; sorted by onset, then pitch.
    static func separated(_ notes: [Note]) -> [Note] {
        let grid = { (s: Double) in (s * ticksPerSecond).rounded() / ticksPerSecond }
        var byKey: [Int: [Note]] = [:]
        for n in notes {
            byKey[n.pitch, default: []].append(Note(pitch: n.pitch, onset: grid(n.onset), offset: grid(n.offset), velocity: n.velocity))
        }
        var out: [Note] = []
        for (_, list) in byKey {
            let sorted = list.sorted { ($0.onset, $0.offset) < ($1.onset, $1.offset) }
            for (i, n) in sorted.enumerated() {
                var n = n
                if i + 1 < sorted.count { n.offset = min(n.offset, sorted[i + 1].onset) }
                if n.offset > n.onset { out.append(n) }
            }
        }
        return out.sorted { ($0.onset, $0.pitch) < ($1.onset, $1.pitch) }
    }

    // MARK: - Segments

    static func uniform(_ rng: inout SeededGenerator, _ lo: Double, _ hi: Double) -> Double { lo + rng.nextUnitDouble() * (hi - lo) }

    static func velocity(_ rng: inout SeededGenerator, _ level: Double) -> Int {
        min(max(Int((level + uniform(&rng, -15, 15)).rounded()), 1), 127)
    }

    /// `count` distinct keys within `span` semitones above `low`.
    static func chord(_ rng: inout SeededGenerator, low: Int, span: Int, count: Int) -> [Int] {
        var keys: Set<Int> = [low]
        while keys.count < min(count, span + 1) { keys.insert(low + Int(rng.next() % UInt64(span + 1))) }
        return keys.sorted()
    }

    static func repeatedChords(_ rng: inout SeededGenerator, start: Double, length: Double, centre: Int, level: Double) -> [Note] {
        let span = 7 + Int(rng.next() % 13), count = 2 + Int(rng.next() % 4)
        let gap = uniform(&rng, 0.15, 0.8), legato = rng.next() % 2 == 0
        var keys = chord(&rng, low: centre - span / 2, span: span, count: count)
        var out: [Note] = [], t = start
        while t < start + length {
            let hold = legato ? gap : gap * uniform(&rng, 0.3, 0.9)
            for k in keys { out.append(Note(pitch: k, onset: t, offset: t + hold, velocity: velocity(&rng, level))) }
            t += gap
            if rng.next() % 4 == 0 { keys = chord(&rng, low: centre - span / 2 + Int(rng.next() % 7) - 3, span: span, count: count) }
        }
        return out
    }

    static func repeatedNotes(_ rng: inout SeededGenerator, start: Double, length: Double, centre: Int, level: Double) -> [Note] {
        let gap = uniform(&rng, 0.09, 0.5), legato = rng.next() % 2 == 0
        let keys = rng.next() % 2 == 0 ? [centre] : [centre, centre + 1 + Int(rng.next() % 12)]
        var out: [Note] = [], t = start, i = 0
        while t < start + length {
            let hold = legato ? gap * Double(keys.count) : gap * uniform(&rng, 0.3, 0.9)
            out.append(Note(pitch: keys[i % keys.count], onset: t, offset: t + hold, velocity: velocity(&rng, level)))
            t += gap
            i += 1
        }
        return out
    }

    static func runs(_ rng: inout SeededGenerator, start: Double, length: Double, centre: Int, level: Double) -> [Note] {
        let steps: [[Int]] = [[2, 2, 1, 2, 2, 2, 1], [2, 1, 2, 2, 1, 2, 2], [1], [4, 3, 5], [3, 4, 5], [3, 3, 3, 3]]
        let pattern = steps[Int(rng.next() % UInt64(steps.count))]
        let gap = uniform(&rng, 0.06, 0.25), overlap = uniform(&rng, 0.8, 2.5)
        var out: [Note] = [], t = start, key = centre - 12 + Int(rng.next() % 12), up = rng.next() % 2 == 0, i = 0
        if rng.next() % 2 == 0 {
            out.append(Note(pitch: key - 12 - Int(rng.next() % 12), onset: start, offset: start + length, velocity: velocity(&rng, level)))
        }
        while t < start + length {
            out.append(Note(pitch: key, onset: t, offset: t + gap * overlap, velocity: velocity(&rng, level)))
            let step = pattern[i % pattern.count]
            key += up ? step : -step
            if key > centre + 18 { up = false } else if key < centre - 18 { up = true }
            t += gap
            i += 1
        }
        return out
    }

    static func cloud(_ rng: inout SeededGenerator, start: Double, length: Double, centre: Int, level: Double) -> [Note] {
        let rate = uniform(&rng, 3, 14), wide = rng.next() % 4 == 0
        var out: [Note] = [], t = start
        while true {
            t += -log(max(rng.nextUnitDouble(), 1e-9)) / rate
            guard t < start + length else { break }
            let key = wide ? 21 + Int(rng.next() % 88) : centre - 18 + Int(rng.next() % 37)
            let hold = 0.05 * pow(40, rng.nextUnitDouble())
            out.append(Note(pitch: key, onset: t, offset: t + hold, velocity: velocity(&rng, level)))
        }
        return out
    }

    static func melodyOverChords(_ rng: inout SeededGenerator, start: Double, length: Double, level: Double) -> [Note] {
        let low = 36 + Int(rng.next() % 19), high = 60 + Int(rng.next() % 22)
        let chordLength = uniform(&rng, 0.5, 2.0), gap = uniform(&rng, 0.12, 0.6)
        var out: [Note] = [], t = start
        while t < start + length {
            let keys = chord(&rng, low: low + Int(rng.next() % 5), span: 12, count: 3)
            for k in keys { out.append(Note(pitch: k, onset: t, offset: t + chordLength, velocity: velocity(&rng, level - 15))) }
            t += chordLength
        }
        t = start
        var key = high
        while t < start + length {
            let hold = gap * uniform(&rng, 0.5, 1.5)
            out.append(Note(pitch: key, onset: t, offset: t + hold, velocity: velocity(&rng, level + 10)))
            key = min(max(key + Int(rng.next() % 11) - 5, high - 12), high + 12)
            t += gap * (rng.next() % 3 == 0 ? 2 : 1)
        }
        return out
    }
}
