import ModelKit
import Representations
import Foundation
import Music

/// A hidden Markov model over chord symbols for harmonizing a melody, one per mode (major, minor).
///
/// States are the 48 key-relative chords: root 0-11 semitones above the tonic x the four quality
/// families (`ChordSymbol.Quality.families`), index `root * 4 + family`. Each slot
/// (`HarmonySlot`) emits the melody's pitch classes above the tonic with weights
/// (`MelodyObservation`): log P(slot | chord) = sum over pitch classes of weight x log P(pc | chord).
/// Transitions have two tables, into a slot that starts a bar and into one inside a bar; the first
/// and last slot have their own distributions. Decoding is Viterbi (the most likely chord
/// sequence).
///
/// Smoothing (counts from `Counts`): transitions back off to the chord unigram,
/// P(j | i) = (c(i, j) + 2 P(j)) / (c(i) + 2), P(j) = (c(j) + 0.1) / (N + 4.8); emissions back off
/// to a root-independent table per family, P(pc | chord) = (c(chord, pc) + 2 Q(pc - root | family)) /
/// (c(chord) + 2), Q = add-0.5 estimate pooled over roots. First/last slot: relative frequencies
/// without smoothing, so the first and last chord are always ones the corpus begins and ends a
/// piece with in that mode (for Bach's major chorales I, vi, V, ii, iii or III at the start, I, V or
/// III at the end).
package struct ChordHMM: Sendable {
    package static let stateCount = 48

    /// Sufficient statistics of one mode: counts (emission counts are weighted).
    package struct Counts: Codable, Sendable, Equatable {
        /// [48]: chords of first slots.
        package var initial: [Double]
        /// [48]: chords of last slots.
        package var final: [Double]
        /// [2][48 * 48]: [0] into a slot inside a bar, [1] into a slot that starts a bar; index from * 48 + to.
        package var transitions: [[Double]]
        /// [48 * 12]: index chord * 12 + pitch class above the tonic.
        package var emissions: [Double]
        /// Examples counted.
        package var examples: Int

        package init() {
            initial = Array(repeating: 0, count: ChordHMM.stateCount)
            final = initial
            transitions = Array(repeating: Array(repeating: 0, count: ChordHMM.stateCount * ChordHMM.stateCount), count: 2)
            emissions = Array(repeating: 0, count: ChordHMM.stateCount * 12)
            examples = 0
        }

        /// Adds a labelled example: every run of slots with known chords counts (first, last,
        /// transitions, emissions); slots without a chord break the run.
        package mutating func add(_ example: HarmonyExample) {
            var previous: Int?
            var last: Int?
            var counted = false
            for (t, chord) in example.chords.enumerated() {
                guard let chord else { previous = nil; continue }
                let s = ChordHMM.state(of: chord)
                if let p = previous {
                    transitions[example.slots[t].isBarStart ? 1 : 0][p * ChordHMM.stateCount + s] += 1
                } else if !counted {
                    initial[s] += 1
                }
                counted = true
                for pc in 0..<12 { emissions[s * 12 + pc] += example.observations[t][pc] }
                previous = s
                last = s
            }
            if let last { final[last] += 1; examples += 1 }
        }
    }

    package let counts: [Key.Mode: Counts]
    private var logInitial: [Key.Mode: [Double]] = [:]
    private var logFinal: [Key.Mode: [Double]] = [:]
    private var logTransitions: [Key.Mode: [[Double]]] = [:]
    private var logEmissions: [Key.Mode: [Double]] = [:]

    /// Builds the model from counts; a mode with no examples uses the other mode's counts.
    /// - Throws: `ComposerError.noTrainingData` when neither mode has an example.
    package init(counts: [Key.Mode: Counts]) throws {
        let usable = counts.filter { $0.value.examples > 0 }
        guard let fallback = usable[.major] ?? usable[.minor] else { throw ComposerError.noTrainingData(mode: "major or minor") }
        var all: [Key.Mode: Counts] = [:]
        for mode in Key.Mode.allCases { all[mode] = usable[mode] ?? fallback }
        self.counts = all
        let n = ChordHMM.stateCount
        for (mode, c) in all {
            var unigram = [Double](repeating: 0, count: n)
            for table in c.transitions { for i in 0..<n { for j in 0..<n { unigram[j] += table[i * n + j] } } }
            for j in 0..<n { unigram[j] += c.initial[j] }
            let total = unigram.reduce(0, +)
            let prior = unigram.map { ($0 + 0.1) / (total + 0.1 * Double(n)) }
            logTransitions[mode] = c.transitions.map { table in
                var logs = [Double](repeating: 0, count: n * n)
                for i in 0..<n {
                    let row = (0..<n).reduce(0.0) { $0 + table[i * n + $1] }
                    for j in 0..<n { logs[i * n + j] = log((table[i * n + j] + 2 * prior[j]) / (row + 2)) }
                }
                return logs
            }
            // First and last slot: only chords the corpus begins (ends) a piece with in this mode,
            // unsmoothed, so that a sharp emission of a rare chord cannot open or close a piece.
            let initialTotal = c.initial.reduce(0, +), finalTotal = c.final.reduce(0, +)
            logInitial[mode] = c.initial.map { $0 > 0 ? log($0 / initialTotal) : -.infinity }
            logFinal[mode] = c.final.map { $0 > 0 ? log($0 / finalTotal) : -.infinity }
            // Root-independent emission table per family: interval above the root.
            var tied = [[Double]](repeating: [Double](repeating: 0.5, count: 12), count: 4)
            for s in 0..<n {
                let root = s / 4, family = s % 4
                for pc in 0..<12 { tied[family][((pc - root) % 12 + 12) % 12] += c.emissions[s * 12 + pc] }
            }
            tied = tied.map { row in let sum = row.reduce(0, +); return row.map { $0 / sum } }
            var emissions = [Double](repeating: 0, count: n * 12)
            for s in 0..<n {
                let root = s / 4, family = s % 4
                let row = (0..<12).reduce(0.0) { $0 + c.emissions[s * 12 + $1] }
                for pc in 0..<12 {
                    let q = tied[family][((pc - root) % 12 + 12) % 12]
                    emissions[s * 12 + pc] = log((c.emissions[s * 12 + pc] + 2 * q) / (row + 2))
                }
            }
            logEmissions[mode] = emissions
        }
    }

    /// Trains on labelled examples (`HarmonyExample.chords` set), separately per `key.mode`.
    /// - Throws: `ComposerError.noTrainingData` when no example has a chord.
    package init(training examples: [HarmonyExample]) throws {
        var counts: [Key.Mode: Counts] = [.major: Counts(), .minor: Counts()]
        for e in examples { counts[e.key.mode]!.add(e) }
        try self.init(counts: counts)
    }

    /// The state index of a key-relative chord: `root * 4 + family index`.
    package static func state(of chord: ChordSymbol) -> Int {
        chord.root * 4 + ChordSymbol.Quality.families.firstIndex(of: chord.quality.family)!
    }

    /// The key-relative chord (reduced quality) of a state index 0..<48.
    package static func chord(ofState s: Int) -> ChordSymbol {
        ChordSymbol(root: s / 4, quality: ChordSymbol.Quality.families[s % 4])
    }

    /// log P(observation | chord state) for one slot's 12 weights in `mode`.
    package func emissionLogProbability(_ weights: [Double], state: Int, mode: Key.Mode) -> Double {
        let table = logEmissions[mode]!
        var sum = 0.0
        for pc in 0..<12 where weights[pc] != 0 { sum += weights[pc] * table[state * 12 + pc] }
        return sum
    }

    /// The most likely key-relative chord (reduced quality) for each slot of `example` (Viterbi),
    /// in its key's mode. Empty for an example with no slots.
    ///
    /// With `changesOnlyAtBarLines` the chord may change only into a slot that starts a bar
    /// (inside a bar every slot keeps the chord, scored with the model's own mid-bar
    /// self-transition): one chord per bar, chosen with the finer grid's model and emissions.
    package func decode(_ example: HarmonyExample, changesOnlyAtBarLines: Bool = false) -> [ChordSymbol] {
        let n = ChordHMM.stateCount, mode = example.key.mode
        let count = example.slots.count
        guard count > 0 else { return [] }
        let transitions = logTransitions[mode]!, initial = logInitial[mode]!, final = logFinal[mode]!
        var score = (0..<n).map { initial[$0] + emissionLogProbability(example.observations[0], state: $0, mode: mode) }
        var back = [[Int]](repeating: [], count: count)
        for t in 1..<max(count, 1) {
            let table = transitions[example.slots[t].isBarStart ? 1 : 0]
            var next = [Double](repeating: -.infinity, count: n)
            var from = [Int](repeating: 0, count: n)
            let held = changesOnlyAtBarLines && !example.slots[t].isBarStart
            for j in 0..<n {
                var best = -Double.infinity, arg = 0
                for i in (held ? j..<j + 1 : 0..<n) {
                    let v = score[i] + table[i * n + j]
                    if v > best { best = v; arg = i }
                }
                next[j] = best + emissionLogProbability(example.observations[t], state: j, mode: mode)
                from[j] = arg
            }
            score = next
            back[t] = from
        }
        var state = (0..<n).max { score[$0] + final[$0] < score[$1] + final[$1] }!
        var states = [Int](repeating: 0, count: count)
        for t in stride(from: count - 1, through: 0, by: -1) {
            states[t] = state
            if t > 0 { state = back[t][state] }
        }
        return states.map(ChordHMM.chord(ofState:))
    }
}
