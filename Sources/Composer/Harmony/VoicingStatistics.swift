import ModelKit
import Representations
import Foundation
import Music

/// How Bach voices chords, counted from four-part chorales: what the voicing search
/// (`VoicingSearch`) scores a voicing by.
///
/// Counted at every beat where all four voices sound chord tones of the chord sounding there
/// (`Chorale.chord(at:)`, reduced to its family): the bass's role in the chord (inversion), how
/// many voices hold each role (doubling), and the tenor-bass distance; and between consecutive
/// beats the interval each lower voice moves.
package struct VoicingStatistics: Codable, Sendable, Equatable {
    /// Largest leap counted in its own bin; larger ones share the +/-`maxLeap` bins.
    package static let maxLeap = 12
    /// Largest tenor-bass distance counted in its own bin.
    package static let maxTenorBass = 24

    /// [family][role]: bass role 0 root, 1 third, 2 fifth, 3 seventh. Family order `Quality.families`.
    package var bassRole: [[Double]]
    /// [family]["r t f s" counts of voices on root, third, fifth, seventh, e.g. "2110"].
    package var doubling: [[String: Double]]
    /// [voice 0 alto, 1 tenor, 2 bass][interval + maxLeap]: melodic motion from beat to beat.
    package var motion: [[Double]]
    /// [tenor - bass, 0...maxTenorBass].
    package var tenorBass: [Double]
    /// Beats counted.
    package var beats: Int

    package init() {
        bassRole = Array(repeating: Array(repeating: 0, count: 4), count: 4)
        doubling = Array(repeating: [:], count: 4)
        motion = Array(repeating: Array(repeating: 0, count: 2 * VoicingStatistics.maxLeap + 1), count: 3)
        tenorBass = Array(repeating: 0, count: VoicingStatistics.maxTenorBass + 1)
        beats = 0
    }

    /// The statistics of `chorales`.
    package init(chorales: [Chorale]) {
        self.init()
        for c in chorales { add(c) }
    }

    /// Counts one chorale's beats into the statistics.
    package mutating func add(_ chorale: Chorale) {
        var previous: [Int?]?
        for slot in chorale.beatSlots {
            let pitches = chorale.sounding(at: slot.start)
            if let previous {
                for voice in 1..<4 {
                    if let p = previous[voice], let n = pitches[voice] {
                        motion[voice - 1][VoicingStatistics.leapBin(n - p)] += 1
                    }
                }
            }
            previous = pitches
            let present = pitches.compactMap { $0 }
            guard present.count == 4, let chord = chorale.chord(at: slot.start)?.reduced else { continue }
            let roles = present.map { chord.role(of: $0) }
            guard roles.allSatisfy({ $0 != nil }) else { continue }
            let family = ChordSymbol.Quality.families.firstIndex(of: chord.quality)!
            bassRole[family][roles[3]!] += 1
            doubling[family][VoicingStatistics.pattern(roles.map { $0! }), default: 0] += 1
            tenorBass[min(max(present[2] - present[3], 0), VoicingStatistics.maxTenorBass)] += 1
            beats += 1
        }
    }

    static func leapBin(_ interval: Int) -> Int { min(max(interval, -maxLeap), maxLeap) + maxLeap }

    /// "2110": how many of the roles are root, third, fifth, seventh.
    static func pattern(_ roles: [Int]) -> String {
        (0..<4).map { r in String(roles.filter { $0 == r }.count) }.joined()
    }

    /// Negative log probabilities (add-one smoothed), for the search.
    struct Costs {
        var bassRole: [[Double]]
        var doubling: [[String: Double]]
        var unseenDoubling: [Double]
        var motion: [[Double]]
        var tenorBass: [Double]
    }

    var costs: Costs {
        func negLog(_ counts: [Double]) -> [Double] {
            let total = counts.reduce(0, +) + Double(counts.count)
            return counts.map { -log(($0 + 1) / total) }
        }
        var doublingCosts: [[String: Double]] = []
        var unseen: [Double] = []
        for table in doubling {
            // Add-one over the seen patterns plus one bucket for every unseen pattern.
            let total = table.values.reduce(0, +) + Double(table.count + 1)
            doublingCosts.append(table.mapValues { -log(($0 + 1) / total) })
            unseen.append(-log(1 / total))
        }
        return Costs(bassRole: bassRole.map(negLog), doubling: doublingCosts, unseenDoubling: unseen,
                     motion: motion.map(negLog), tenorBass: negLog(tenorBass))
    }
}
