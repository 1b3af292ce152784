extension Array {
    /// Fisher-Yates shuffle drawing from `rng` (`Array.shuffle(using:)`'s algorithm is not
    /// specified, so its order could change between Swift versions; this one cannot).
    package mutating func seededShuffle(_ rng: inout SeededGenerator) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) { swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    }
}
