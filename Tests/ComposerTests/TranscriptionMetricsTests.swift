import Foundation
import Testing
import TestSupport
@testable import Composer

/// Composer's transcription metrics against mir_eval 0.8.2's own figures on the fixtures written by
/// Scripts/transcription_fixtures.py (Tests/TranscriptionFixtures/mir_eval_transcription.json).
@Suite struct TranscriptionMetricsTests {
    struct Fixture: Decodable {
        var mir_eval: String
        var cases: [Case]
    }
    struct Case: Decodable {
        var name: String
        var strict: Bool
        var reference: [[Double]]
        var estimate: [[Double]]
        var expected: Expected?
        var error: String?
    }
    struct Expected: Decodable {
        var onset, onsetOffset, onsetVelocity, onsetOffsetVelocity: [Double]
        var onsetPairs, onsetOffsetPairs, onsetVelocityPairs, onsetOffsetVelocityPairs: [[Int]]
        var frame: [String: Double]
    }

    static let fixture: Fixture = {
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/TranscriptionFixtures/mir_eval_transcription.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func notes(_ rows: [[Double]]) -> [TranscribedNote] {
        rows.map { TranscribedNote(onset: $0[0], offset: $0[1], frequency: $0[2], velocity: $0[3]) }
    }

    static func tolerances(offsets: Bool, strict: Bool) -> NoteTolerances {
        var t: NoteTolerances = offsets ? .onsetAndOffset : .onsetOnly
        t.strict = strict
        return t
    }

    static func check(_ s: NoteScores, _ expected: [Double], _ name: String) {
        #expect(abs(s.precision - expected[0]) < 1e-9, "\(name): precision \(s.precision) vs \(expected[0])")
        #expect(abs(s.recall - expected[1]) < 1e-9, "\(name): recall \(s.recall) vs \(expected[1])")
        #expect(abs(s.f1 - expected[2]) < 1e-9, "\(name): F1 \(s.f1) vs \(expected[2])")
        #expect(abs(s.averageOverlapRatio - expected[3]) < 1e-9, "\(name): overlap \(s.averageOverlapRatio) vs \(expected[3])")
    }

    @Test func theFixturesAreMirEval082sAndMany() {
        #expect(Self.fixture.mir_eval == "0.8.2")
        #expect(Self.fixture.cases.count >= 40)
        #expect(Self.fixture.cases.filter { $0.error != nil }.count == 3)
    }

    @Test(arguments: fixture.cases.filter { $0.expected != nil }.map(\.name))
    func scoresEqualMirEval(name: String) throws {
        let c = Self.fixture.cases.first { $0.name == name }!, e = c.expected!
        let ref = Self.notes(c.reference), est = Self.notes(c.estimate)
        for offsets in [false, true] {
            let t = Self.tolerances(offsets: offsets, strict: c.strict)
            let label = "\(name), \(offsets ? "onset+offset" : "onset")"
            Self.check(try TranscriptionMetrics.noteScores(reference: ref, estimate: est, tolerances: t), offsets ? e.onsetOffset : e.onset, label)
            Self.check(try TranscriptionMetrics.velocityNoteScores(reference: ref, estimate: est, tolerances: t),
                       offsets ? e.onsetOffsetVelocity : e.onsetVelocity, label + ", velocity")
            if !ref.isEmpty && !est.isEmpty {
                // The very pairs mir_eval's Hopcroft-Karp returns, not only as many.
                let pairs = NoteMatching.match(reference: ref, estimate: est, tolerances: t).map { [$0.reference, $0.estimate] }
                #expect(pairs == (offsets ? e.onsetOffsetPairs : e.onsetPairs), "\(label): pairs")
                let vpairs = NoteMatching.matchWithVelocity(reference: ref, estimate: est, tolerances: t).map { [$0.reference, $0.estimate] }
                #expect(vpairs == (offsets ? e.onsetOffsetVelocityPairs : e.onsetVelocityPairs), "\(label): velocity pairs")
            }
        }
        let frame = try TranscriptionMetrics.frameScores(reference: ref, estimate: est)
        #expect(abs(frame.precision - e.frame["precision"]!) < 1e-9, "\(name): frame precision")
        #expect(abs(frame.recall - e.frame["recall"]!) < 1e-9, "\(name): frame recall")
        #expect(abs(frame.f1 - e.frame["f1"]!) < 1e-9, "\(name): frame F1")
    }

    @Test func refusesWhatMirEvalRefuses() {
        let cases = Self.fixture.cases.filter { $0.error != nil }
        for c in cases {
            #expect(throws: TranscriptionMetricError.self, "\(c.name)") {
                try TranscriptionMetrics.noteScores(reference: Self.notes(c.reference), estimate: Self.notes(c.estimate))
            }
        }
        #expect(throws: TranscriptionMetricError.nonPositiveDuration(side: .reference, index: 0, onset: 1, offset: 1)) {
            try TranscriptionMetrics.noteScores(reference: [TranscribedNote(onset: 1, offset: 1, midiPitch: 60)], estimate: [])
        }
        #expect(throws: TranscriptionMetricError.nonPositivePitch(side: .estimate, index: 1, frequency: 0)) {
            try TranscriptionMetrics.noteScores(reference: [], estimate: [TranscribedNote(onset: 0, offset: 1, midiPitch: 60),
                                                                          TranscribedNote(onset: 0, offset: 1, frequency: 0)])
        }
    }

    @Test func exactValuesByHand() throws {
        // Three references, two found at the right time, one an octave too high: P = R = 2/3.
        let ref = [TranscribedNote(onset: 0, offset: 1, midiPitch: 60), TranscribedNote(onset: 1, offset: 2, midiPitch: 64),
                   TranscribedNote(onset: 2, offset: 3, midiPitch: 67)]
        let est = [TranscribedNote(onset: 0.03, offset: 1, midiPitch: 60), TranscribedNote(onset: 1, offset: 1.5, midiPitch: 64),
                   TranscribedNote(onset: 2, offset: 3, midiPitch: 79)]
        let s = try TranscriptionScores(reference: ref, estimate: est)
        #expect(s.onset.matched == 2 && s.onset.precision == 2.0 / 3 && s.onset.recall == 2.0 / 3)
        #expect(s.onsetOffset.matched == 1)   // the second ends 0.5 s early; its tolerance is 0.2 s
        // Frames: reference 300 cells; the estimate 97 + 50 right and 100 wrong, 247.
        #expect(s.frame.truePositives == 147 && s.frame.referenceCount == 300 && s.frame.estimateCount == 247)
        #expect(s.frame.frameCount == 300)
        #expect(TranscribedNote.hertz(midiPitch: 69) == 440 && TranscribedNote(onset: 0, offset: 1, midiPitch: 21).midiPitch == 21)
    }
}
