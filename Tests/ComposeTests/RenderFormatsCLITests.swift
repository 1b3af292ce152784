import Foundation
import Synth
import TestSupport
import Testing

/// `compose render --out` writes the format its extension names (through libsndfile), refuses any
/// other extension, and says what happened when the default output would be the input.
extension ComposeCLITests {
    func leadingBytes(_ path: String, _ count: Int) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(count))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func renderWritesTheFormatItsExtensionNames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func render(_ name: String, _ extra: [String] = []) throws -> (Result, String) {
            let out = dir.appendingPathComponent(name).path
            return (try run(["render", Self.jig.path, "--out", out, "--sample-rate", "22050", "--no-reverb", "--no-chorus"] + extra), out)
        }
        let (wavRun, wav) = try render("jig.wav")
        try #require(wavRun.status == 0, "\(wavRun.stderr)")
        #expect(try leadingBytes(wav, 4) == Array("RIFF".utf8))
        let wavInfo = try WAVReader.info(path: wav)

        let (flacRun, flac) = try render("jig.flac")
        try #require(flacRun.status == 0, "\(flacRun.stderr)")
        #expect(try leadingBytes(flac, 4) == Array("fLaC".utf8))
        let flacInfo = try WAVReader.info(path: flac)
        #expect(flacInfo.frameCount == wavInfo.frameCount && flacInfo.sampleRate == 22050 && flacInfo.channelCount == 2)
        // FLAC is lossless: the WAV's 16-bit samples, each (before, libsndfile's own rounding into
        // FLAC differed by 1 LSB in half of them).
        #expect(try WAVReader.read(path: flac).samples == WAVReader.read(path: wav).samples)

        for name in ["jig.ogg", "jig.OGA"] {
            let (oggRun, ogg) = try render(name)
            try #require(oggRun.status == 0, "\(oggRun.stderr)")
            #expect(try leadingBytes(ogg, 4) == Array("OggS".utf8))
            #expect(try WAVReader.info(path: ogg).frameCount == wavInfo.frameCount)
        }
        let (aiffRun, aiff) = try render("jig.aiff", ["--format", "float"])
        try #require(aiffRun.status == 0, "\(aiffRun.stderr)")
        #expect(try leadingBytes(aiff, 4) == Array("FORM".utf8))

        // Any other extension (or none): one usage line naming --out and its value, nothing written.
        for name in ["jig.txt", "jig.mid", "jig"] {
            let (r, out) = try render(name)
            #expect(r.status == 64, "\(name): \(r.stderr)")
            #expect(r.stderr == "Error: --out \(out): not an audio file name; use .wav, .flac, .ogg, .oga, .aif, .aiff\n")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let (floatFlac, floatOut) = try render("float.flac", ["--format", "float"])
        #expect(floatFlac.status == 64 && floatFlac.stderr.contains("--out \(floatOut): FLAC holds 16-bit samples"), "\(floatFlac.stderr)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func renderOfAMIDIFileNamedWavSaysTheDefaultOutputIsTheInput() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let misnamed = dir.appendingPathComponent("m2.wav")
        try FileManager.default.copyItem(at: Self.jig, to: misnamed)
        let before = try Data(contentsOf: misnamed)
        let r = try run(["render", misnamed.path])
        #expect(r.status == 64)
        #expect(r.stderr == "Error: \(misnamed.path): the output would be the input itself (without --out, render writes the input's name "
                + "with .wav); name the audio file with --out, e.g. --out m2-audio.wav\n")
        #expect(!r.stderr.contains("--out \(misnamed.path)"))
        #expect(try Data(contentsOf: misnamed) == before)
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func composeAloneIsAUsageError() throws {
        let r = try run([])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("OVERVIEW: Compose, inspect and render Standard MIDI Files"), "\(r.stderr)")
        #expect(r.stderr.contains("USAGE: compose <subcommand>"), "\(r.stderr)")
        let help = try run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: compose <subcommand>"))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func playIntoAFileWritesTheFormatItsExtensionNames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let midi = dir.appendingPathComponent("short.mid")
        try Data(Self.readingPolicyFile()).write(to: midi)               // 2 s at 120 bpm
        let flac = dir.appendingPathComponent("played.flac").path
        let r = try run(["play", midi.path, "--audio-file", flac])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try leadingBytes(flac, 4) == Array("fLaC".utf8))
        #expect(try WAVReader.info(path: flac).frameCount > 44_100)
        let txt = dir.appendingPathComponent("played.txt").path
        let refused = try run(["play", midi.path, "--audio-file", txt])
        #expect(refused.status == 64)
        #expect(refused.stderr == "Error: --audio-file \(txt): not an audio file name; use .wav, .flac, .ogg, .oga, .aif, .aiff\n")
        #expect(!FileManager.default.fileExists(atPath: txt))
    }
}
