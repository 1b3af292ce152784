import Foundation
import Testing
@testable import AudioAnalysis

@Suite struct LogMelAnalyzerTests {
    static func tone(_ hertz: Double, amplitude: Double = 0.5, samples: Int = 16_000) -> [Float] {
        (0..<samples).map { Float(amplitude * sin(2 * Double.pi * hertz * Double($0) / 16_000)) }
    }

    @Test func filtersAreLibrosas() throws {
        // librosa 0.11 filters.mel(sr=16000, n_fft=2048, n_mels=229, fmin=30, fmax=8000): first
        // non-zero FFT bin, last, and the first three weights of mel bins 0, 50, 114 and 228.
        let bank = try LogMelAnalyzer().filterbank
        let expected: [(Int, Int, Int, [Float])] = [
            (0, 4, 7, [0.007414411753416061, 0.05375448614358902, 0.053938284516334534]),
            (50, 87, 90, [0.00281937001273036, 0.049159444868564606, 0.058533329516649246]),
            (114, 217, 222, [0.0055141509510576725, 0.020423175767064095, 0.035332199186086655]),
            (228, 997, 1023, [4.187048034509644e-05, 0.0007458314066752791, 0.001449792180210352]),
        ]
        for (m, first, last, weights) in expected {
            let f = bank.filters[m]
            #expect(f.first == first && f.first + f.weights.count - 1 == last, "mel bin \(m)")
            for (a, b) in zip(f.weights, weights) { #expect(abs(a - b) < 1e-7, "mel bin \(m)") }
        }
        #expect(bank.filters.count == 229)
        #expect(abs(bank.centres[0] - 42.984243615050715) < 1e-9 && abs(bank.centres[114] - 1715.2375602178975) < 1e-9)
    }

    @Test(arguments: [(440.0, 31, 36.437774658203125), (1_000.0, 74, 36.47800827026367), (3_000.0, 156, 32.62125015258789)])
    func pureToneLandsInItsMelBin(hertz: Double, bin: Int, librosaDecibels: Double) throws {
        let analyzer = try LogMelAnalyzer()
        var frames = analyzer.append(Self.tone(hertz))
        frames += analyzer.finish()
        #expect(frames.count == 101 * 229)   // 1 + 16000 / 160 frames
        let frame50 = Array(frames[(50 * 229)..<(51 * 229)])
        let peak = frame50.indices.max { frame50[$0] < frame50[$1] }!
        #expect(peak == bin)
        // librosa: 10 log10 of (mel filters @ |stft(center=True, pad_mode="constant")|^2), frame 50.
        #expect(abs(Double(frame50[bin]) - librosaDecibels) < 1e-3)
        #expect(abs(analyzer.melCentres[bin] - hertz) / hertz < 0.05)
    }

    @Test func blocksOfAnySizeGiveTheSameFrames() throws {
        let x = Self.tone(523.25, samples: 12_345)
        let whole = try LogMelAnalyzer()
        let expected = whole.append(x) + whole.finish()
        #expect(expected.count == (1 + 12_345 / 160) * 229)
        for size in [1, 159, 160, 1_000, 5_000] {
            let analyzer = try LogMelAnalyzer()
            var frames: [Float] = []
            var i = 0
            while i < x.count {
                frames += analyzer.append(Array(x[i..<min(i + size, x.count)]))
                i += size
            }
            frames += analyzer.finish()
            #expect(frames == expected, "blocks of \(size)")
            #expect(analyzer.framesEmitted == 78 && analyzer.samplesAppended == 12_345)
        }
    }

    @Test func silenceIsTheFloorAndMemoryStaysOneWindow() throws {
        let analyzer = try LogMelAnalyzer()
        var count = 0
        for _ in 0..<200 {   // 20 s of silence in 1,600-sample blocks
            let frames = analyzer.append([Float](repeating: 0, count: 1_600))
            #expect(frames.allSatisfy { $0 == -100 })
            count += frames.count
            #expect(analyzer.bufferedSampleCount <= 2_048 + 1_600)
        }
        count += analyzer.finish().count
        #expect(count == (1 + 320_000 / 160) * 229)
    }

    @Test func settingsOutOfRangeAreTypedErrors() {
        var s = LogMelSettings()
        #expect(s.framesPerSecond == 100 && s.frameCount(samples: 0) == 1 && s.frameCount(samples: 159) == 1 && s.frameCount(samples: 160) == 2)
        s.fftSize = 1000
        #expect(throws: AudioAnalysisError.settingOutOfRange(name: "FFT size", value: 1000, allowed: "a power of two in 16...65536")) {
            _ = try LogMelAnalyzer(settings: s)
        }
        s = LogMelSettings()
        s.maximumFrequency = 9_000
        #expect(throws: AudioAnalysisError.self) { _ = try LogMelAnalyzer(settings: s) }
    }
}
