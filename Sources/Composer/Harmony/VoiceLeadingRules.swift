import ModelKit
import Representations
import Music

/// The four voices of a chorale, top down.
public enum Voice: Int, CaseIterable, Sendable, Codable {
    case soprano, alto, tenor, bass

    /// The voice's capitalized name, e.g. "Soprano".
    public var name: String { ["Soprano", "Alto", "Tenor", "Bass"][rawValue] }

    /// The usual choral range of the voice taught in harmony textbooks, MIDI notes: soprano C4-G5
    /// (60-79), alto G3-D5 (55-74), tenor C3-G4 (48-67), bass E2-C4 (40-60).
    public var range: ClosedRange<Int> { [60...79, 55...74, 48...67, 40...60][rawValue] }
}

/// Checks four-part writing against the classic voice-leading rules.
///
/// The voices are read as a sequence of simultaneities: one at every tick where any voice starts a
/// note, giving the pitch each voice sounds there (or a rest). Rules, each counted separately:
/// - parallel fifths / parallel octaves: between two consecutive simultaneities, two voices (any of
///   the six pairs) both move (both sound in both and each changes pitch) and their interval is a
///   perfect fifth (7 semitones mod 12) in both, or an octave/unison (0 mod 12) in both; compound
///   intervals count (a twelfth to a fifth is a parallel fifth). One per pair per step.
/// - voice crossing: at a simultaneity, a voice sounds above the voice next above it (alto above
///   soprano, tenor above alto, bass above tenor). One per adjacent pair per simultaneity.
/// - spacing: soprano-alto or alto-tenor more than an octave (12 semitones) apart. One per pair
///   per simultaneity.
/// - range: a note outside its voice's `Voice.range`. One per note.
public enum VoiceLeadingRules {
    /// Rule-violation counts.
    public struct Violations: Hashable, Sendable, Codable {
        public var parallelFifths = 0
        public var parallelOctaves = 0
        public var voiceCrossing = 0
        public var spacing = 0
        public var range = 0
        public init() {}
        /// All violations of the voice-leading rules proper (parallels, crossing, spacing; not range).
        public var voiceLeading: Int { parallelFifths + parallelOctaves + voiceCrossing + spacing }

        /// The counts of `a` and `b` added rule by rule.
        public static func + (a: Violations, b: Violations) -> Violations {
            var s = a
            s.parallelFifths += b.parallelFifths
            s.parallelOctaves += b.parallelOctaves
            s.voiceCrossing += b.voiceCrossing
            s.spacing += b.spacing
            s.range += b.range
            return s
        }
    }

    /// Counts the violations in four voices.
    /// - Parameters:
    ///   - voices: soprano, alto, tenor, bass (4 lines of notes, ticks; each line monophonic; where
    ///     a line overlaps itself the highest sounding pitch counts).
    ///   - checkRanges: which voices' notes count for the range rule (all by default).
    /// - Precondition: `voices.count == 4`.
    public static func check(_ voices: [[Note]], checkRanges: Set<Voice> = Set(Voice.allCases)) -> Violations {
        precondition(voices.count == 4, "four voices: soprano, alto, tenor, bass")
        var v = Violations()
        for voice in Voice.allCases where checkRanges.contains(voice) {
            v.range += voices[voice.rawValue].filter { !voice.range.contains(Int($0.pitch)) }.count
        }
        let onsets = Set(voices.flatMap { $0.map(\.start) }).sorted()
        let sorted = voices.map { $0.sorted { $0.start < $1.start } }
        var previous: [Int?]?
        for tick in onsets {
            let now = sorted.map { line in line.filter { $0.start <= tick && $0.end > tick }.map { Int($0.pitch) }.max() }
            for upper in 0..<3 {
                if let a = now[upper], let b = now[upper + 1], b > a { v.voiceCrossing += 1 }
            }
            if let s = now[0], let a = now[1], s - a > 12 { v.spacing += 1 }
            if let a = now[1], let t = now[2], a - t > 12 { v.spacing += 1 }
            if let previous {
                let p = parallels(from: previous, to: now)
                v.parallelFifths += p.fifths
                v.parallelOctaves += p.octaves
            }
            previous = now
        }
        return v
    }

    /// Parallel fifths and octaves between two simultaneities (pitches per voice, nil = rest):
    /// pairs of voices that both move and form a fifth (7 mod 12), or an octave/unison (0 mod 12),
    /// both before and after.
    public static func parallels(from before: [Int?], to after: [Int?]) -> (fifths: Int, octaves: Int) {
        var fifths = 0, octaves = 0
        for x in before.indices {
            for y in before.indices where y > x {
                guard let px = before[x], let py = before[y], let nx = after[x], let ny = after[y],
                      px != nx, py != ny else { continue }
                let i = abs(px - py) % 12, j = abs(nx - ny) % 12
                if i == 7 && j == 7 { fifths += 1 }
                if i == 0 && j == 0 { octaves += 1 }
            }
        }
        return (fifths, octaves)
    }
}
