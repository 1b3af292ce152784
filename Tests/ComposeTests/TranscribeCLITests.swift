import Foundation
import Music
import Synth
import Testing
import TestSupport
import Transcription

/// `compose transcribe` and `compose evaluate transcribe --audio` end to end, with an untrained
/// small model saved here (`--model`): outputs, batches, messages and exit codes. What the shipped
/// model hears is checked by the round trip (`TranscriptionRoundTripTests`).
@Suite struct TranscribeCLITests {
    let cli = ComposeCLITests()

    /// A folder with `m/piano-scribe.json` (an untrained small model), `tone.wav` (1.5 s stereo
    /// 44.1 kHz) and `junk.wav` (not audio).
    static func fixture() throws -> (dir: URL, model: String, tone: String, junk: String) {
        let dir = try TestPaths.temporaryDirectory("TranscribeCLITests")
        let modelDir = dir.appendingPathComponent("m")
        try FileManager.default.createDirectory(at: modelDir, withIntermediateDirectories: true)
        let model = modelDir.appendingPathComponent(PianoScribeModel.fileName)
        try PianoScribeModel(network: PianoScribeNetwork(shape: PianoScribeShape(channels1: 2, channels2: 2, hidden: 8), seed: 3)).save(to: model)
        let tone = dir.appendingPathComponent("tone.wav").path
        let frames = 66_150
        var samples = [Float](repeating: 0, count: 2 * frames)
        for f in 0..<frames { samples[2 * f] = Float(0.3 * sin(2 * Double.pi * 440 * Double(f) / 44_100)); samples[2 * f + 1] = samples[2 * f] }
        try WAVWriter(format: .pcm16).write(RenderedAudio(samples: samples, sampleRate: 44_100), to: tone)
        let junk = dir.appendingPathComponent("junk.wav").path
        try Data("RIFF junk, not a WAV file".utf8).write(to: URL(fileURLWithPath: junk))
        return (dir, model.path, tone, junk)
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func transcribesOneFileAndSaysWhatItFound() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let r = try cli.run(["transcribe", f.tone, "--model", f.model])
        try #require(r.status == 0, "\(r.stderr)")
        let out = f.dir.appendingPathComponent("tone.mid")
        #expect(r.stdout.hasPrefix("\(out.path): ") && r.stdout.contains(" notes") || r.stdout.contains(" note,"))
        #expect(r.stdout.contains("1.50 s of audio, transcribed in "), "\(r.stdout)")
        // Wall time, then CPU time and CPU seconds per second of audio (the README's measure).
        let cpu = try #require(r.stdout.firstMatch(of: /\((\d+\.\d\d) s of CPU, (\d+\.\d\d\d) s of CPU per second of audio\)\n$/), "\(r.stdout)")
        let cpuSeconds: Double = try #require(Double(cpu.1)), rate: Double = try #require(Double(cpu.2))
        let tolerance: Double = 0.0005 + 0.005 / 1.5   // both printed rounded
        #expect(abs(rate - cpuSeconds / 1.5) <= tolerance, "\(r.stdout)")
        let score = try Score(contentsOf: out)
        // Format 1: the tempo track, then the piano's.
        #expect(score.parts.map(\.name) == [nil, "Piano"] && score.ticksPerQuarter == 500, "\(score.parts.map(\.name))")
        // --out elsewhere, thresholds given.
        // Without --out, an existing MIDI file of that name (often the piece the audio was rendered
        // from) is never replaced: exit 73, one line, the file unchanged.
        let before = try Data(contentsOf: out)
        let again = try cli.run(["transcribe", f.tone, "--model", f.model])
        #expect(again.status == 73 && again.stderr == "Error: \(out.path) exists (it may be the MIDI file \(f.tone) was rendered from): name the output with --out\n",
                "\(again.status) \(again.stderr)")
        #expect(try Data(contentsOf: out) == before)
        let named = f.dir.appendingPathComponent("named.mid").path
        let o = try cli.run(["transcribe", f.tone, "--model", f.model, "--out", named, "--onset-threshold", "0.3", "--frame-threshold", "0.4",
                             "--min-note-ms", "50", "--quiet"])
        #expect(o.status == 0 && o.stdout.isEmpty && FileManager.default.fileExists(atPath: named), "\(o.stderr)")
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func badInputsAndOptionsGiveOneLineAndTheirExitCodes() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let missing = f.dir.appendingPathComponent("none.wav").path
        let cases: [([String], Int32, String)] = [
            (["transcribe", missing, "--model", f.model], 66, "Error: \(missing): no such file"),
            (["transcribe", f.junk, "--model", f.model], 65, "Error: \(f.junk): cannot open audio: "),
            (["transcribe", f.tone, "--model", f.dir.appendingPathComponent("nomodel.json").path], 66,
             "Error: --model \(f.dir.appendingPathComponent("nomodel.json").path): no such file"),
            (["transcribe", f.tone, "--model", f.tone], 65, "Error: \(f.tone): "),
            (["transcribe", f.tone, "--model", f.model, "--onset-threshold", "0"], 64, "Error: --onset-threshold must be 0.01...1, got 0.0"),
            (["transcribe", f.tone, "--model", f.model, "--frame-threshold", "1.5"], 64, "Error: --frame-threshold must be 0.01...1, got 1.5"),
            (["transcribe", f.tone, "--model", f.model, "--min-note-ms", "-1"], 64, "Error: --min-note-ms must be 0...10000, got -1.0"),
            (["transcribe", f.tone, "--model", f.model, "--pedal-threshold", "0"], 64, "Error: --pedal-threshold must be 0.01...1, got 0.0"),
            (["transcribe", f.tone, "--model", f.model, "--harmonic-ratio", "1.5"], 64, "Error: --harmonic-ratio must be 0...1, got 1.5"),
            (["transcribe", f.tone, "--model", f.model, "--harmonic-ratio", "nan"], 64, "Error: --harmonic-ratio must be 0...1, got nan"),
            (["transcribe", f.tone, "--model", f.model, "--offset-frame-limit", "0"], 64, "Error: --offset-frame-limit must be 0.01...1, got 0.0"),
            (["transcribe", f.tone, "--model", f.model, "--offset-frame-limit", "1.2"], 64, "Error: --offset-frame-limit must be 0.01...1, got 1.2"),
            (["transcribe", f.tone, f.junk, "--model", f.model, "--out", "x.mid"], 64, "Error: --out names one output file"),
            (["transcribe", f.tone, "--model", f.model, "--out", f.tone], 64, "Error: --out \(f.tone) is the input file"),
            (["transcribe", f.tone, "--model", f.model, "--out", "heard.txt"], 64, "Error: --out heard.txt: not a MIDI file name; use .mid or .midi"),
            // a batch whose every input is bad: one line per input, naming it (no summary line)
            (["transcribe", missing, "--model", f.model, "--out-dir", f.dir.appendingPathComponent("o").path], 66,
             "Error: \(missing): no such file or folder\n"),
            (["transcribe", f.dir.path + "/no*.wav", "--model", f.model, "--out-dir", f.dir.appendingPathComponent("o").path], 66,
             "Error: \(f.dir.path)/no*.wav: no audio file matches this pattern\n"),
        ]
        for (arguments, status, prefix) in cases {
            let r = try cli.run(arguments, environment: ["NO_COLOR": "1"])
            #expect(r.status == status && r.stderr.hasPrefix(prefix), "\(arguments): \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
        }
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func aBatchOfBadInputsPrintsOneLineEach() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let missing = f.dir.appendingPathComponent("none.wav").path
        let r = try cli.run(["transcribe", missing, f.junk, "--model", f.model, "--jobs", "1"], environment: ["NO_COLOR": "1"])
        #expect(r.status == 66, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines.first == "Error: \(missing): no such file or folder", "\(r.stderr)")
        #expect(lines.last?.hasPrefix("Error: \(f.junk): cannot open audio: ") == true, "\(r.stderr)")
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func aTruncatedFileIsTranscribedToItsReadableLengthWithAWarning() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // tone.wav holds 66,150 frames of 4 bytes after its header; keep 25,000 frames.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: f.tone))
        let header = bytes.count - 66_150 * 4
        let cut = f.dir.appendingPathComponent("cut.wav")
        try bytes.prefix(header + 100_000).write(to: cut)
        let out = f.dir.appendingPathComponent("cut.mid").path
        let r = try cli.run(["transcribe", cut.path, "--model", f.model, "--out", out, "--quiet"])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(r.stderr == "warning: \(cut.path): truncated: its header declares 1.50 s (66150 frames), the file holds 0.57 s "
                + "(25000 frames); transcribed those\n", "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
        // The whole file: no warning.
        let whole = try cli.run(["transcribe", f.tone, "--model", f.model, "--out", f.dir.appendingPathComponent("whole.mid").path, "--quiet"])
        #expect(whole.status == 0 && whole.stderr.isEmpty, "\(whole.stderr)")
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func noModelAnywhereIs69WithHowToGetOne() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // A copy of the binary in a folder with no Models/ above it, run from there.
        let bin = f.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let copy = bin.appendingPathComponent("compose")
        try FileManager.default.copyItem(at: ComposeCLITests.binary, to: copy)
        let empty = f.dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for arguments in [["transcribe", f.tone], ["evaluate", "transcribe", "--midi", f.dir.path, "--audio", f.dir.path]] {
            let r = try ComposeCLITests.run(copy, arguments, environment: ["LITTLEMOZART_MODELS": empty.path, "NO_COLOR": "1"], directory: bin)
            #expect(r.status == 69, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: no transcription model: piano-scribe.json not found (searched \(empty.path)/piano-scribe.json, "))
            #expect(r.stderr.contains("git checkout") && r.stderr.hasSuffix("or give --model FILE\n"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func aFileWithNoAudioGivesNoRate() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let empty = f.dir.appendingPathComponent("empty.wav").path
        try WAVWriter(format: .pcm16).write(RenderedAudio(samples: [], sampleRate: 44_100), to: empty)
        let out = f.dir.appendingPathComponent("empty.mid").path
        let r = try cli.run(["transcribe", empty, "--model", f.model, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(out): 0 notes, 0.00 s of audio, transcribed in ") && r.stdout.hasSuffix(" s of CPU)\n")
                && !r.stdout.contains("per second"), "\(r.stdout)")
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func aBatchNextToItsAudioNeverTakesOrReplacesAnExistingMIDIFile() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // song.wav rendered from song.mid (older or newer than the WAV: neither is replaced nor skipped).
        let other = f.dir.appendingPathComponent("other.wav").path
        try FileManager.default.copyItem(atPath: f.tone, toPath: other)
        let song = f.dir.appendingPathComponent("tone.mid")
        try Data("the user's own MIDI".utf8).write(to: song)
        let r = try cli.run(["transcribe", f.tone, other, "--model", f.model])
        #expect(r.status == 73 && r.stderr == "Error: \(song.path) exists next to the audio (it may be the MIDI file its audio was rendered from): "
                + "give --out-dir DIR, or --overwrite to replace it\n", "\(r.status) \(r.stderr)")
        #expect(try Data(contentsOf: song) == Data("the user's own MIDI".utf8))
        #expect(!FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("other.mid").path))
        // Named outputs elsewhere, or --overwrite: the batch runs.
        let outDir = f.dir.appendingPathComponent("heard")
        let kept = try cli.run(["transcribe", f.tone, other, "--model", f.model, "--out-dir", outDir.path, "--quiet"])
        #expect(kept.status == 0 && FileManager.default.fileExists(atPath: outDir.appendingPathComponent("tone.mid").path), "\(kept.stderr)")
        let replaced = try cli.run(["transcribe", f.tone, other, "--model", f.model, "--overwrite", "--quiet"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try Score(contentsOf: song).parts.map(\.name) == [nil, "Piano"])
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func batchGoesOnPastABadFileAndResumes() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let input = f.dir.appendingPathComponent("in/sub")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: f.tone, toPath: input.appendingPathComponent("a.wav").path)
        try FileManager.default.copyItem(atPath: f.junk, toPath: input.appendingPathComponent("b.wav").path)
        try FileManager.default.copyItem(atPath: f.tone, toPath: input.appendingPathComponent("c.flac.txt").path)   // not audio by name: not taken
        let outDir = f.dir.appendingPathComponent("out")
        let first = try cli.run(["transcribe", f.dir.appendingPathComponent("in").path, "--out-dir", outDir.path, "--model", f.model, "--jobs", "2"],
                                environment: ["NO_COLOR": "1"])
        #expect(first.status == 65, "\(first.stderr)")
        #expect(first.stderr.contains("transcribe: 1 done, 0 skipped, 1 failed of 2 file(s)"), "\(first.stderr)")
        #expect(first.stderr.contains("failed \(input.appendingPathComponent("b.wav").path): cannot open audio"))
        #expect(FileManager.default.fileExists(atPath: outDir.appendingPathComponent("sub/a.mid").path))
        // Two workers at once: the process's CPU time is not one file's, so only the wall time, said so.
        #expect(first.stdout.contains("s of wall time (files in parallel)") && !first.stdout.contains("CPU"), "\(first.stdout)")
        #expect(!FileManager.default.fileExists(atPath: outDir.appendingPathComponent("sub/b.mid").path))
        let again = try cli.run(["transcribe", f.dir.appendingPathComponent("in").path, "--out-dir", outDir.path, "--model", f.model, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(json["skipped"] as? Int == 1 && json["failed"] as? Int == 1 && json["done"] as? Int == 0 && again.status == 65)
        let empty = f.dir.appendingPathComponent("m")   // a folder with no audio files
        let none = try cli.run(["transcribe", empty.path, "--model", f.model, "--out-dir", outDir.path])
        #expect(none.status == 66 && none.stderr.contains("no .wav/.flac/.ogg/.opus/.mp3/.aiff files in this folder"), "\(none.stderr)")
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func evaluateTranscribesAudioAndScoresIt() throws {
        let f = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let refs = f.dir.appendingPathComponent("refs"), audio = f.dir.appendingPathComponent("audio")
        for d in [refs, audio] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        try Score(ticksPerQuarter: 480, parts: [Part(notes: [Note(pitch: 69, start: 0, duration: 1400)])]).write(to: refs.appendingPathComponent("tone.mid"))
        try Score(ticksPerQuarter: 480, parts: [Part(notes: [Note(pitch: 60, start: 0, duration: 480)])]).write(to: refs.appendingPathComponent("silent.mid"))
        try FileManager.default.copyItem(atPath: f.tone, toPath: audio.appendingPathComponent("tone.wav").path)
        let r = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model, "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.map { $0["name"] as? String } == ["silent.mid", "tone.mid"])
        #expect(files[0]["estimate"] == nil && files[0]["audio"] == nil && files[0]["timing"] == nil)
        #expect(files[1]["audio"] as? String == "tone.wav" && files[1]["estimate"] == nil)
        #expect(report["audio"] as? String == audio.path && report["estimates"] == nil && report["unmatched"] as? [String] == [])
        let timing = try #require(files[1]["timing"] as? [String: Double])
        #expect(timing["audioSeconds"] == 1.5 && (timing["transcriptionSeconds"] ?? 0) > 0)
        #expect((report["timing"] as? [String: Double])?["audioSeconds"] == 1.5)
        // The model and the decoding settings used are recorded, by name.
        #expect(report["model"] as? String == f.model)
        let decoding = try #require(report["decoding"] as? [String: Any])
        #expect(decoding["offsetFrameLimit"] as? Double == 0.9 && decoding["onsetThreshold"] as? Double == 0.2
                && decoding["harmonicRatio"] as? Double == 0.5 && decoding["minimumNoteMilliseconds"] as? Double == 80, "\(decoding)")
        let limited = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model, "--json",
                                   "--offset-frame-limit", "1"])
        let limitedReport = try #require(try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as? [String: Any])
        #expect((limitedReport["decoding"] as? [String: Any])?["offsetFrameLimit"] as? Double == 1)
        let text = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model])
        #expect(text.status == 0 && text.stdout.contains("transcribed 1.5 s of audio in "), "\(text.stdout)")
        #expect(text.stdout.contains("references \(refs.path), audio \(audio.path)") && !text.stdout.contains("estimate"), "\(text.stdout)")
        // One audio file: against one reference file whatever its name, or the file of its name in a folder.
        let toneWAV = audio.appendingPathComponent("tone.wav").path
        for midi in [refs.appendingPathComponent("silent.mid").path, refs.path] {
            let one = try cli.run(["evaluate", "transcribe", "--midi", midi, "--audio", toneWAV, "--model", f.model, "--json"])
            try #require(one.status == 0, "\(one.stderr)")
            let r1 = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
            let names = (r1["files"] as? [[String: Any]])?.map { [$0["name"] as? String, $0["audio"] as? String] }
            #expect(names == [[midi == refs.path ? "tone.mid" : "silent.mid", "tone.wav"]] && r1["audio"] as? String == toneWAV)
        }
        let folderVsFile = try cli.run(["evaluate", "transcribe", "--midi", refs.appendingPathComponent("tone.mid").path, "--audio", audio.path, "--model", f.model])
        #expect(folderVsFile.status == 64 && folderVsFile.stderr.contains("--audio \(audio.path) is a folder and --midi"), "\(folderVsFile.stderr)")
        // Unpaired audio: named (not an error); a folder where nothing pairs: exit 65.
        try FileManager.default.copyItem(atPath: f.tone, toPath: audio.appendingPathComponent("stray.wav").path)
        let stray = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model])
        #expect(stray.status == 0 && stray.stdout.contains("1 audio file with no reference of the same name, not transcribed (not an error): stray.wav"), "\(stray.stdout)")
        let noRef = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.appendingPathComponent("stray.wav").path, "--model", f.model])
        #expect(noRef.status == 66 && noRef.stderr.contains("no reference stray.mid or stray.midi in --midi \(refs.path)"), "\(noRef.stderr)")
        try FileManager.default.removeItem(at: audio.appendingPathComponent("tone.wav"))
        let none = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model])
        #expect(none.status == 65 && none.stderr.contains("none of its 1 file(s) (stray.wav) is named as a reference in \(refs.path)"), "\(none.stderr)")
        let bad = try cli.run(["evaluate", "transcribe", "--midi", refs.path, "--audio", audio.path, "--model", f.model, "--min-note-ms", "20000"])
        #expect(bad.status == 64 && bad.stderr.contains("--min-note-ms must be 0...10000, got 20000"))
    }
}
