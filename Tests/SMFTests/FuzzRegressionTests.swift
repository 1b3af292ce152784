import TestSupport
import Foundation
import Testing
import SMF

/// Inputs the fuzzer (Scripts/fuzz-smf) found a problem with, kept in Tests/SMFFixtures/fuzz-regressions
/// (part of the repository, so these run without ../shared). Each must pass `readBothWays`'s checks
/// and give the outcome recorded here, which says how it is read now.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let dir = packageRoot.appendingPathComponent("Tests/SMFFixtures/fuzz-regressions")

    /// file -> (strict outcome, lenient outcome, what went wrong before the fix).
    static let expected: [String: (Outcome, LenientOutcome, String)] = [
        "smpte-fps-63.mid": (.badHeader, .read(tracks: 0, events: 0, warnings: [
            .badFormat: 1, .badDivision: 1, .trailingBytes: 1, .trackCountMismatch: 1, .noTracks: 1,
        ]), "an SMPTE division of 63 fps was kept by lenient reading, so its written output did not read back strictly"),
        // Found by Scripts/fuzz-score (reading is fine; what follows is tested in MusicTests' FuzzRegressionScoreTests).
        "score-writer-long-gap.mid": (.ok, .read(tracks: 1, events: 4, warnings: [.hugeDeltaTime: 2]),
                                      "the Score writer stops on a VLQ precondition: a note spanning a dropped text event is one delta of 0x1FFFFFFE ticks"),
        "transpose-carried-delta.mid": (.ok, .read(tracks: 1, events: 5, warnings: [.hugeDeltaTime: 2]),
                                        "transposition clamps the delta carried from a dropped note to 0x0FFFFFFF, moving the next note earlier"),
    ]

    @Test func everyRegressionInputReadsAsRecorded() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.dir.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(names) == Set(Self.expected.keys), "every file in \(Self.dir.path) needs a row in the table, and every row a file")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: Self.dir.appendingPathComponent(name)))
            let (strict, lenient) = readBothWays(bytes, name: name)
            guard let (expectedStrict, expectedLenient, _) = Self.expected[name] else { continue }
            #expect(strict == expectedStrict, "\(name): strict")
            #expect(lenient == expectedLenient, "\(name): lenient")
        }
    }
}
