import TestSupport
import Foundation
import Music
import Testing

/// `compose melody` keeps the range and leaps its help and docs/compose.md promise (16 semitones,
/// leaps of at most 9), across the joins of its form's sections, as read back from the MIDI file.
@Suite struct MelodyFormLimitsCLITests {
    let cli = ComposeCLITests()

    /// The largest interval between consecutive notes and the range, in semitones, of `path`'s notes.
    func leapAndRange(_ path: String) throws -> (leap: Int, range: Int) {
        let pitches = try Score(contentsOf: URL(fileURLWithPath: path)).allNotes
            .sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }.map { Int($0.pitch) }
        let leap = zip(pitches, pitches.dropFirst()).map { abs($1 - $0) }.max() ?? 0
        return (leap, (pitches.max() ?? 0) - (pitches.min() ?? 0))
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"),
          arguments: ["3/4", "4/4", "6/8", "2/4"])
    func everyLeapAtMostNineAndRangeAtMostSixteen(meter: String) throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Seeds 1-24 of the default 16 bars (before: leaps of 12-16 at the bar 8 -> 9 join, e.g. 6/8
        // seed 2, and ranges of 17), and of 32 bars (A A B B: two more joins).
        for (bars, seeds) in [(16, 1...24), (32, 1...6)] {
            for seed in seeds {
                let out = dir.appendingPathComponent("\(bars)-\(seed).mid").path
                let r = try cli.run(["melody", "--seed", "\(seed)", "--meter", meter, "--bars", "\(bars)", "--out", out])
                try #require(r.status == 0, "\(r.stderr)")
                let (leap, range) = try leapAndRange(out)
                #expect(leap <= 9, "--meter \(meter) --bars \(bars) --seed \(seed): a leap of \(leap)")
                #expect(range <= 16, "--meter \(meter) --bars \(bars) --seed \(seed): a range of \(range)")
            }
        }
    }
}
