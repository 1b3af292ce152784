import TestSupport
import Foundation
import Testing
@testable import Pictures

@Suite struct AudioPlotTests {
    /// 1 s of a 1 kHz sine, amplitude 0.5, at 8 kHz.
    static let sine: [Float] = (0..<8000).map { Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }

    @Test func spectrogramCalibrationPutsAHalfScaleSineAtMinus6dBFS() {
        let s = Spectrogram(samples: Self.sine, sampleRate: 8000, centres: [4000])
        let k = s.bin(ofFrequency: 1000)
        #expect(k == 256)
        #expect(abs(s.levels[0][k] - 20 * log10(0.5)) < 0.01)
        #expect(s.levels[0].max() == s.levels[0][k])
        #expect(s.levels[0][s.bin(ofFrequency: 2000)] < -100)
    }

    @Test func plotPNGSizeWaveformAndSpectrogramPixels() throws {
        let plot = try AudioPlot(samples: Self.sine, sampleRate: 8000, options: .init(width: 300))
        // 300 - 56 - 12 = 232 columns; 26 + 140 + 24 + 260 + 32 = 482 px high.
        #expect(plot.columns.count == 232 && plot.height == 482)
        #expect(plot.columns.allSatisfy { abs($0.max - 0.5) < 0.01 && abs($0.min + 0.5) < 0.01 && abs($0.rms - 0.3536) < 0.01 })
        #expect(plot.highestFrequency == 4000)
        #expect(plot.spectrogramRow(ofFrequency: 1000) == 78)       // log(4000/1000) / log(4000/40) x 260

        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("wave.png").path
        try plot.write(to: path)
        let png = try Support.PNG(path: path)
        #expect(png.width == 300 && png.height == 482)
        func rgb(_ c: RollColour) -> (Int, Int, Int) { (Int(c.red), Int(c.green), Int(c.blue)) }
        // Column 100 (x = 156): peak band light blue at +0.45, RMS band dark blue at +0.2, white at +0.7.
        #expect(png.colour(x: 156, y: Int(plot.waveformY(0.45))) == rgb(RollColour(hex: 0x9DB7D5)))
        #expect(png.colour(x: 156, y: Int(plot.waveformY(0.2))) == rgb(RollColour(hex: 0x2E5A88)))
        #expect(png.colour(x: 156, y: Int(plot.waveformY(0.7))) == rgb(.white))
        // Spectrogram: the 1 kHz row is -6 dBFS on the colour map; 100 Hz is at the -80 dBFS floor (dark purple).
        let top = Int(plot.spectrogram.y)
        let bright = png.colour(x: 156, y: top + 78), expected = rgb(AudioPlot.colour(forLevel: -6.02))
        #expect(abs(bright.0 - expected.0) <= 2 && abs(bright.1 - expected.1) <= 2 && abs(bright.2 - expected.2) <= 2,
                "\(bright) vs \(expected)")
        #expect(png.colour(x: 156, y: top + plot.spectrogramRow(ofFrequency: 100)) == rgb(RollColour(hex: 0x440154)))
    }

    @Test func colourMapEndsAndEmptyAudio() {
        #expect(AudioPlot.colour(forLevel: 0) == RollColour(hex: 0xFDE725))
        #expect(AudioPlot.colour(forLevel: -80) == RollColour(hex: 0x440154))
        #expect(AudioPlot.colour(forLevel: -40) == RollColour(hex: 0x21918C))
        #expect(AudioPlot.colour(forLevel: -200) == RollColour(hex: 0x440154))
        #expect(throws: PictureError.emptyAudio) { try AudioPlot(samples: [], sampleRate: 44100) }
    }
}
