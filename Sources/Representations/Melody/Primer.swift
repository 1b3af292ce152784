import ModelKit
import Music

/// A note or rest that starts a composed melody.
public struct PrimerNote: Hashable, Sendable {
    /// MIDI note number 0-127, or nil for a rest.
    public var pitch: Int?
    /// Duration in 16th-note steps (>= 1).
    public var steps: Int
    /// Note-on velocity 1-127 as played (a primer read from a file), or nil for the composer's
    /// default (a text primer, a rest).
    public var velocity: UInt8?

    public init(pitch: Int?, steps: Int, velocity: UInt8? = nil) {
        self.pitch = pitch
        self.steps = steps
        self.velocity = velocity
    }
}

/// Primers from text or from a score.
public enum Primer {
    /// Parses primer text: words separated by spaces or commas, each a pitch in scientific
    /// notation (`C4` = MIDI 60, `F#3`, `Bb4`) or a rest (`r`, `R`, `rest`), optionally followed
    /// by `:beats`, e.g. `E4 G4:2 A4:0.5 r:1`. Without `:beats` a word lasts one beat of `meter`
    /// (`Meter.beatSteps`: a quarter note in x/4, a dotted quarter in 6/8).
    ///
    /// - Throws: `PrimerError` for a word that is not a pitch or rest, a pitch
    ///   outside MIDI 0-127, or a length that is not a positive whole number of 16th notes.
    public static func parse(_ text: String, meter: Meter = .common) throws -> [PrimerNote] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" })
        return try words.map { word in
            let parts = word.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            var steps = meter.beatSteps
            if parts.count == 2 {
                guard let beats = Double(parts[1]), beats > 0, beats.isFinite else {
                    throw PrimerError(token: String(word), reason: "the length after ':' must be a positive number of beats")
                }
                let exact = beats * Double(meter.beatSteps)
                guard abs(exact - exact.rounded()) < 1e-9, exact.rounded() >= 1 else {
                    throw PrimerError(token: String(word),
                        reason: "\(parts[1]) beats of \(meter) is not a whole number of 16th notes (a beat is \(meter.beatSteps))")
                }
                steps = Int(exact.rounded())
            }
            if ["r", "R", "rest"].contains(name) { return PrimerNote(pitch: nil, steps: steps) }
            guard let pitch = PitchName.pitch(of: name) else {
                throw PrimerError(token: String(word), reason: "not a pitch like C4, F#3 or Bb4 (MIDI 0-127), nor a rest r")
            }
            return PrimerNote(pitch: Int(pitch), steps: steps)
        }
    }

    /// The melody of a score as a primer: the part and top line that `EncodedTune(score:name:)`
    /// would take, on the 16th-note grid, silence before the first note dropped, gaps as rests.
    /// With `maxSteps`, only that many steps are kept (a note crossing the limit is shortened).
    public static func notes(from score: Score, maxSteps: Int? = nil) -> [PrimerNote] {
        guard let notes = EncodedTune.melodyPart(of: score) else { return [] }
        let line = GridMelody.topLine(of: notes, ticksPerQuarter: score.ticksPerQuarter).notes
        guard let first = line.first else { return [] }
        var result: [PrimerNote] = []
        var position = first.start
        let limit = maxSteps.map { first.start + $0 } ?? Int.max
        for n in line {
            if n.start >= limit { break }
            if n.start > position { result.append(PrimerNote(pitch: nil, steps: n.start - position)) }
            let end = min(n.end, limit)
            result.append(PrimerNote(pitch: n.pitch, steps: end - n.start))
            position = end
        }
        return result
    }
}
