/// A seeded random held-out split of a list, as `MelodyCorpus.split` makes it: the indices are
/// shuffled with `SeededGenerator(seed:)` (Fisher-Yates, `seededShuffle`), the first
/// `heldOutFraction` of them (rounded to the nearest whole item) are held out; both halves keep
/// the list's order. The same seed gives the same split.
public func heldOutSplit<T>(_ items: [T], heldOutFraction: Double, seed: UInt64) -> (training: [T], heldOut: [T]) {
    var rng = SeededGenerator(seed: seed)
    var order = Array(items.indices)
    order.seededShuffle(&rng)
    let heldCount = Int((Double(items.count) * min(max(heldOutFraction, 0), 1)).rounded())
    let held = Set(order.prefix(heldCount))
    return (items.indices.filter { !held.contains($0) }.map { items[$0] },
            items.indices.filter { held.contains($0) }.map { items[$0] })
}
