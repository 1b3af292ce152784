import ModelKit
import Music
import Foundation

/// How drummers play each class at each position of the bar, learned from played grooves:
/// velocity and timing offset (in steps) means and standard deviations per (class, bar position),
/// position = step mod 16. Used to give generated and text-primer hits a velocity (the mean: the
/// corpus's accents, e.g. hi-hats louder on the beat) and, with humanize, to draw velocities and
/// offsets (normal distributions with the learned mean and deviation, velocity clamped to 1-127,
/// offset to -0.45...0.45 steps).
public struct DrumPerformance: Hashable, Sendable, Codable {
    /// Statistics of one (class, bar position): velocities in MIDI units (0-127), offsets in
    /// 16th-note steps from the grid (negative = early), standard deviations over the population.
    public struct Stats: Hashable, Sendable, Codable {
        /// Hits of the class at this position in the training grooves (even where the class-wide statistics stand in).
        public var hits: Int
        public var meanVelocity: Double
        public var sdVelocity: Double
        public var meanOffset: Double
        public var sdOffset: Double
    }

    /// `stats[class][position]`, 9 x 16.
    public var stats: [[Stats]]

    /// Bar positions kept per class (16 steps, a bar of 4/4).
    public static let positions = DrumGrid.maxStepsPerBar

    /// Learns the statistics from grooves; a (class, position) with fewer than 20 hits uses the
    /// class's statistics over all positions (and a class with none: velocity 90, offset 0).
    public init(grooves: [DrumGroove]) {
        let P = DrumPerformance.positions
        var sums = [[(n: Double, v: Double, v2: Double, o: Double, o2: Double)]](
            repeating: [(n: Double, v: Double, v2: Double, o: Double, o2: Double)](repeating: (0, 0, 0, 0, 0), count: P + 1), count: DrumClass.count)
        for g in grooves {
            let bar = g.meter.stepsPerBar
            for n in g.notes {
                let v = Double(n.velocity), o = n.offset
                for p in [(n.step % bar) % P, P] {
                    var s = sums[n.drum.rawValue][p]
                    s.n += 1; s.v += v; s.v2 += v * v; s.o += o; s.o2 += o * o
                    sums[n.drum.rawValue][p] = s
                }
            }
        }
        func stats(_ s: (n: Double, v: Double, v2: Double, o: Double, o2: Double)) -> Stats {
            guard s.n > 0 else { return Stats(hits: 0, meanVelocity: 90, sdVelocity: 0, meanOffset: 0, sdOffset: 0) }
            let mv = s.v / s.n, mo = s.o / s.n
            return Stats(hits: Int(s.n), meanVelocity: mv, sdVelocity: max(0, s.v2 / s.n - mv * mv).squareRoot(),
                         meanOffset: mo, sdOffset: max(0, s.o2 / s.n - mo * mo).squareRoot())
        }
        self.stats = sums.map { row in
            let all = stats(row[P])
            return (0..<P).map { p in row[p].n >= 20 ? stats(row[p]) : Stats(hits: Int(row[p].n), meanVelocity: all.meanVelocity, sdVelocity: all.sdVelocity, meanOffset: all.meanOffset, sdOffset: all.sdOffset) }
        }
    }

    func stats(_ drum: DrumClass, step: Int, stepsPerBar: Int) -> Stats {
        stats[drum.rawValue][(step % stepsPerBar) % DrumPerformance.positions]
    }

    /// The mean velocity of `drum` at the bar position of `step`, rounded, 1-127.
    public func velocity(_ drum: DrumClass, step: Int, stepsPerBar: Int) -> UInt8 {
        UInt8(min(127, max(1, stats(drum, step: step, stepsPerBar: stepsPerBar).meanVelocity.rounded())))
    }

    /// A drawn (velocity, offset) for `drum` at the bar position of `step`.
    public func sample(_ drum: DrumClass, step: Int, stepsPerBar: Int, rng: inout SeededGenerator) -> (velocity: UInt8, offset: Double) {
        let s = stats(drum, step: step, stepsPerBar: stepsPerBar)
        let v = s.meanVelocity + s.sdVelocity * DrumPerformance.normal(&rng)
        let o = s.meanOffset + s.sdOffset * DrumPerformance.normal(&rng)
        return (UInt8(min(127, max(1, v.rounded()))), min(0.45, max(-0.45, o)))
    }

    /// A standard normal deviate (Box-Muller).
    static func normal(_ rng: inout SeededGenerator) -> Double {
        let u1 = max(rng.nextUnitDouble(), 1e-300), u2 = rng.nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Hits of `steps` (from step `from` on) as notes with learned velocities: the means, or with
    /// `humanize` drawn velocities and offsets.
    public func perform(_ steps: [DrumHits], from: Int = 0, stepsPerBar: Int, humanize: Bool, rng: inout SeededGenerator) -> [DrumNote] {
        var notes: [DrumNote] = []
        for t in from..<steps.count {
            for drum in steps[t].classes {
                if humanize {
                    let (v, o) = sample(drum, step: t, stepsPerBar: stepsPerBar, rng: &rng)
                    notes.append(DrumNote(step: t, drum: drum, velocity: v, offset: o))
                } else {
                    notes.append(DrumNote(step: t, drum: drum, velocity: velocity(drum, step: t, stepsPerBar: stepsPerBar)))
                }
            }
        }
        return notes
    }
}
