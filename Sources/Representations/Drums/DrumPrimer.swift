import ModelKit
import Music
/// A bad line of drum primer text: which line (1-based), its text, and why.
public struct DrumPrimerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based, counting only non-empty lines (split at `;` or newlines).
    public var line: Int
    /// The line, trimmed of spaces; the whole primer text when it has no line.
    public var text: String
    public var reason: String
    public var description: String { "primer line \(line) \"\(text)\": \(reason)" }
}

/// A drum primer written as text: one line per instrument, one character per 16th-note step.
///
///     kick: x...x...x...x... ; snare: ....x.......x... ; hihat: x.x.x.x.x.x.x.x.
///
/// Lines are separated by `;` or newlines. Each is `instrument: steps`, the instrument a
/// `DrumClass` name or alias (`kick`/`bd`, `snare`/`sd`, `hihat`/`hh`, `open-hihat`/`oh`,
/// `low-tom`/`lt`, `mid-tom`/`mt`, `high-tom`/`ht`, `crash`/`cc`, `ride`/`rd`) or a MIDI note
/// number that `DrumKit.drumClass(ofNote:)` maps (e.g. `36`); the steps `x` (hit), `X` (accented
/// hit, velocity 120), `.` or `-` (rest); spaces and `|` (bar lines) are ignored. Every line has the
/// same number of steps, a whole number of bars of the meter (16 steps in 4/4). Instruments not
/// named are silent.
public struct DrumPrimer: Hashable, Sendable {
    /// The meter whose bars the steps fill (16th-note steps, 16 per bar in 4/4).
    public var meter: Meter
    /// Steps struck, per step.
    public var hits: [DrumHits]
    /// Steps struck with an accent (a subset of `hits`).
    public var accents: [DrumHits]

    /// Velocity of an accented hit (`X`).
    public static let accentVelocity: UInt8 = 120

    /// The primer's length in bars.
    public var bars: Int { hits.count / meter.stepsPerBar }

    /// Parses primer text.
    /// - Throws: `DrumPrimerError` naming the line for: no `:`; an unknown instrument; an
    ///   instrument given twice; a character other than `x X . - | space`; a length that is not a
    ///   whole number of bars or differs from the first line's; no line at all.
    public static func parse(_ text: String, meter: Meter = .common) throws -> DrumPrimer {
        let lines = text.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
        var hits: [DrumHits] = [], accents: [DrumHits] = []
        var seen: [DrumClass: Int] = [:]
        var length: Int?
        var number = 0
        for line in lines where !line.isEmpty {
            number += 1
            func fail(_ reason: String) -> DrumPrimerError { DrumPrimerError(line: number, text: line, reason: reason) }
            guard let colon = line.firstIndex(of: ":") else {
                throw fail("expected \"instrument: steps\", e.g. \"kick: x...x...x...x...\"")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard let drum = DrumKit.drumClass(named: name) else {
                throw fail("unknown instrument \"\(name)\"; use one of \(DrumClass.allCases.map(\.name).joined(separator: ", ")) (or bd, sd, hh, oh, lt, mt, ht, cc, rd, or a drum note number)")
            }
            if let previous = seen[drum] { throw fail("\(drum.name) is already given on line \(previous)") }
            seen[drum] = number
            var steps: [Character] = []
            for (i, c) in line[line.index(after: colon)...].enumerated() {
                switch c {
                case "x", "X", ".", "-": steps.append(c)
                case " ", "|", "\t": continue
                default:
                    throw fail("character \"\(c)\" at position \(i + 1) after the colon: use x (hit), X (accent), . or - (rest), | (bar line)")
                }
            }
            let bar = meter.stepsPerBar
            guard !steps.isEmpty, steps.count % bar == 0 else {
                throw fail("\(steps.count) steps; a line holds whole bars of \(meter), \(bar) steps each")
            }
            if let length, steps.count != length {
                throw fail("\(steps.count) steps, but line 1 has \(length); every line must have the same length")
            }
            if length == nil {
                length = steps.count
                hits = Array(repeating: [], count: steps.count)
                accents = hits
            }
            for (t, c) in steps.enumerated() where c == "x" || c == "X" {
                hits[t].insert(drum)
                if c == "X" { accents[t].insert(drum) }
            }
        }
        guard length != nil else {
            throw DrumPrimerError(line: 1, text: text, reason: "no instrument lines; expected e.g. \"kick: x...x...x...x... ; snare: ....x.......x...\"")
        }
        return DrumPrimer(meter: meter, hits: hits, accents: accents)
    }

    /// The primer as a groove: accented hits at `accentVelocity`, the others at the learned mean
    /// velocity of their class and bar position; on the grid.
    public func groove(performance: DrumPerformance) -> DrumGroove {
        let bar = meter.stepsPerBar
        var notes: [DrumNote] = []
        for (t, h) in hits.enumerated() {
            for drum in h.classes {
                let v = accents[t].contains(drum) ? DrumPrimer.accentVelocity : performance.velocity(drum, step: t, stepsPerBar: bar)
                notes.append(DrumNote(step: t, drum: drum, velocity: v))
            }
        }
        return DrumGroove(name: "primer", meter: meter, bars: bars, notes: notes)
    }
}
