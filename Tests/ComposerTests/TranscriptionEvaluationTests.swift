import Foundation
import Music
import Testing
import TestSupport
@testable import Composer

/// `TranscriptionEvaluation` over folders of MIDI files written here (120 bpm, 480 ticks per
/// quarter: 960 ticks per second).
@Suite struct TranscriptionEvaluationTests {
    static func score(_ notes: [Note]) -> Score {
        Score(ticksPerQuarter: 480, parts: [Part(notes: notes)], tempoChanges: [TempoChange(tick: 0, bpm: 120)])
    }

    @Test func scoresFilesByNameAndTotals() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refs = dir.appendingPathComponent("ref"), ests = dir.appendingPathComponent("est")
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: ests, withIntermediateDirectories: true)
        // Reference: C4 E4 G4 C5, half a second each; a drum note and a zero-length note are left out.
        try Self.score([Note(pitch: 60, start: 0, duration: 480), Note(pitch: 64, start: 480, duration: 480),
                        Note(pitch: 67, start: 960, duration: 480), Note(pitch: 72, start: 1440, duration: 480),
                        Note(pitch: 36, channel: 9, start: 0, duration: 100), Note(pitch: 50, start: 300, duration: 0)])
            .write(to: refs.appendingPathComponent("a.mid"))
        // Estimate: C4 exact; E4 48 ticks = 50 ms late (on the onset tolerance; offset within 0.1 s);
        // G5 an octave too high; C5 missing.
        try Self.score([Note(pitch: 60, start: 0, duration: 480), Note(pitch: 64, start: 528, duration: 480),
                        Note(pitch: 79, start: 960, duration: 480)])
            .write(to: ests.appendingPathComponent("a.midi"))
        try Self.score([Note(pitch: 60, start: 0, duration: 960)]).write(to: refs.appendingPathComponent("b.mid"))
        try Self.score([Note(pitch: 60, start: 0, duration: 960)]).write(to: ests.appendingPathComponent("stray.mid"))

        let report = try TranscriptionEvaluation.run(references: refs, estimates: ests)
        #expect(report.files.map(\.name) == ["a.mid", "b.mid"])
        #expect(report.files.map(\.estimate) == ["a.midi", nil])
        #expect(report.unmatchedEstimates == ["stray.mid"])
        let a = report.files[0]
        #expect(a.zeroLengthNotes == 1 && a.duration == 2)
        #expect(a.scores.onset.referenceCount == 4 && a.scores.onset.estimateCount == 3 && a.scores.onset.matched == 2)
        #expect(a.scores.onset.precision == 2.0 / 3 && a.scores.onset.recall == 0.5)
        #expect(abs(a.scores.onset.f1 - 4.0 / 7) < 1e-15)
        #expect(a.scores.onsetOffset.matched == 2)
        // Frames: the reference 200 cells; C4 50 right, E4 45 right and 5 past its end, G5 50 wrong.
        #expect(a.scores.frame.truePositives == 95 && a.scores.frame.referenceCount == 200 && a.scores.frame.estimateCount == 150)
        #expect(report.files[1].scores.onset.f1 == 0 && report.files[1].scores.onset.referenceCount == 1)
        #expect(abs(report.mean.onset.f1 - 2.0 / 7) < 1e-15 && report.mean.onset.recall == 0.25)
        #expect(report.pooled.onset.precision == 2.0 / 3 && report.pooled.onset.recall == 0.4)
        #expect(report.pooled.frame.recall == 95.0 / 300 && report.totalDuration == 3)
        let text = report.text()
        #expect(text.contains("b.mid") && text.contains("(no estimate: scored as empty)") && text.contains("stray.mid"))
        #expect(text.contains("1 zero-length note left out"))
    }

    @Test func anEmptyReferenceFolderAndAMissingModelAreTypedErrors() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: TranscriptionEvaluationError.noReferences(folder: dir.path)) {
            try TranscriptionEvaluation.run(references: dir, estimates: dir)
        }
        let saved = ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"]
        #expect(saved == nil || !FileManager.default.fileExists(atPath: saved! + "/piano-scribe.json"))
        if !ModelCatalog.searchPath(for: TranscriptionEvaluation.modelFileName).contains(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            #expect(throws: TranscriptionEvaluationError.self) { try TranscriptionEvaluation.locateModel() }
        }
    }
}
