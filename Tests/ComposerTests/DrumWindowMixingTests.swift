import Composer
import Testing

/// `DrumWindowMixing`: each mixed window takes a proper subset of the drum classes from one real
/// window and the rest from another of the same length; seeded; windows of other lengths never meet.
@Suite struct DrumWindowMixingTests {
    /// Two 32-step windows that strike disjoint classes on every step, and one 24-step window.
    static let kickSnare: [Int32] = (0 ..< 32).map { $0 % 4 == 0 ? 0b1 : ($0 % 8 == 4 ? 0b10 : 0) }   // kick, snare
    static let hats: [Int32] = (0 ..< 32).map { $0 % 2 == 0 ? 0b100 : 0b1000 }                         // closed / open hi-hat
    static let waltz: [Int32] = (0 ..< 24).map { $0 % 6 == 0 ? 0b1 : 0b100 }

    @Test func aMixTakesSomeClassesFromOneWindowAndTheRestFromAnother() {
        let windows = [Self.kickSnare, Self.hats, Self.waltz]
        let mixed = DrumWindowMixing.mixed(windows, count: 200, seed: 7)
        #expect(mixed.count == 200)
        // The lone 24-step window has no partner of its length: it is never drawn.
        #expect(mixed.allSatisfy { $0.count == 32 })
        for m in mixed {
            #expect(m.count == 32)
            // Some class mask c (the same on every step) with m = (a & c) | (b & ~c), a and b from the 32-step pair.
            let pairs = [(Self.kickSnare, Self.hats), (Self.hats, Self.kickSnare), (Self.kickSnare, Self.kickSnare), (Self.hats, Self.hats)]
            let explained = pairs.contains { a, b in
                (1 ... 510).contains { c in (0 ..< 32).allSatisfy { m[$0] == (a[$0] & Int32(c)) | (b[$0] & ~Int32(c) & 0x1FF) } }
            }
            #expect(explained)
            #expect(m.reduce(0) { $0 + $1.nonzeroBitCount } >= 4)
        }
        // Kick and snare under the hats of the other window appear: the point of mixing.
        #expect(mixed.contains { m in (0 ..< 32).allSatisfy { m[$0] == Self.kickSnare[$0] | Self.hats[$0] } })
    }

    @Test func theSameSeedGivesTheSameMixesAndNothingComesOfNothing() {
        let windows = [Self.kickSnare, Self.hats]
        #expect(DrumWindowMixing.mixed(windows, count: 50, seed: 3) == DrumWindowMixing.mixed(windows, count: 50, seed: 3))
        #expect(DrumWindowMixing.mixed(windows, count: 50, seed: 3) != DrumWindowMixing.mixed(windows, count: 50, seed: 4))
        #expect(DrumWindowMixing.mixed(windows, count: 0, seed: 3).isEmpty)
        #expect(DrumWindowMixing.mixed([], count: 10, seed: 3).isEmpty)
        // Windows too sparse to keep (fewer than 4 hits whatever the mix): the draws stop.
        let sparse: [[Int32]] = [[1] + [Int32](repeating: 0, count: 31), [Int32](repeating: 0, count: 32)]
        #expect(DrumWindowMixing.mixed(sparse, count: 10, seed: 3).isEmpty)
    }
}
