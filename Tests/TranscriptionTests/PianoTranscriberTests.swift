import AudioAnalysis
import Foundation
import Synth
import Testing
import TestSupport
@testable import Transcription

/// The streaming pipeline (audio file -> log-mel -> model in chunks -> notes) with an untrained
/// small network: these tests check counts, chunking and memory, not what is heard.
@Suite struct PianoTranscriberTests {
    static let model = PianoScribeModel(network: PianoScribeNetwork(shape: PianoScribeShape(channels1: 2, channels2: 2, hidden: 8), seed: 7))

    /// A stereo sine of `frames` frames at `rate`, written in blocks (a long file costs no memory).
    static func writeTone(_ path: String, rate: Int, frames: Int, hertz: Double = 440) throws {
        try WAVWriter(format: .pcm16).write(to: path, sampleRate: Double(rate)) { stream in
            var block = [Float](repeating: 0, count: 2 * 4096)
            var f = 0
            while f < frames {
                let n = min(4096, frames - f)
                for i in 0..<n {
                    let v = Float(0.3 * sin(2 * Double.pi * hertz * Double(f + i) / Double(rate)))
                    block[2 * i] = v
                    block[2 * i + 1] = v
                }
                try block[0 ..< 2 * n].withUnsafeBufferPointer { try stream.append($0) }
                f += n
            }
        }
    }

    @Test(arguments: [(44_100, 66_150), (48_000, 48_001), (16_000, 1_599), (22_050, 1)])
    func framesAndSamplesAreExact(rate: Int, frames: Int) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.wav").path
        try Self.writeTone(path, rate: rate, frames: frames)
        let result = try PianoTranscriber(model: Self.model, chunkFrames: 40).transcribe(path: path)
        let samples = (2 * frames * 16_000 + rate) / (2 * rate)
        #expect(result.sampleCount == samples)
        #expect(result.frameCount == 1 + samples / 160)
        #expect(result.audioSeconds == Double(samples) / 16_000)
        #expect(result.notes.allSatisfy { $0.offsetFrame <= result.frameCount && $0.onsetFrame < $0.offsetFrame })
    }

    /// A model with a pedal head that always hears the pedal down (its bias +20): the pedal goes
    /// down at the first frame and up at the end, whatever the chunking, and the MIDI written holds
    /// controller 64 at 127 on tick 0 and at 0 on the last frame's tick.
    @Test func aPedalHeadBecomesControllerSixtyFour() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.wav").path
        try Self.writeTone(path, rate: 16_000, frames: 16_000)
        var network = PianoScribeNetwork(shape: PianoScribeShape(channels1: 2, channels2: 2, hidden: 8, pedal: true), seed: 7)
        network.parameters[network.parameters.count - 1] = 20
        let model = PianoScribeModel(network: network)
        for chunk in [40, 500] {
            let result = try PianoTranscriber(model: model, chunkFrames: chunk).transcribe(path: path)
            #expect(result.frameCount == 101)
            #expect(result.pedalEvents == [PedalEvent(frame: 0, down: true), PedalEvent(frame: 101, down: false)])
            let pedal = result.score().parts[0].controls.compactMap { c -> [Int]? in
                guard case .controlChange(0, 64, let v) = c.message else { return nil }
                return [c.tick, Int(v)]
            }
            #expect(pedal == [[0, 127], [1010, 0]])
        }
        // Moved back by a 10-frame lead-in: a press within the lead-in is dropped, one that spans
        // its end starts at frame 0, later ones move back by 10.
        #expect(PianoTranscriber.movedBack([PedalEvent(frame: 2, down: true), PedalEvent(frame: 8, down: false),
                                            PedalEvent(frame: 9, down: true), PedalEvent(frame: 15, down: false),
                                            PedalEvent(frame: 30, down: true), PedalEvent(frame: 41, down: false)], by: 10)
                == [PedalEvent(frame: 0, down: true), PedalEvent(frame: 5, down: false),
                    PedalEvent(frame: 20, down: true), PedalEvent(frame: 31, down: false)])
        // Without a pedal head: no pedal events.
        #expect(try PianoTranscriber(model: Self.model, chunkFrames: 40).transcribe(path: path).pedalEvents.isEmpty)
    }

    @Test func chunkedActivationsEqualOnePass() throws {
        // 2.5 s of a chord, analysed once; the model run on all of it (padded) vs in chunks of 37.
        var samples = [Float](repeating: 0, count: 40_000)
        for (i, _) in samples.enumerated() {
            let t = Double(i) / 16_000
            samples[i] = Float(0.2 * sin(2 * .pi * 261.6 * t) + 0.2 * sin(2 * .pi * 329.6 * t) + 0.1 * sin(2 * .pi * 392 * t))
        }
        let analyzer = try LogMelAnalyzer(settings: Self.model.logMel)
        let mel = analyzer.append(samples) + analyzer.finish()
        let bins = Self.model.logMel.melBins, c = Self.model.contextFrames, count = mel.count / bins
        #expect(count == 251)
        let pad = [Float](repeating: Self.model.silenceDB, count: c * bins)
        let whole = Self.model.activations(frames: pad + mel + pad, count: count + 2 * c)
        let chunks = try ChunkedActivations(contextFrames: c, melBins: bins, chunkFrames: 37, padValue: Self.model.silenceDB) {
            Self.model.activations(frames: $0, count: $1)
        }
        var pieces = PianoActivations(zeroFrames: 0)
        for s in stride(from: 0, to: count, by: 50) {
            for a in try chunks.append(Array(mel[s * bins ..< min(count, s + 50) * bins])) { pieces.append(a) }
        }
        for a in try chunks.finish() { pieces.append(a) }
        #expect(pieces.frameCount == count && whole.frameCount == count)
        for (head, a, b) in [("onset", pieces.onset, whole.onset), ("frame", pieces.frame, whole.frame),
                             ("offset", pieces.offset, whole.offset), ("velocity", pieces.velocity, whole.velocity)] {
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "\(head): largest difference \(worst)")
        }
    }

    @Test func memoryDoesNotGrowWithTheLengthOfTheAudio() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var peaks: [Int] = []
        for seconds in [6, 60] {
            let path = dir.appendingPathComponent("tone\(seconds).wav").path
            try Self.writeTone(path, rate: 16_000, frames: seconds * 16_000)
            let result = try PianoTranscriber(model: Self.model, chunkFrames: 500).transcribe(path: path)
            #expect(result.frameCount == 1 + seconds * 100)
            peaks.append(result.peakBufferedFrames)
        }
        // Frames held at once: a chunk and its context, plus one block of audio's frames (16,384
        // samples: at most 103 frames), whatever the length (where the blocks fall in the chunks
        // varies, so the peaks differ a little below that bound).
        #expect(peaks.allSatisfy { $0 <= 500 + 2 * 3 - 1 + 103 }, "\(peaks)")
    }

    @Test func missingAndUndecodableFilesThrowAudioErrorsNamingThem() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.wav").path
        try Data("not audio at all".utf8).write(to: URL(fileURLWithPath: junk))
        let transcriber = try PianoTranscriber(model: Self.model)
        #expect { try transcriber.transcribe(path: junk) } throws: { error in
            guard case .cannotOpen(let path, _)? = error as? AudioAnalysisError else { return false }
            return path == junk
        }
    }
}
