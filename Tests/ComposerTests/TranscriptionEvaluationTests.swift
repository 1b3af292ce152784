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
        #expect(report.files.map(\.estimate) == ["a.midi", nil] && report.files.map(\.audio) == [nil, nil])
        #expect(report.unmatched == ["stray.mid"] && report.estimates == ests.path && report.audio == nil && report.references == refs.path)
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
        #expect(text.contains("b.mid") && text.contains("(no estimate: scored as empty)"))
        #expect(text.contains("references \(refs.path), estimates \(ests.path)"))
        #expect(text.contains("1 estimate with no reference of the same name, not scored (not an error): stray.mid"))
        #expect(text.contains("1 zero-length note left out"))
    }

    /// The sustain pedal: its frames scored when either side presses it (a one-key piano roll at
    /// 100 frames per second), totals over those files only, JSON and text naming it; files where
    /// neither side has one carry no pedal score.
    @Test func sustainPedalFramesAreScoredWhereAPedalIsPressed() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refs = dir.appendingPathComponent("ref"), ests = dir.appendingPathComponent("est")
        for d in [refs, ests] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        func pedalled(_ spans: [(Int, Int)]) -> Score {
            var score = Self.score([Note(pitch: 60, start: 0, duration: 1920)])
            for (down, up) in spans {
                score.parts[0].controls += [ControlEvent(tick: down, message: .controlChange(channel: 0, controller: 64, value: 127)),
                                            ControlEvent(tick: up, message: .controlChange(channel: 0, controller: 64, value: 0))]
            }
            return score
        }
        // a: the reference pedal 0.5-1.5 s (frames 50..<150), the estimate 1.0-2.0 s: 50 of 100 each way.
        try pedalled([(480, 1440)]).write(to: refs.appendingPathComponent("a.mid"))
        try pedalled([(960, 1920)]).write(to: ests.appendingPathComponent("a.mid"))
        // b: no pedal either side; c: a pedal the estimate missed (0-0.25 s).
        try pedalled([]).write(to: refs.appendingPathComponent("b.mid"))
        try pedalled([]).write(to: ests.appendingPathComponent("b.mid"))
        try pedalled([(0, 240)]).write(to: refs.appendingPathComponent("c.mid"))
        try pedalled([]).write(to: ests.appendingPathComponent("c.mid"))
        let report = try TranscriptionEvaluation.run(references: refs, estimates: ests)
        let a = try #require(report.files[0].scores.pedal)
        #expect(a.truePositives == 50 && a.referenceCount == 100 && a.estimateCount == 100 && a.f1 == 0.5 && a.frameCount == 200)
        #expect(report.files[1].scores.pedal == nil)
        let c = try #require(report.files[2].scores.pedal)
        #expect(c.referenceCount == 25 && c.estimateCount == 0 && c.f1 == 0)
        #expect(report.mean.pedal == TranscriptionEvaluationReport.Summary(precision: 0.25, recall: 0.25, f1: 0.25))
        #expect(report.pooled.pedal?.recall == 50.0 / 125 && report.pooled.pedal?.precision == 0.5)
        #expect(report.text().contains("sustain pedal, frames (2 files where either side presses it): F1 0.250 (mean of files; precision 0.250, recall 0.250), 0.444 pooled"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"pedal\""))
        // Without a pedal anywhere, no pedal key at all.
        let plain = try TranscriptionEvaluation.run(reference: refs.appendingPathComponent("b.mid"), estimate: ests.appendingPathComponent("b.mid"))
        let plainJSON = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(plain.mean.pedal == nil && !plainJSON.contains("pedal"))
    }

    /// Audio folders are named as audio (not "estimates"), each audio file with no reference is
    /// listed, a single audio file pairs with a single reference whatever the names, and a folder
    /// where nothing pairs is an error. The transcriber here is a stand-in that reads nothing.
    @Test func audioIsNamedAsAudioAndUnpairedFilesAreListed() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refs = dir.appendingPathComponent("ref"), audio = dir.appendingPathComponent("audio")
        for d in [refs, audio] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        let notes = [Note(pitch: 60, start: 0, duration: 480), Note(pitch: 64, start: 480, duration: 480)]
        try Self.score(notes).write(to: refs.appendingPathComponent("take.mid"))
        try Self.score(notes).write(to: refs.appendingPathComponent("other.mid"))
        for name in ["take.flac", "stray.wav", "zz.ogg", "notes.txt"] { try Data().write(to: audio.appendingPathComponent(name)) }
        var transcribed: [String] = []
        let heard: TranscriptionEvaluation.Transcribe = { url in
            transcribed.append(url.lastPathComponent)
            return (Self.score([notes[0]]), 1.0)
        }
        let report = try TranscriptionEvaluation.run(references: refs, audio: audio, transcribe: heard)
        #expect(transcribed == ["take.flac"])
        #expect(report.audio == audio.path && report.estimates == nil)
        #expect(report.files.map(\.name) == ["other.mid", "take.mid"] && report.files.map(\.audio) == [nil, "take.flac"])
        #expect(report.files.map(\.estimate) == [nil, nil] && report.unmatched == ["stray.wav", "zz.ogg"])
        #expect(report.files[1].scores.onset.precision == 1 && report.files[1].scores.onset.recall == 0.5)
        let text = report.text()
        #expect(text.contains("references \(refs.path), audio \(audio.path)") && !text.contains("estimate"), "\(text)")
        #expect(text.contains("other.mid") && text.contains("(no audio: scored as empty)"))
        #expect(text.contains("1 reference without an audio file, scored as empty transcriptions"))
        #expect(report.unmatchedLine == "2 audio files with no reference of the same name, not transcribed (not an error): stray.wav, zz.ogg")
        #expect(text.contains(report.unmatchedLine!))

        // One file against one file, names unlike.
        let single = try TranscriptionEvaluation.run(reference: refs.appendingPathComponent("other.mid"),
                                                     audio: audio.appendingPathComponent("stray.wav"), transcribe: heard)
        #expect(single.files.map(\.name) == ["other.mid"] && single.files.map(\.audio) == ["stray.wav"] && single.unmatched.isEmpty)
        #expect(single.references == refs.appendingPathComponent("other.mid").path && single.audio == audio.appendingPathComponent("stray.wav").path)
        #expect(single.files[0].scores.onset.f1 == 2.0 / 3 && single.timing?.audioSeconds == 1)
        let midi = try TranscriptionEvaluation.run(reference: refs.appendingPathComponent("take.mid"), estimate: refs.appendingPathComponent("other.mid"))
        #expect(midi.files.map(\.estimate) == ["other.mid"] && midi.files[0].scores.onset.f1 == 1 && midi.timing == nil)
        #expect(try TranscriptionEvaluation.reference(for: audio.appendingPathComponent("take.flac"), in: refs) == refs.appendingPathComponent("take.mid"))
        #expect(try TranscriptionEvaluation.reference(for: audio.appendingPathComponent("stray.wav"), in: refs) == nil)

        // Nothing pairs: an error naming the folder and its files.
        let strays = dir.appendingPathComponent("strays")
        try FileManager.default.createDirectory(at: strays, withIntermediateDirectories: true)
        try Data().write(to: strays.appendingPathComponent("a.wav"))
        #expect(throws: TranscriptionEvaluationError.nothingPaired(folder: strays.path, files: ["a.wav"], references: refs.path)) {
            try TranscriptionEvaluation.run(references: refs, audio: strays, transcribe: heard)
        }
        #expect(TranscriptionEvaluationError.nothingPaired(folder: "x", files: ["a.wav"], references: "r").description
                == "x: none of its 1 file(s) (a.wav) is named as a reference in r (NAME.wav or NAME.mid pairs with NAME.mid)")
        // An empty folder is not that error: every reference is scored as an empty transcription.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try TranscriptionEvaluation.run(references: refs, estimates: empty).files.allSatisfy { $0.scores.onset.f1 == 0 })

        // Symlinks to the folders list the same files (Foundation on Linux lists none under one
        // unless it is resolved); the report names the links as given.
        let refsLink = dir.appendingPathComponent("refs-link"), audioLink = dir.appendingPathComponent("audio-link")
        try FileManager.default.createSymbolicLink(atPath: refsLink.path, withDestinationPath: "ref")
        try FileManager.default.createSymbolicLink(atPath: audioLink.path, withDestinationPath: audio.path)
        transcribed = []
        let linked = try TranscriptionEvaluation.run(references: refsLink, audio: audioLink, transcribe: heard)
        #expect(transcribed == ["take.flac"] && linked.audio == audioLink.path && linked.unmatched == ["stray.wav", "zz.ogg"])
        #expect(linked.files.map(\.name) == ["other.mid", "take.mid"] && linked.files[1].scores.onset.recall == 0.5)
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
