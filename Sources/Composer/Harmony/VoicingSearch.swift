import ModelKit
import Representations
import Music

/// Writes alto, tenor and bass under a soprano for a given chord per slot: dynamic programming
/// (Viterbi) over the voicings of each chord, scored by Bach's voicing statistics
/// (`VoicingStatistics`) and the voice-leading rules (`VoiceLeadingRules`).
///
/// Candidates per slot: every (alto, tenor, bass) of chord tones within `Voice.range`, bass <= tenor
/// <= alto. A voicing's own cost is -log P(bass role | chord family) - log P(doubling pattern |
/// family) - log P(tenor - bass distance), plus `rulePenalty` for each of: alto above the
/// soprano's lowest note in the slot, soprano-alto or alto-tenor wider than an octave, and
/// `incompletePenalty` when the chord lacks its root or third (or its seventh, for a dominant
/// seventh; its fifth, for a diminished chord); the last slot adds `finalInversionPenalty` unless
/// the bass has the root. Between slots: -log P(interval) of each lower voice's motion and
/// `rulePenalty` for every parallel fifth or octave between any two voices (the soprano's pitch
/// just before the slot to its pitch at the slot's start), `VoicingSettings.bassLeapPenalty` when
/// the bass leaps more than 4 semitones, and `VoicingSettings.dronePenalty` for each lower voice
/// that stays on a pitch it has already held for `VoicingSettings.droneLimit` slots along the best
/// path (so the search is Viterbi with the run lengths of the best path into each voicing, not an
/// exact search over run lengths). The
/// `candidateLimit` cheapest voicings of each slot are searched. The chosen pitches become notes,
/// with passing and neighbour tones, through `VoiceOrnaments`.
package enum VoicingSearch {
    package static let rulePenalty = 30.0
    package static let incompletePenalty = 10.0
    package static let finalInversionPenalty = 4.0
    package static let candidateLimit = 150

    struct Candidate {
        var pitches: [Int]      // alto, tenor, bass
        var cost: Double
    }

    /// The lower voices for `soprano`.
    /// - Parameters:
    ///   - soprano: the melody notes (ticks).
    ///   - slots: the harmony slots, in order.
    ///   - chords: one absolute chord per slot (any quality; its family's tones are used).
    ///   - statistics: voicing statistics learned from chorales.
    ///   - key: the key; with it, passing and neighbour tones are added (`VoiceOrnaments`).
    ///   - velocity: note-on velocity of the written notes.
    ///   - settings: the search's penalties and the ornaments' chances.
    /// - Returns: alto, tenor and bass lines (channel 0; a pitch kept from slot to slot is held
    ///   over two slots at most, then re-struck; see `VoiceOrnaments`).
    package static func voice(soprano: [Note], slots: [HarmonySlot], chords: [ChordSymbol],
                             statistics: VoicingStatistics, key: Key? = nil, velocity: UInt8 = 80,
                             settings: VoicingSettings = .standard) -> [[Note]] {
        let (slots, chords) = searched(soprano: soprano, slots: slots, chords: chords, settings: settings)
        let chosen = choose(soprano: soprano, slots: slots, chords: chords, statistics: statistics, settings: settings)
        return VoiceOrnaments.lines(chosen: chosen, slots: slots, soprano: soprano, key: key, velocity: velocity, settings: settings)
    }

    /// The slots and chords the lower voices are written on: `slots` and `chords`, except that
    /// with `VoicingSettings.holdFinalNote`, when the soprano's last note starts on a slot and
    /// lasts to the end over 2 to `VoicingSettings.finalHoldSlots` slots, those slots become one,
    /// with the final chord, so that every voice holds the final chord with the soprano.
    package static func searched(soprano: [Note], slots: [HarmonySlot], chords: [ChordSymbol],
                                 settings: VoicingSettings) -> (slots: [HarmonySlot], chords: [ChordSymbol]) {
        guard settings.holdFinalNote, let end = slots.last?.end, let last = soprano.max(by: { $0.start < $1.start }),
              last.end >= end, let first = slots.firstIndex(where: { $0.start == last.start }),
              (2...VoicingSettings.finalHoldSlots).contains(slots.count - first) else { return (slots, chords) }
        var held = slots[first]
        held.end = end
        held.beats = slots[first...].reduce(0) { $0 + $1.beats }
        return (Array(slots[..<first]) + [held], Array(chords[..<first]) + [chords[chords.count - 1]])
    }

    /// The chord tones of alto, tenor and bass per slot ([slot][alto, tenor, bass]) that the search
    /// chooses, before the ornaments (`voice` writes them out).
    package static func choose(soprano: [Note], slots: [HarmonySlot], chords: [ChordSymbol],
                               statistics: VoicingStatistics, settings: VoicingSettings = .standard) -> [[Int]] {
        precondition(slots.count == chords.count, "one chord per slot")
        guard !slots.isEmpty else { return [] }
        let costs = statistics.costs
        func sounding(_ tick: Int) -> Int? {
            soprano.filter { $0.start <= tick && $0.end > tick }.map { Int($0.pitch) }.max()
        }
        var layers: [[Candidate]] = []
        var sopranoAt: [Int?] = [], sopranoBefore: [Int?] = []
        for (t, slot) in slots.enumerated() {
            let inSlot = soprano.filter { $0.start < slot.end && $0.end > slot.start }.map { Int($0.pitch) }
            let onset = sounding(slot.start) ?? soprano.first { $0.start >= slot.start && $0.start < slot.end }.map { Int($0.pitch) }
            sopranoAt.append(onset)
            sopranoBefore.append(slot.start > 0 ? sounding(slot.start - 1) : nil)
            layers.append(candidates(chord: chords[t].reduced, sopranoOnset: onset, sopranoLow: inSlot.min(), sopranoHigh: inSlot.max(),
                                     isLast: t == slots.count - 1, costs: costs))
        }
        // Viterbi over the candidate layers.
        var total = layers[0].map(\.cost)
        var runs = layers[0].map { _ in [1, 1, 1] }   // slots each voice has held its pitch, best path
        var back: [[Int]] = [[]]
        for t in 1..<layers.count {
            var next = [Double](repeating: .infinity, count: layers[t].count)
            var from = [Int](repeating: 0, count: layers[t].count)
            for (j, c) in layers[t].enumerated() {
                for (i, p) in layers[t - 1].enumerated() {
                    var v = total[i] + transitionCost(from: p.pitches, to: c.pitches, sopranoBefore: sopranoBefore[t],
                                                      sopranoNow: sopranoAt[t], costs: costs, bassLeapPenalty: settings.bassLeapPenalty)
                    for voice in 0..<3 where p.pitches[voice] == c.pitches[voice] && runs[i][voice] >= settings.droneLimit {
                        v += settings.dronePenalty
                    }
                    if v < next[j] { next[j] = v; from[j] = i }
                }
                next[j] += c.cost
            }
            runs = layers[t].indices.map { j in
                let p = layers[t - 1][from[j]].pitches, c = layers[t][j].pitches
                return (0..<3).map { p[$0] == c[$0] ? runs[from[j]][$0] + 1 : 1 }
            }
            total = next
            back.append(from)
        }
        var index = total.indices.min { total[$0] < total[$1] }!
        var chosen = [[Int]](repeating: [], count: layers.count)
        for t in stride(from: layers.count - 1, through: 0, by: -1) {
            chosen[t] = layers[t][index].pitches
            if t > 0 { index = back[t][index] }
        }
        return chosen
    }

    /// The voicings of `chord` (family tones) with their own costs, cheapest `candidateLimit` first.
    static func candidates(chord: ChordSymbol, sopranoOnset: Int?, sopranoLow: Int?, sopranoHigh: Int?, isLast: Bool,
                           costs: VoicingStatistics.Costs) -> [Candidate] {
        let family = ChordSymbol.Quality.families.firstIndex(of: chord.quality)!
        let pcs = Set(chord.pitchClasses)
        func tones(_ voice: Voice) -> [Int] { voice.range.filter { pcs.contains($0 % 12) } }
        var required: Set<Int> = [0, 1]
        if chord.quality == .dominant7 { required.insert(3) }
        if chord.quality == .diminished { required.insert(2) }
        let sopranoRole = sopranoOnset.flatMap { chord.role(of: $0) }
        var result: [Candidate] = []
        for b in tones(.bass) {
            for t in tones(.tenor) where t >= b {
                for a in tones(.alto) where a >= t {
                    let lower = [a, t, b].map { chord.role(of: $0)! }
                    var cost = costs.bassRole[family][lower[2]] + costs.tenorBass[min(t - b, VoicingStatistics.maxTenorBass)]
                    func doublingCost(_ roles: [Int]) -> Double {
                        costs.doubling[family][VoicingStatistics.pattern(roles)] ?? costs.unseenDoubling[family]
                    }
                    if let sopranoRole {
                        cost += doublingCost([sopranoRole] + lower)
                    } else {
                        cost += (0..<4).map { doublingCost([$0] + lower) }.min()!
                    }
                    let present = Set(lower + (sopranoRole.map { [$0] } ?? []))
                    if !required.isSubset(of: present) { cost += incompletePenalty }
                    if let low = sopranoLow, a > low { cost += rulePenalty }
                    if let high = sopranoHigh, high - a > 12 { cost += rulePenalty }
                    if a - t > 12 { cost += rulePenalty }
                    if isLast && lower[2] != 0 { cost += finalInversionPenalty }
                    result.append(Candidate(pitches: [a, t, b], cost: cost))
                }
            }
        }
        result.sort { $0.cost < $1.cost || ($0.cost == $1.cost && $0.pitches.lexicographicallyPrecedes($1.pitches)) }
        return Array(result.prefix(candidateLimit))
    }

    /// Motion costs of the lower voices, `bassLeapPenalty` for a bass leap over 4 semitones, and
    /// `rulePenalty` per parallel fifth or octave.
    static func transitionCost(from previous: [Int], to next: [Int], sopranoBefore: Int?, sopranoNow: Int?,
                               costs: VoicingStatistics.Costs, bassLeapPenalty: Double) -> Double {
        var cost = 0.0
        for v in 0..<3 { cost += costs.motion[v][VoicingStatistics.leapBin(next[v] - previous[v])] }
        if abs(next[2] - previous[2]) > 4 { cost += bassLeapPenalty }
        let p = VoiceLeadingRules.parallels(from: [sopranoBefore] + previous.map { Optional($0) },
                                            to: [sopranoNow] + next.map { Optional($0) })
        cost += rulePenalty * Double(p.fifths + p.octaves)
        return cost
    }
}
