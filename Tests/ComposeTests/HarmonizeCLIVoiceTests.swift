import Foundation
import SMF
import Testing

/// `compose harmonize` on a format 0 band (one track, 16 channels), its summary on stdout, and the
/// chords-only options refused with `--style satb`.
@Suite struct HarmonizeCLIVoiceTests {
    let cli = ComposeCLITests()

    /// `../shared/corpus/songs/Avgvst_AtTheLake.mid` (format 0, 3,752 notes on 16 channels).
    static let lake = ComposeCLITests.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/songs/Avgvst_AtTheLake.mid")
    static let lakePresent = FileManager.default.fileExists(atPath: lake.path)

    @Test(.enabled(if: ComposeCLITests.binaryExists && lakePresent, "needs the compose binary and ../shared/corpus/songs"))
    func formatZeroBandGivesOneMelodyVoice() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try MIDIFile(contentsOf: Self.lake)
        // The recorder on MIDI channel 2 (index 1) has the highest mean pitch off channel 10.
        let recorder = ComposeCLITests.notes(input.tracks[0]).filter { $0[4] == 1 }.map { [$0[0], $0[1], $0[2], $0[3], 0] }
        #expect(recorder.count == 158)
        for style in ["chords", "satb"] {
            let out = dir.appendingPathComponent("\(style).mid")
            let result = try cli.run(["harmonize", Self.lake.path, "--style", style, "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            // The summary is on stdout and names the voice taken.
            #expect(result.stdout.hasPrefix("\(out.path): key: F# major (estimated), "))
            #expect(result.stdout.hasSuffix("; melody: track 0 channel 2 (Recorder)\n"))
            let written = try MIDIFile(contentsOf: out)
            #expect(ComposeCLITests.notes(written.tracks[1]) == recorder)
            #expect(ComposeCLITests.channels(written.tracks[1]) == [0])
            #expect(ComposeCLITests.programs(written.tracks[1]) == (style == "chords" ? [74] : [52]))
        }
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func summaryOnStdoutAndChartFirst() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("jig.mid")
        let result = try cli.run(["harmonize", ComposeCLITests.jig.path, "--print-chords", "--out", out.path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout == """
            | G | G | C G | G | G | G | G | Am D7 | G | C G | G | Am D7 | G | G | D7 | G |
            \(out.path): key: G major (key signature), 32 chord slots, block accompaniment, 208 notes; melody: track 1 channel 1 (Flute)

            """)
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func satbRefusesChordsOnlyOptions() throws {
        let both = try cli.run(["harmonize", ComposeCLITests.jig.path, "--style", "satb", "--chords-per-bar", "2",
                                "--accompaniment", "block", "--print-chords"])
        #expect(both.status == 64)
        #expect(both.stderr.hasPrefix("Error: --chords-per-bar and --accompaniment apply to --style chords only (satb has one chord per beat and four voices)\n"))
        let one = try cli.run(["harmonize", ComposeCLITests.jig.path, "--style", "satb", "--accompaniment", "waltz", "--print-chords"])
        #expect(one.status == 64 && one.stderr.hasPrefix("Error: --accompaniment applies to --style chords only"))
        // The defaults are the same choices, given explicitly, with --style chords.
        let explicit = try cli.run(["harmonize", ComposeCLITests.jig.path, "--chords-per-bar", "2", "--accompaniment", "block", "--print-chords"])
        let implicit = try cli.run(["harmonize", ComposeCLITests.jig.path, "--print-chords"])
        #expect(explicit.status == 0 && explicit.stdout == implicit.stdout)
    }
}
