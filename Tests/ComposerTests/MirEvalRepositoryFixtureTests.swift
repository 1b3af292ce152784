import Foundation
import Testing
import TestSupport
@testable import Composer

/// Composer's transcription metrics against mir_eval's own regression fixtures
/// (`tests/data/transcription` of github.com/craffel/mir_eval, copied unchanged to
/// Tests/TranscriptionFixtures/mir_eval_repository; see its README.md): ten reference/estimate pairs
/// from MIREX 2015 (Su dataset, Benetos and Weyde's note tracker) and the figures
/// `mir_eval.transcription.evaluate` gives for them, which mir_eval 0.8.2 reproduces exactly.
@Suite struct MirEvalRepositoryFixtureTests {
    static let folder = TestPaths.packageRoot.appendingPathComponent("Tests/TranscriptionFixtures/mir_eval_repository")

    /// mir_eval's `test_transcription.py` compares with `np.allclose(..., atol=A_TOL)`, A_TOL = 1e-12
    /// (plus numpy's default relative 1e-5); we require the absolute difference alone to be at most 1e-12.
    static let tolerance = 1e-12

    /// Every key `mir_eval.transcription.evaluate` (0.8.2) returns, all of them in each output file.
    static let keys: Set<String> = [
        "Precision", "Recall", "F-measure", "Average_Overlap_Ratio",
        "Precision_no_offset", "Recall_no_offset", "F-measure_no_offset", "Average_Overlap_Ratio_no_offset",
        "Onset_Precision", "Onset_Recall", "Onset_F-measure",
        "Offset_Precision", "Offset_Recall", "Offset_F-measure",
    ]

    /// `mir_eval.io.load_valued_intervals`: lines "onset offset frequency" split on white space,
    /// lines starting with "#" (est00.txt has one) and empty lines skipped.
    static func notes(_ name: String) throws -> [TranscribedNote] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try text.split(whereSeparator: \.isNewline).compactMap { line -> TranscribedNote? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            let fields = trimmed.split(whereSeparator: \.isWhitespace).map { Double($0) }
            guard fields.count == 3, let onset = fields[0], let offset = fields[1], let hz = fields[2] else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(name): bad line \(line)"])
            }
            return TranscribedNote(onset: onset, offset: offset, frequency: hz)
        }
    }

    static func expected(_ index: String) throws -> [String: Double] {
        try JSONDecoder().decode([String: Double].self, from: Data(contentsOf: folder.appendingPathComponent("output\(index).json")))
    }

    @Test func theFixturesAreAllThere() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        for i in 0..<10 {
            for prefix in ["ref", "est"] { #expect(names.contains(String(format: "%@%02d.txt", prefix, i))) }
            #expect(names.contains(String(format: "output%02d.json", i)))
        }
        // Sizes as mir_eval loads them (ref00: 235 notes; est00: 208 after its comment line).
        #expect(try Self.notes("ref00.txt").count == 235)
        #expect(try Self.notes("est00.txt").count == 208)
    }

    @Test(arguments: (0..<10).map { String(format: "%02d", $0) })
    func everyFigureEqualsMirEval(index: String) throws {
        let ref = try Self.notes("ref\(index).txt"), est = try Self.notes("est\(index).txt")
        let expected = try Self.expected(index)
        #expect(Set(expected.keys) == Self.keys, "output\(index).json keys")

        let onsetOffset = try TranscriptionMetrics.noteScores(reference: ref, estimate: est, tolerances: .onsetAndOffset)
        let onset = try TranscriptionMetrics.noteScores(reference: ref, estimate: est, tolerances: .onsetOnly)
        let onsetOnly = try TranscriptionMetrics.onsetOnlyScores(reference: ref, estimate: est)
        let offsetOnly = try TranscriptionMetrics.offsetOnlyScores(reference: ref, estimate: est)
        let ours: [String: Double] = [
            "Precision": onsetOffset.precision, "Recall": onsetOffset.recall, "F-measure": onsetOffset.f1,
            "Average_Overlap_Ratio": onsetOffset.averageOverlapRatio,
            "Precision_no_offset": onset.precision, "Recall_no_offset": onset.recall, "F-measure_no_offset": onset.f1,
            "Average_Overlap_Ratio_no_offset": onset.averageOverlapRatio,
            "Onset_Precision": onsetOnly.precision, "Onset_Recall": onsetOnly.recall, "Onset_F-measure": onsetOnly.f1,
            "Offset_Precision": offsetOnly.precision, "Offset_Recall": offsetOnly.recall, "Offset_F-measure": offsetOnly.f1,
        ]
        #expect(Set(ours.keys) == Self.keys)
        for key in Self.keys.sorted() {
            let mine = try #require(ours[key]), theirs = try #require(expected[key])
            #expect(abs(mine - theirs) <= Self.tolerance, "pair \(index), \(key): ours \(mine), mir_eval \(theirs)")
        }
    }

    @Test func onsetAndOffsetOnlyMatchingByHand() throws {
        // Onsets alone: the wrong pitch still matches; the estimate 0.06 s late does not.
        let ref = [TranscribedNote(onset: 0, offset: 1, midiPitch: 60), TranscribedNote(onset: 2, offset: 2.1, midiPitch: 62)]
        let est = [TranscribedNote(onset: 0.05, offset: 1.5, midiPitch: 72), TranscribedNote(onset: 2.06, offset: 2.16, midiPitch: 62)]
        let onsets = try TranscriptionMetrics.onsetOnlyScores(reference: ref, estimate: est)
        #expect(onsets.matched == 1 && onsets.precision == 0.5 && onsets.recall == 0.5 && onsets.f1 == 0.5)
        // Offsets alone: 1.5 vs 1 is beyond max(0.2 x 1, 0.05); 2.16 vs 2.1 beyond max(0.02, 0.05) too,
        // 1.2 and 2.15 are just within (0.2 <= 0.2; 0.05 <= 0.05 once rounded to 4 decimals), and
        // strict comparison (<) refuses both, as mir_eval 0.8.2 does.
        #expect(try TranscriptionMetrics.offsetOnlyScores(reference: ref, estimate: est).matched == 0)
        let near = [TranscribedNote(onset: 0.5, offset: 1.2, midiPitch: 40), TranscribedNote(onset: 1.9, offset: 2.15, midiPitch: 62)]
        let offsets = try TranscriptionMetrics.offsetOnlyScores(reference: ref, estimate: near)
        #expect(offsets.matched == 2 && offsets.f1 == 1)
        var strict = NoteTolerances.onsetAndOffset
        strict.strict = true
        #expect(try TranscriptionMetrics.offsetOnlyScores(reference: ref, estimate: near, tolerances: strict).matched == 0)
        // Empty lists give zeros; a reversed interval is refused, a zero pitch is not looked at.
        #expect(try TranscriptionMetrics.onsetOnlyScores(reference: ref, estimate: []).f1 == 0)
        #expect(throws: TranscriptionMetricError.nonPositiveDuration(side: .estimate, index: 0, onset: 1, offset: 1)) {
            try TranscriptionMetrics.offsetOnlyScores(reference: ref, estimate: [TranscribedNote(onset: 1, offset: 1, midiPitch: 60)])
        }
        #expect(try TranscriptionMetrics.onsetOnlyScores(reference: ref, estimate: [TranscribedNote(onset: 0, offset: 1, frequency: 0)]).matched == 1)
    }
}
