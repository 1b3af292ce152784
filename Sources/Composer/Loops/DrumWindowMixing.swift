import ModelKit
import Representations

/// Training augmentation for drum loops: new 2-bar windows made by taking some drum classes from
/// one real window and the others from another of the same length (kick and snare of one groove
/// under the cymbals of another, say). A loops VAE is an autoencoder: what it must learn is to
/// carry any pattern through z, and the real windows of a groove corpus (16k here) let it learn
/// the ones it saw by heart instead; mixed windows multiply the patterns it sees per drum class.
public enum DrumWindowMixing {
    /// `count` mixed windows from `windows` (class ids, `DrumHits.rawValue` per step), seeded:
    /// each takes two windows of the same length at random and a random proper subset of the 9
    /// drum classes (each class from the first with probability 1/2, never all or none), and
    /// keeps the result when it has at least `minimumHits` hits (else draws again, at most
    /// `20 * count` draws in all). Empty when no length has two windows.
    public static func mixed(_ windows: [[Int32]], count: Int, seed: UInt64, minimumHits: Int = 4) -> [[Int32]] {
        guard count > 0 else { return [] }
        var byLength: [Int: [Int]] = [:]
        for (i, w) in windows.enumerated() { byLength[w.count, default: []].append(i) }
        // Windows drawn in proportion to their length's share, so the mix keeps the corpus's meters.
        let pool = windows.indices.filter { (byLength[windows[$0].count]?.count ?? 0) >= 2 }
        guard !pool.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed)
        var out: [[Int32]] = []
        out.reserveCapacity(count)
        var draws = 0
        while out.count < count && draws < 20 * count {
            draws += 1
            let a = windows[pool[Int(rng.next() % UInt64(pool.count))]]
            let same = byLength[a.count]!
            let b = windows[same[Int(rng.next() % UInt64(same.count))]]
            let mask = Int32(truncatingIfNeeded: rng.next() % 510 + 1)  // 1 ... 510: a proper, non-empty subset
            var mixed = [Int32](repeating: 0, count: a.count)
            var hits = 0
            for s in 0 ..< a.count {
                let step = (a[s] & mask) | (b[s] & ~mask & 0x1FF)
                mixed[s] = step
                hits += step.nonzeroBitCount
            }
            if hits >= minimumHits { out.append(mixed) }
        }
        return out
    }
}
