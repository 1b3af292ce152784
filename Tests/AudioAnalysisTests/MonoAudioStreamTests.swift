import Foundation
import Testing
import TestSupport
@testable import AudioAnalysis

@Suite struct MonoAudioStreamTests {
    @Test(arguments: [(44_100, 66_150, 24_000), (48_000, 48_000, 16_000), (22_050, 12_345, 8_958), (8_000, 4_001, 8_002), (96_000, 3, 1)])
    func deliversExactlyRoundedFramesTimesRatio(rate: Int, frames: Int, expected: Int) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.wav").path
        #expect(writeAudio(path, format: wav16, sampleRate: rate, channels: 2, frames: frames, value: sine(440, amplitude: 0.5, rate: rate)))
        for blockSize in [100, 16_384] {
            let stream = try MonoAudioStream(path: path, blockSize: blockSize)
            #expect(stream.info.sampleRate == rate && stream.info.channelCount == 2 && stream.info.frameCount == frames)
            #expect(stream.expectedSampleCount == expected)
            var count = 0, blocks = 0
            while let block = try stream.nextBlock() {
                #expect(block.count <= blockSize)
                count += block.count
                blocks += 1
            }
            #expect(count == expected, "rate \(rate), block \(blockSize)")
            #expect(stream.samplesDelivered == expected && blocks == (expected + blockSize - 1) / blockSize)
            #expect(try stream.nextBlock() == nil)
        }
    }

    @Test func sameRateIsPassedThroughAndChannelsAreAveraged() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("six.wav").path
        // Six channels at 16 kHz: channel c holds c/8 + frame/100000; their mean is 5/16 + frame/100000.
        #expect(writeAudio(path, format: wavFloat, sampleRate: 16_000, channels: 6, frames: 1_000) { f, c in Float(c) / 8 + Float(f) / 100_000 })
        let samples = try MonoAudioStream(path: path).readAll()
        #expect(samples.count == 1_000)
        for (f, s) in samples.enumerated() {
            let channels = (0..<6).map { Float($0) / 8 + Float(f) / 100_000 }
            #expect(s == channels.reduce(0, +) * (1 / 6), "frame \(f)")
        }
    }

    @Test func resampledToneKeepsItsFrequencyAndLevel() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.flac").path
        #expect(writeAudio(path, format: flac16, sampleRate: 44_100, channels: 1, frames: 44_100, value: sine(1_000, amplitude: 0.5, rate: 44_100)))
        let x = try MonoAudioStream(path: path, blockSize: 4_000).readAll()
        #expect(x.count == 16_000)
        // Away from the ends: RMS 0.5 / sqrt 2, and the 1 kHz sine's 16 samples per period.
        let middle = x[2_000..<14_000]
        let rms = (middle.map { Double($0) * Double($0) }.reduce(0, +) / Double(middle.count)).squareRoot()
        #expect(abs(rms - 0.5 / 2.0.squareRoot()) < 1e-3)
        var crossings = 0
        for i in 2_001..<14_000 where (x[i - 1] < 0) != (x[i] < 0) { crossings += 1 }
        #expect(abs(crossings - 1_500) <= 1)   // 12,000 samples = 0.75 s of 1 kHz, 2 crossings per period (the ends may fall on a zero)
    }

    @Test(arguments: ["ogg", "mp3"])
    func readsCompressedFormats(ext: String) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.\(ext)").path
        guard writeAudio(path, format: ext == "ogg" ? oggVorbis : mp3, sampleRate: 48_000, channels: 2, frames: 48_000,
                         value: sine(440, amplitude: 0.5, rate: 48_000)) else {
            print("skipped: this libsndfile cannot write .\(ext)")
            return
        }
        let stream = try MonoAudioStream(path: path)
        let x = try stream.readAll()
        #expect(stream.info.sampleRate == 48_000 && stream.info.channelCount == 2)
        #expect(x.count == stream.sampleCount(forFrames: stream.info.frameCount))
        #expect(abs(x.count - 16_000) <= 1_000)   // MP3 adds encoder padding
        let peak = x.map { abs($0) }.max() ?? 0
        #expect(peak > 0.4 && peak < 0.6)
    }

    @Test func badFilesAndSettingsAreTypedErrors() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("none.wav").path
        #expect {
            _ = try MonoAudioStream(path: missing)
        } throws: { error in
            guard case AudioAnalysisError.cannotOpen(let path, _) = error else { return false }
            return path == missing && "\(error)".hasPrefix("\(missing): cannot open audio: ")
        }
        let text = dir.appendingPathComponent("notes.wav").path
        try Data("not audio at all".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: AudioAnalysisError.self) { _ = try MonoAudioStream(path: text) }
        let good = dir.appendingPathComponent("ok.wav").path
        #expect(writeAudio(good, format: wav16, sampleRate: 16_000, channels: 1, frames: 10) { _, _ in 0 })
        #expect(throws: AudioAnalysisError.settingOutOfRange(name: "sample rate", value: 10, allowed: "1000...384000 Hz")) {
            _ = try MonoAudioStream(path: good, sampleRate: 10)
        }
        #expect(throws: AudioAnalysisError.settingOutOfRange(name: "block size", value: 0, allowed: "1...1048576 samples")) {
            _ = try MonoAudioStream(path: good, blockSize: 0)
        }
    }
}
