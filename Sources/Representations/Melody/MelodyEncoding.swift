import ModelKit
import Music

/// Converts between melodies on the 16th-note grid and token sequences (`MelodyToken`).
///
/// Pitches are encoded relative to a reference tonic: MIDI note `60 + key.tonic` (the tonic in
/// octave 4, C4...B4), so a tune and its transpositions encode alike. Offsets outside
/// `MelodyToken.offsetRange` are folded in by octaves.
package enum MelodyEncoding {
    /// The reference tonic for a key: MIDI note `60 + key.tonic`.
    package static func referencePitch(for key: Key) -> Int { 60 + key.tonic }

    /// The reference pitch for a tune in `key` that starts with a primer of `pitches`: the key's
    /// (`referencePitch(for:)`), or an octave below or above it (tried in that order) when only
    /// then every primer pitch's offset fits `MelodyToken.offsetRange`.
    package static func referencePitch(for key: Key, primerPitches pitches: [Int]) -> Int {
        let reference = referencePitch(for: key)
        guard !pitches.isEmpty else { return reference }
        for shift in [0, -12, 12] where pitches.allSatisfy({ MelodyToken.offsetRange.contains($0 - reference - shift) }) {
            return reference + shift
        }
        return reference
    }

    /// The tokens of a melody, without `begin`/`end`.
    ///
    /// Silence before the first note is dropped; gaps between notes become rests; a note or rest
    /// longer than `MelodyToken.maxSteps` is split: a note becomes the note for `maxSteps` steps
    /// followed by rests for the remainder, a rest becomes several rests.
    package static func tokens(of melody: GridMelody, key: Key) -> [MelodyToken] {
        let reference = referencePitch(for: key)
        var tokens: [MelodyToken] = []
        var position: Int?
        func rests(_ steps: Int) {
            var left = steps
            while left > 0 {
                let s = min(left, MelodyToken.maxSteps)
                tokens.append(.rest(steps: s))
                left -= s
            }
        }
        for n in melody.notes where n.steps > 0 {
            if let p = position, n.start > p { rests(n.start - p) }
            let offset = MelodyToken.fold(offset: n.pitch - reference)
            let first = min(n.steps, MelodyToken.maxSteps)
            tokens.append(.note(offset: offset, steps: first))
            rests(n.steps - first)
            position = n.end
        }
        return tokens
    }

    /// The melody a token sequence describes, starting at step `start`, with note pitches
    /// `reference + offset` (clamped to MIDI 0-127). `begin` and `end` tokens are ignored.
    package static func melody(of tokens: [MelodyToken], reference: Int, start: Int = 0) -> GridMelody {
        var notes: [GridNote] = []
        var position = start
        for t in tokens {
            switch t {
            case .note(let offset, let steps):
                notes.append(GridNote(pitch: min(max(reference + offset, 0), 127), start: position, steps: steps))
                position += steps
            case .rest(let steps):
                position += steps
            case .begin, .end:
                break
            }
        }
        return GridMelody(notes: notes)
    }
}
