import Music
import Representations

/// The copy check: the longest run of consecutive bars a melody shares with any tune of a
/// reference set (the training tunes).
///
/// Bars are compared in their key, not in absolute pitch: each melody's pitches are taken
/// relative to its key's tonic pitch class (`BarredMelody.content(ofBar:transposition:)` with the
/// tonic), so a passage copied into another key counts (the models compose relative to the key's
/// tonic), an octave shift does not. Bars with no onset (silent or one held note) never match.
/// Every bar of every reference tune is hashed once (a dictionary from bar content to the places
/// it occurs), so a check costs a lookup per bar plus the matches found.
package struct MelodyCopyIndex: Sendable {
    struct Place: Hashable, Sendable {
        var tune: Int
        var bar: Int
    }

    /// The reference tunes' names, by index.
    let names: [String]
    let places: [[Int]: [Place]]

    /// Indexes every bar of `tunes`.
    package init(tunes: [BarredMelody]) {
        var places: [[Int]: [Place]] = [:]
        for (t, tune) in tunes.enumerated() {
            for b in 0..<tune.bars {
                let content = tune.content(ofBar: b, transposition: tune.key.tonic)
                if Self.hasOnset(content) { places[content, default: []].append(Place(tune: t, bar: b)) }
            }
        }
        self.names = tunes.map(\.name)
        self.places = places
    }

    static func hasOnset(_ content: [Int]) -> Bool { content.contains { $0 % 2 == 1 } }

    /// The longest run of consecutive bars among the first `bars` bars of `melody` equal, bar for
    /// bar, to consecutive bars of one reference tune; reference tunes named `excluding` (the
    /// melody itself, when it is one of them) are skipped. Returns the run's length in bars (0 when
    /// no bar matches) and the tune it was found in (the first such tune, by index, among the
    /// longest).
    package func longestSharedRun(_ melody: BarredMelody, bars: Int, excluding: String? = nil) -> (bars: Int, tune: String?) {
        var previous: [Place: Int] = [:]
        var best = 0
        var bestTune: Int?
        for b in 0..<bars {
            let content = melody.content(ofBar: b, transposition: melody.key.tonic)
            var current: [Place: Int] = [:]
            if Self.hasOnset(content) {
                for place in places[content] ?? [] where names[place.tune] != excluding {
                    let run = (previous[Place(tune: place.tune, bar: place.bar - 1)] ?? 0) + 1
                    current[place] = run
                    if run > best || (run == best && place.tune < (bestTune ?? Int.max)) { best = run; bestTune = place.tune }
                }
            }
            previous = current
        }
        return (best, bestTune.map { names[$0] })
    }
}
