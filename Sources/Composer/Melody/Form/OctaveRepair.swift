import Representations

/// The last resort of a formed melody (`MelodyModel.compose(_:form:...)`): when no draw of a
/// section keeps the tune within its range and leaps, the kept draw's new notes are moved by
/// octaves (each by -12, 0 or +12 semitones, so every pitch class, the closing tonic included,
/// stays) until the whole tune, and the leap into the section that follows it, keeps them.
enum OctaveRepair {
    /// `pitches` moved so that every interval between consecutive pitches is at most `maxLeap`, the
    /// distance from the highest to the lowest at most `maxRange`, and, when `following` is given
    /// (the first pitch of the section after these notes), the leap from the last pitch to it at
    /// most `maxLeap`; only `pitches[fixed...]` move, each by at most an octave and within MIDI
    /// 0-127, as few as possible (ties broken the same way every time). `nil` when
    /// no such moves exist (the fixed notes already break the limits).
    static func repaired(_ pitches: [Int], fixed: Int, following: Int?, maxLeap: Int, maxRange: Int) -> [Int]? {
        struct State: Hashable, Comparable {
            var pitch: Int, lo: Int, hi: Int
            static func < (a: State, b: State) -> Bool { (a.pitch, a.lo, a.hi) < (b.pitch, b.lo, b.hi) }
        }
        let prefix = pitches[..<min(fixed, pitches.count)]
        if let lo = prefix.min(), let hi = prefix.max(), hi - lo > maxRange { return nil }
        for k in prefix.indices.dropFirst() where abs(prefix[k] - prefix[k - 1]) > maxLeap { return nil }
        if fixed >= pitches.count {
            if let f = following, let last = pitches.last, abs(f - last) > maxLeap { return nil }
            return pitches
        }
        // Cost and the way back (index of the state before, the shift taken) of each reachable state.
        var layers: [[State: (cost: Int, back: State?, shift: Int)]] = []
        var current: [State: (cost: Int, back: State?, shift: Int)] = [:]
        let start: State? = prefix.last.map { State(pitch: $0, lo: prefix.min()!, hi: prefix.max()!) }
        for k in fixed..<pitches.count {
            var next: [State: (cost: Int, back: State?, shift: Int)] = [:]
            let from: [(State?, Int)] = k == fixed ? [(start, 0)] : current.keys.sorted().map { ($0, current[$0]!.cost) }
            for (previous, cost) in from {
                for shift in [0, -12, 12] {
                    let p = pitches[k] + shift
                    guard (0...127).contains(p) else { continue }
                    if let previous, abs(p - previous.pitch) > maxLeap { continue }
                    let state = State(pitch: p, lo: min(previous?.lo ?? p, p), hi: max(previous?.hi ?? p, p))
                    guard state.hi - state.lo <= maxRange else { continue }
                    let c = cost + (shift == 0 ? 0 : 1)
                    if let known = next[state], known.cost <= c { continue }
                    next[state] = (c, previous, shift)
                }
            }
            layers.append(next)
            current = next
        }
        let ends = current.keys.filter { following == nil || abs(following! - $0.pitch) <= maxLeap }
        guard var state = ends.min(by: { (current[$0]!.cost, $0) < (current[$1]!.cost, $1) }) else { return nil }
        var result = pitches
        for k in stride(from: pitches.count - 1, through: fixed, by: -1) {
            let entry = layers[k - fixed][state]!
            result[k] = pitches[k] + entry.shift
            guard let back = entry.back else { break }
            state = back
        }
        return result
    }
}
