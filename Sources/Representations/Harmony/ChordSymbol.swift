import ModelKit
import Music

/// A chord symbol as a lead sheet writes it: a root pitch class and a quality, e.g. "G", "Em",
/// "A7", "F#dim". No inversion: the bass note is not part of the symbol.
public struct ChordSymbol: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Chord qualities, each with its intervals above the root in semitones.
    public enum Quality: String, Hashable, Sendable, Codable, CaseIterable {
        case major, minor, dominant7, diminished, augmented, minor7, major7, sixth, minorSixth, halfDiminished7,
             diminished7, suspended4

        /// Semitones above the root of the chord tones, root first.
        public var intervals: [Int] {
            switch self {
            case .major: return [0, 4, 7]
            case .minor: return [0, 3, 7]
            case .dominant7: return [0, 4, 7, 10]
            case .diminished: return [0, 3, 6]
            case .augmented: return [0, 4, 8]
            case .minor7: return [0, 3, 7, 10]
            case .major7: return [0, 4, 7, 11]
            case .sixth: return [0, 4, 7, 9]
            case .minorSixth: return [0, 3, 7, 9]
            case .halfDiminished7: return [0, 3, 6, 10]
            case .diminished7: return [0, 3, 6, 9]
            case .suspended4: return [0, 5, 7]
            }
        }

        /// The suffix after the root name: "" (major), "m", "7", "dim", "aug", "m7", "maj7", "6",
        /// "m6", "m7b5", "dim7", "sus4".
        public var suffix: String {
            switch self {
            case .major: return ""
            case .minor: return "m"
            case .dominant7: return "7"
            case .diminished: return "dim"
            case .augmented: return "aug"
            case .minor7: return "m7"
            case .major7: return "maj7"
            case .sixth: return "6"
            case .minorSixth: return "m6"
            case .halfDiminished7: return "m7b5"
            case .diminished7: return "dim7"
            case .suspended4: return "sus4"
            }
        }

        /// The family the harmony models work with: major (major, augmented, major 7th, 6th, sus4),
        /// minor (minor, minor 7th, minor 6th), dominant 7th, diminished (diminished, half- and
        /// fully diminished 7th).
        public var family: Quality {
            switch self {
            case .major, .augmented, .major7, .sixth, .suspended4: return .major
            case .minor, .minor7, .minorSixth: return .minor
            case .dominant7: return .dominant7
            case .diminished, .halfDiminished7, .diminished7: return .diminished
            }
        }

        /// The four families, in the order of `ChordSymbol.familyIndex`.
        public static let families: [Quality] = [.major, .minor, .dominant7, .diminished]
    }

    /// Pitch class of the root, 0-11 (C = 0).
    public var root: Int
    public var quality: Quality

    public init(root: Int, quality: Quality) {
        self.root = ((root % 12) + 12) % 12
        self.quality = quality
    }

    /// Parses "G", "Em", "A7", "Bbmaj7", "F#dim", "Dm7b5": a root name (letter with # or b) then a
    /// quality suffix. Nil for anything else.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        var rootEnd = text.index(after: text.startIndex)
        while rootEnd < text.endIndex, text[rootEnd] == "#" || text[rootEnd] == "b" {
            // "Bb" is a root; in "Bbm" the b belongs to the root, never to a suffix ("b" starts none).
            rootEnd = text.index(after: rootEnd)
        }
        guard let pc = PitchName.pitchClass(of: String(text[..<rootEnd])),
              let quality = Quality.allCases.first(where: { $0.suffix == String(text[rootEnd...]) }) else { return nil }
        self.init(root: pc, quality: quality)
    }

    /// The chord's pitch classes, root first.
    public var pitchClasses: [Int] { quality.intervals.map { (root + $0) % 12 } }

    /// The same root with the quality reduced to its family (`Quality.family`).
    public var reduced: ChordSymbol { ChordSymbol(root: root, quality: quality.family) }

    /// Transposed by `semitones` (any sign).
    public func transposed(by semitones: Int) -> ChordSymbol { ChordSymbol(root: root + semitones, quality: quality) }

    /// The name with sharps: "F#m", "A7".
    public var description: String { name(flats: false) }

    /// The name with flat (`flats`) or sharp root names: "Bb7" / "A#7".
    public func name(flats: Bool) -> String {
        let names = flats ? ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
                          : ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
        return names[root] + quality.suffix
    }

    /// The name spelled for `key`, by scale degree: the tonic as `Key.description` names it, a
    /// root in the key's scale with the scale's letter (Bb in F major, F# in D major, C# for the
    /// raised 7th of D minor); a chromatic root as the raised degree below it when the chord is
    /// diminished or the root is the raised 4th (C#dim, F#dim in C), else as the lowered degree
    /// above it (Eb, Ab, Bb in C major; Db).
    public func name(in key: Key) -> String {
        let letters = ["C", "D", "E", "F", "G", "A", "B"]
        let naturals = [0, 2, 4, 5, 7, 9, 11]
        let tonicName = String(key.description.prefix { $0 != " " })
        let tonicLetter = letters.firstIndex(of: String(tonicName.prefix(1)))!
        let degree = ((root - key.tonic) % 12 + 12) % 12
        let scale = key.mode.scale + (key.mode == .minor ? [9, 11] : [])
        // Letter steps above the tonic's letter for each semitone distance: scale degrees first.
        let diatonicStep = [0: 0, 2: 1, 3: 2, 4: 2, 5: 3, 7: 4, 8: 5, 9: 5, 10: 6, 11: 6]
        let step: Int
        if scale.contains(degree), let s = diatonicStep[degree] {
            step = s
        } else {
            let raised = quality.family == .diminished || degree == 6
            // Raised: the degree a semitone below (letter of degree - 1); lowered: a semitone above.
            let below = [1: 0, 3: 1, 4: 2, 6: 3, 8: 4, 10: 5, 11: 6][degree]
            let above = [1: 1, 3: 2, 4: 2, 6: 4, 8: 5, 10: 6, 11: 6][degree]
            step = (raised ? below : above) ?? diatonicStep[degree] ?? 0
        }
        let letter = (tonicLetter + step) % 7
        var accidental = ((root - naturals[letter]) % 12 + 12) % 12
        if accidental > 6 { accidental -= 12 }
        guard abs(accidental) <= 2 else { return name(flats: key.signature.sharpsFlats < 0) }
        let mark = accidental > 0 ? String(repeating: "#", count: accidental) : String(repeating: "b", count: -accidental)
        return letters[letter] + mark + quality.suffix
    }

    /// Whether every chord tone is in `key` (`Key.contains`: the scale, plus the raised 6th and
    /// 7th in minor).
    public func isDiatonic(in key: Key) -> Bool { pitchClasses.allSatisfy { key.contains(pitchClass: $0) } }

    /// The role of a pitch class in the chord: 0 root, 1 third (or the 4th of sus4), 2 fifth,
    /// 3 seventh (or sixth); nil for a non-chord tone.
    public func role(of pitchClass: Int) -> Int? {
        let interval = ((pitchClass - root) % 12 + 12) % 12
        guard let index = quality.intervals.firstIndex(of: interval) else { return nil }
        return index
    }

    /// Names the chord that best explains a set of pitch classes sounding together.
    ///
    /// Every root in the set and every quality is scored: 2 per chord tone present, -2 per note
    /// of the set outside the chord, -1.5 per chord tone missing, +0.5 when the root is `bass`,
    /// -1 for the 6th chords (which otherwise tie with the 7th chord a third below) and sus4 (which
    /// otherwise ties with a bare fifth); at least two chord tones must be present (one for a
    /// single note, named as a major triad). Ties go to the lower root pitch class, then the
    /// earlier quality in `Quality.allCases`. With `rootIsBass` (lead
    /// sheets voiced in root position) only `bass` is tried as the root, unless no quality has two
    /// of its tones there.
    /// - Parameters:
    ///   - pitchClasses: pitch classes 0-11 (or MIDI notes: taken mod 12).
    ///   - bass: the lowest note's pitch class, if known.
    /// - Returns: nil for an empty set.
    public static func identify(pitchClasses: Set<Int>, bass: Int? = nil, rootIsBass: Bool = false) -> ChordSymbol? {
        let set = Set(pitchClasses.map { (($0 % 12) + 12) % 12 })
        guard !set.isEmpty else { return nil }
        let bassPC = bass.map { (($0 % 12) + 12) % 12 }
        if set.count == 1 { return ChordSymbol(root: set.first!, quality: .major) }
        func best(roots: [Int]) -> ChordSymbol? {
            var found: (chord: ChordSymbol, score: Double)?
            for root in roots {
                for quality in Quality.allCases {
                    let tones = Set(quality.intervals.map { (root + $0) % 12 })
                    let common = tones.intersection(set).count
                    guard common >= 2 else { continue }
                    var score = 2.0 * Double(common) - 2.0 * Double(set.count - common) - 1.5 * Double(tones.count - common)
                    if root == bassPC { score += 0.5 }
                    if quality == .sixth || quality == .minorSixth || quality == .suspended4 { score -= 1 }
                    if found == nil || score > found!.score { found = (ChordSymbol(root: root, quality: quality), score) }
                }
            }
            return found?.chord
        }
        if rootIsBass, let bassPC, set.contains(bassPC), let chord = best(roots: [bassPC]) { return chord }
        return best(roots: set.sorted())
    }
}
