/// Which items of a corpus train a model and which are held out to score it.
public enum DataSplit: Hashable, Sendable, Codable {
    /// A seeded random `fraction` (0...1) of the items held out (`heldOutSplit`: the same seed
    /// gives the same split), the rest for training; both parts keep the corpus order.
    case heldOut(fraction: Double, seed: UInt64)
    /// The corpus's own split table (the Groove MIDI Dataset's `info.csv`): its `train` rows for
    /// training, every other row (`validation`, `test`) held out.
    case corpusSplit
    /// Every item held out, none for training (score models trained elsewhere on all of a folder).
    case all

    /// The seed of the held-out split that the shipped models were trained with.
    public static let defaultSeed: UInt64 = 2024
    /// The held-out fraction that the shipped models were trained with.
    public static let defaultFraction = 0.1
    /// `heldOut(fraction: defaultFraction, seed: defaultSeed)`: the split of the shipped models.
    public static let shipped = DataSplit.heldOut(fraction: defaultFraction, seed: defaultSeed)

    /// `heldOut(fraction:seed:)` for a fraction above 0, else `all` (a held-out fraction of 0
    /// means: score everything).
    public static func heldOutOrAll(fraction: Double, seed: UInt64 = defaultSeed) -> DataSplit {
        fraction > 0 ? .heldOut(fraction: fraction, seed: seed) : .all
    }
}
