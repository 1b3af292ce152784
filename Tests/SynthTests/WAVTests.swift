import TestSupport
import Foundation
import SMF
import Synth
import Testing

@Suite("WAV files")
struct WAVTests {
    func contents(of dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func float32RoundTripIsExact() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples: [Float] = (0..<2000).map { Float(sin(Double($0) * 0.01)) * 0.9 } + [1.5, -1.5]
        let audio = RenderedAudio(samples: samples, sampleRate: 44100)
        let path = dir.appendingPathComponent("f.wav").path
        try WAVWriter(format: .float32).write(audio, to: path)
        let info = try WAVReader.info(path: path)
        #expect(info.sampleFormat == .float32)
        #expect(info.channelCount == 2 && info.sampleRate == 44100 && info.frameCount == 1001)
        #expect(try WAVReader.read(path: path) == audio)          // float files are not clipped
        #expect(try contents(of: dir) == ["f.wav"])               // no temporary file left
    }

    @Test func pcm16ConvertsLikeTheFluidSynthCLI() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // lrintf(x * 2^31) >> 16 (arithmetic shift: floor), clipped to full scale.
        let input: [Float] = [0, 0.5, 0.9, -0.3, 1.0, -1.0, 1.7, -2, 0.3, 1 / 65536]
        let expected: [Int] = [0, 16384, 29491, -9831, 32767, -32768, 32767, -32768, 9830, 0]
        let path = dir.appendingPathComponent("s.wav").path
        try WAVWriter().write(RenderedAudio(samples: input, sampleRate: 22050), to: path)   // default: 16-bit
        #expect(try WAVReader.info(path: path).sampleFormat == .pcm16)
        let back = try WAVReader.read(path: path)
        #expect(back.sampleRate == 22050)
        #expect(back.samples.map { Int(($0 * 32768).rounded()) } == expected)
        // round(x * 32767) would give 29490 for 0.9 and -9830 for -0.3.
    }

    @Test func writingIntoAMissingDirectoryThrowsNamingThePathAndLeavesNothing() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("no/such/dir/out.wav").path
        let error = try #require(throws: SynthError.self) {
            try WAVWriter().write(RenderedAudio(samples: [0, 0], sampleRate: 44100), to: path)
        }
        guard case .wavWriteFailed(let failedPath, _) = error else {
            Issue.record("expected .wavWriteFailed, got \(error)")
            return
        }
        #expect(failedPath == path)
        #expect(error.description.contains(path))
        #expect(try contents(of: dir).isEmpty)
    }

    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The destination is a non-empty directory: the data is written, the rename fails.
        let target = dir.appendingPathComponent("taken.wav")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data().write(to: target.appendingPathComponent("x"))
        #expect(throws: SynthError.self) {
            try WAVWriter().write(RenderedAudio(samples: [0.1, 0.2], sampleRate: 44100), to: target.path)
        }
        #expect(try contents(of: dir) == ["taken.wav"])
    }

    @Test func overwritingReplacesTheFileWhole() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.wav").path
        try WAVWriter().write(RenderedAudio(samples: [Float](repeating: 0.25, count: 20000), sampleRate: 44100), to: path)
        try WAVWriter(format: .float32).write(RenderedAudio(samples: [0.5, -0.5], sampleRate: 8000), to: path)
        let back = try WAVReader.read(path: path)
        #expect(back == RenderedAudio(samples: [0.5, -0.5], sampleRate: 8000))
        #expect(try contents(of: dir) == ["out.wav"])
    }

    @Test func readingAMissingFileNamesIt() {
        #expect(throws: SynthError.self) { try WAVReader.read(path: "/nonexistent/x.wav") }
        do {
            _ = try WAVReader.read(path: "/nonexistent/x.wav")
        } catch {
            #expect("\(error)".contains("/nonexistent/x.wav"))
        }
    }

    @Test("16-bit files equal `fluidsynth -O s16` sample for sample",
          .enabled(if: Support.fluidsynthCLI != nil && Support.soundFont != nil, "needs the fluidsynth CLI and a SoundFont"))
    func pcm16MatchesCLI() throws {
        let sf = try #require(Support.soundFont)
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let midi = dir.appendingPathComponent("multi.mid").path
        let file = Support.multiChannel()
        try Data(Support.encode(file)).write(to: URL(fileURLWithPath: midi))
        let cli = try Support.renderWithCLI(midiPath: midi, soundFont: sf, in: dir, format: "s16")
        let ours = dir.appendingPathComponent("ours.wav").path
        try WAVWriter(format: .pcm16).write(try render(file, configuration: .init(soundFontPath: sf, gain: 0.2)), to: ours)
        let back = try WAVReader.read(path: ours)
        // Ours ends once the tail is under -90 dBFS; the CLI's samples after that are 0 or +-1 LSB.
        #expect(back.frameCount < cli.frameCount)
        #expect(Support.firstDifference(back.samples, Array(cli.samples.prefix(back.samples.count))) == nil)
        #expect(cli.samples.dropFirst(back.samples.count).allSatisfy { abs($0) <= 1.0 / 32768 })
    }
}
