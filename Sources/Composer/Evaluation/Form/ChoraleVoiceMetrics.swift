import Music
import Representations

/// Measures of how the four voices of a chorale move: notes per beat, the longest held pitch,
/// notes off the beat, the bass's intervals, the final bass note, parallel fifths and octaves.
package enum ChoraleVoiceMetrics {
    /// Upper bounds (semitones, inclusive) of the bass interval classes: repeat (0), step (1-2),
    /// third (3-4), fourth or fifth (5-7), sixth to octave (8-12), over an octave (13 and more).
    package static let bassIntervalClasses = [0, 2, 4, 7, 12, Int.max]
    /// The names of `bassIntervalClasses`.
    package static let bassIntervalNames = ["0", "1-2", "3-4", "5-7", "8-12", ">12"]
    /// A pitch held this many beats or more counts as a drone (two bars of 4/4).
    package static let droneBeats = 8.0

    /// The runs of one pitch in a voice: consecutive notes of the same pitch, each starting no
    /// later than the previous one ends (held or re-struck, no rest between), as (first tick,
    /// last tick + 1).
    package static func heldRuns(_ voice: [Note]) -> [(start: Int, end: Int)] {
        var runs: [(start: Int, end: Int, pitch: UInt8)] = []
        for n in voice.sorted(by: { $0.start < $1.start }) {
            if let last = runs.last, last.pitch == n.pitch, n.start <= last.end {
                runs[runs.count - 1].end = max(last.end, n.end)
            } else {
                runs.append((n.start, n.end, n.pitch))
            }
        }
        return runs.map { ($0.start, $0.end) }
    }

    /// The measures of a set of chorales (counts, so that sets add up). Voices are soprano, alto,
    /// tenor, bass (index 0-3).
    package struct Counts: Hashable, Sendable, Codable {
        package var pieces = 0
        /// Beats (`Chorale.beatSlots`: quarter notes in x/4, dotted quarters in 6/8, ...).
        package var beats = 0
        /// Per voice: notes, notes whose onset is not on a beat's first tick, the longest run of one
        /// pitch in beats (`heldRuns`; ticks over the beat length of the bar it starts in), and the
        /// runs of `droneBeats` beats or more.
        package var notes = [0, 0, 0, 0]
        package var offBeat = [0, 0, 0, 0]
        package var longestHeldBeats = [0.0, 0.0, 0.0, 0.0]
        /// Per voice: the longest single note in beats (same beat length).
        package var longestNoteBeats = [0.0, 0.0, 0.0, 0.0]
        package var drones = [0, 0, 0, 0]
        /// Consecutive bass notes by |interval| class (`bassIntervalClasses`).
        package var bassIntervals = [Int](repeating: 0, count: 6)
        /// Pieces whose last bass note (latest onset) is the key's tonic.
        package var finalBassOnTonic = 0
        /// Parallel fifths and octaves (`VoiceLeadingRules.check`).
        package var parallelFifths = 0
        package var parallelOctaves = 0
        package init() {}

        /// Adds a chorale.
        package mutating func add(_ chorale: Chorale) {
            pieces += 1
            let slots = chorale.beatSlots
            beats += slots.count
            let beatStarts = Set(slots.map(\.start))
            let grid = BarGrid(ticksPerQuarter: chorale.ticksPerQuarter, timeSignatures: chorale.timeSignatures, endTick: chorale.endTick)
            for (v, voice) in chorale.voices.prefix(4).enumerated() {
                notes[v] += voice.count
                offBeat[v] += voice.filter { !beatStarts.contains($0.start) }.count
                func beats(_ start: Int, _ end: Int) -> Double {
                    Double(end - start) / Double(grid.bar(containing: start).beatLength(ticksPerQuarter: chorale.ticksPerQuarter))
                }
                for n in voice { longestNoteBeats[v] = max(longestNoteBeats[v], beats(n.start, n.end)) }
                for run in heldRuns(voice) {
                    let length = beats(run.start, run.end)
                    longestHeldBeats[v] = max(longestHeldBeats[v], length)
                    if length >= ChoraleVoiceMetrics.droneBeats { drones[v] += 1 }
                }
            }
            let bass = chorale.voices[3]
            for (a, b) in zip(bass, bass.dropFirst()) {
                let interval = abs(Int(b.pitch) - Int(a.pitch))
                bassIntervals[ChoraleVoiceMetrics.bassIntervalClasses.firstIndex { interval <= $0 }!] += 1
            }
            if let last = bass.max(by: { $0.start < $1.start }), Int(last.pitch) % 12 == chorale.key.tonic { finalBassOnTonic += 1 }
            let v = VoiceLeadingRules.check(chorale.voices, checkRanges: [])
            parallelFifths += v.parallelFifths
            parallelOctaves += v.parallelOctaves
        }

        /// Bass moves (consecutive notes of different pitch) and those over 4 semitones.
        package var bassMoves: Int { bassIntervals.dropFirst().reduce(0, +) }
        package var bassLeapsOverFour: Int { bassIntervals.dropFirst(3).reduce(0, +) }
    }
}
