import Foundation

/// A picture of rendered audio: the waveform (per pixel column the minimum and maximum sample,
/// with the RMS darker inside) above a spectrogram (STFT levels, `Spectrogram`, on a logarithmic
/// frequency axis from 40 Hz to 16 kHz or Nyquist, coloured with the viridis colour map from
/// -80 dBFS, an 80 dB range as in librosa's default display, to 0 dBFS), sharing one time axis. Positions are computed here; `write(to:)` draws them with cairo.
public struct AudioPlot: Sendable {
    /// How to draw the plot: width, title and STFT frame length.
    public struct Options: Sendable, Hashable {
        /// Picture width in pixels, >= 240.
        public var width: Int
        /// A title line (e.g. the file name), or nil.
        public var title: String?
        /// STFT frame length in samples (a power of two).
        public var frameSize: Int
        /// Options with the given width (pixels), title and frame size (samples).
        public init(width: Int = 1200, title: String? = nil, frameSize: Int = 2048) {
            self.width = width
            self.title = title
            self.frameSize = frameSize
        }
    }

    /// Picture width in pixels (`Options.width`).
    public let width: Int
    /// Picture height in pixels, from the panel and margin sizes.
    public let height: Int
    /// The waveform panel; its vertical middle is 0, its top +1, its bottom -1 (full scale).
    package let waveform: PictureRect
    /// The spectrogram panel; one pixel column per waveform column.
    package let spectrogram: PictureRect
    /// The title line, or nil.
    public let title: String?
    /// The audio's length in seconds: sample count / sample rate.
    public let durationSeconds: Double
    /// STFT frame length in samples.
    package let frameSize: Int
    /// Per pixel column of the panels: minimum, maximum and RMS of the samples it covers.
    package let columns: [(min: Float, max: Float, rms: Float)]
    /// Spectrogram pixels, row-major from the top (highest frequency), RGB.
    let spectrogramRGB: [UInt8]
    /// Lowest and highest frequency of the spectrogram's axis, Hz.
    package let lowestFrequency: Double
    /// The axis' top, Hz: 16 kHz or the Nyquist frequency (sample rate / 2), whichever is lower.
    package let highestFrequency: Double

    /// Layout sizes in pixels: margins, the title band and the panels' heights.
    package static let leftMargin = 56.0, rightMargin = 12.0, titleHeight = 26.0, waveformHeight = 140.0
    package static let panelGap = 24.0, spectrogramHeight = 260.0, bottomMargin = 32.0
    /// Levels mapped onto the colour map: from `floorDBFS` (darkest) to 0 dBFS (brightest).
    package static let floorDBFS: Float = -80

    /// - Parameters:
    ///   - samples: mono samples, nominally -1...1 (louder values are clipped in the picture).
    ///   - sampleRate: Hz.
    ///   - options: width in pixels (>= 240), title, STFT frame length in samples.
    /// - Throws: `PictureError.emptyAudio` for no samples, `PictureError.tooNarrow` below 240 px.
    /// - Precondition: `options.frameSize` is a power of two >= 16 (`Spectrogram` traps otherwise).
    public init(samples: [Float], sampleRate: Double, options: Options = Options()) throws(PictureError) {
        guard !samples.isEmpty else { throw .emptyAudio }
        guard options.width >= 240 else { throw .tooNarrow(width: options.width, minimum: 240) }
        width = options.width
        title = options.title
        frameSize = options.frameSize
        durationSeconds = Double(samples.count) / sampleRate
        let top = Self.titleHeight
        let panelWidth = (Double(options.width) - Self.leftMargin - Self.rightMargin).rounded(.down)
        waveform = PictureRect(x: Self.leftMargin, y: top, width: panelWidth, height: Self.waveformHeight)
        spectrogram = PictureRect(x: Self.leftMargin, y: waveform.maxY + Self.panelGap, width: panelWidth, height: Self.spectrogramHeight)
        height = Int(spectrogram.maxY + Self.bottomMargin)

        let count = Int(panelWidth)
        var columns: [(min: Float, max: Float, rms: Float)] = []
        var centres: [Int] = []
        for c in 0..<count {
            let from = c * samples.count / count, to = max(from + 1, (c + 1) * samples.count / count)
            var lo = Float.infinity, hi = -Float.infinity, sum: Float = 0
            for s in samples[from..<min(to, samples.count)] {
                lo = Swift.min(lo, s)
                hi = Swift.max(hi, s)
                sum += s * s
            }
            let n = Float(min(to, samples.count) - from)
            columns.append(n > 0 ? (lo, hi, (sum / n).squareRoot()) : (0, 0, 0))
            centres.append((from + to) / 2)
        }
        self.columns = columns

        let lowest = 40.0, highest = min(16_000, sampleRate / 2)
        lowestFrequency = lowest
        highestFrequency = highest
        let spectra = Spectrogram(samples: samples, sampleRate: sampleRate, centres: centres, frameSize: options.frameSize)
        let rows = Int(Self.spectrogramHeight)
        // Bin range of each pixel row (top = highest frequency), at least one bin.
        let binRanges: [ClosedRange<Int>] = (0..<rows).map { r in
            let upper = highest * pow(lowest / highest, Double(r) / Double(rows))
            let lower = highest * pow(lowest / highest, Double(r + 1) / Double(rows))
            let a = spectra.bin(ofFrequency: lower), b = spectra.bin(ofFrequency: upper)
            return min(a, b)...max(a, b)
        }
        var rgb = [UInt8](repeating: 0, count: rows * count * 3)
        for (c, levels) in spectra.levels.enumerated() {
            for r in 0..<rows {
                var level = -Float.infinity
                for k in binRanges[r] { level = Swift.max(level, levels[k]) }
                let colour = Self.colour(forLevel: level.rounded())   // whole dB: fewer colours, smaller PNGs
                let i = (r * count + c) * 3
                rgb[i] = colour.red
                rgb[i + 1] = colour.green
                rgb[i + 2] = colour.blue
            }
        }
        spectrogramRGB = rgb
    }

    /// The pixel row (from the spectrogram panel's top) whose band holds `hertz`.
    package func spectrogramRow(ofFrequency hertz: Double) -> Int {
        let fraction = log(highestFrequency / hertz) / log(highestFrequency / lowestFrequency)
        return min(Int(spectrogram.height) - 1, max(0, Int(fraction * spectrogram.height)))
    }

    /// The y of a sample value in the waveform panel (values beyond ±1 are clipped to the panel).
    package func waveformY(_ value: Float) -> Double {
        waveform.y + waveform.height / 2 * (1 - Double(Swift.max(-1, Swift.min(1, value))))
    }

    /// The x of a time in seconds in either panel.
    package func x(ofSeconds seconds: Double) -> Double {
        waveform.x + seconds / durationSeconds * waveform.width
    }

    /// Viridis (matplotlib's default colour map, van der Walt and Smith 2015), sampled at 0, 0.25,
    /// 0.5, 0.75 and 1 and interpolated linearly: `floorDBFS` and below is dark purple, 0 dBFS yellow.
    package static func colour(forLevel dBFS: Float) -> RollColour {
        let stops: [RollColour] = [0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725].map { RollColour(hex: $0) }
        let t = Double(Swift.max(0, Swift.min(1, (dBFS - floorDBFS) / -floorDBFS))) * Double(stops.count - 1)
        let i = Swift.min(Int(t), stops.count - 2)
        return stops[i + 1].over(stops[i], alpha: t - Double(i))
    }

    /// Writes the plot to `path` (.png or .svg), atomically.
    /// - Throws: `PictureError.unsupportedFormat`, `PictureError.cairo`, or `FileIOError`.
    public func write(to path: String) throws {
        let format = try PictureFormat(path: path)
        try CairoCanvas.write(to: path, format: format, width: width, height: height) { draw(on: $0) }
    }

    func draw(on c: CairoCanvas) {
        let font = 10.0
        let axis = RollColour.text, grid = RollColour.beatLine
        c.fill(PictureRect(x: 0, y: 0, width: Double(width), height: Double(height)), .white)
        if let title {
            c.text(title, x: Self.leftMargin, y: 17, size: 12, axis, bold: true)
        }

        // Time grid: a step of 0.5, 1, 2, 5 ... s giving labels at least 70 px apart.
        let steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200]
        let step = steps.first { $0 / durationSeconds * waveform.width >= 70 } ?? steps.last!
        var t = 0.0
        while t <= durationSeconds + 1e-9 {
            let x = self.x(ofSeconds: t)
            c.line(from: (x, waveform.y), to: (x, waveform.maxY), grid, width: 0.75)
            c.line(from: (x, spectrogram.maxY), to: (x, spectrogram.maxY + 4), axis)
            let label = step < 1 ? String(format: "%.1f s", t) : String(format: "%d:%02d", Int(t) / 60, Int(t) % 60)
            c.text(label, x: x, y: spectrogram.maxY + 16, size: font, axis, align: .centre)
            t += step
        }

        // Waveform: min...max per column (light), ±RMS (dark), zero line.
        c.line(from: (waveform.x, waveformY(0)), to: (waveform.maxX, waveformY(0)), grid)
        for (i, col) in columns.enumerated() {
            let x = waveform.x + Double(i) + 0.5
            c.line(from: (x, waveformY(col.max)), to: (x, waveformY(col.min) + 0.01), RollColour(hex: 0x9DB7D5))
            c.line(from: (x, waveformY(col.rms)), to: (x, waveformY(-col.rms) + 0.01), RollColour(hex: 0x2E5A88))
        }
        c.stroke(waveform, RollColour.barLine, lineWidth: 0.5)
        for (value, label) in [(Float(1), "+1"), (0, "0"), (-1, "-1")] {
            c.text(label, x: waveform.x - 5, y: waveformY(value) + 3.5, size: font, axis, align: .right)
        }
        c.text("waveform", x: waveform.x + 4, y: waveform.y + 12, size: font, axis)

        // Spectrogram and its frequency axis.
        c.image(rgb: spectrogramRGB, pixelWidth: columns.count, pixelHeight: Int(spectrogram.height), in: spectrogram)
        for hz in [50.0, 100, 200, 500, 1000, 2000, 5000, 10_000] where hz >= lowestFrequency && hz <= highestFrequency {
            let y = spectrogram.y + Double(spectrogramRow(ofFrequency: hz)) + 0.5
            c.line(from: (spectrogram.x - 4, y), to: (spectrogram.x, y), axis)
            c.text(hz >= 1000 ? "\(Int(hz / 1000))k" : "\(Int(hz))", x: spectrogram.x - 6, y: y + 3.5, size: font, axis, align: .right)
        }
        c.text("Hz", x: spectrogram.x - 6, y: spectrogram.y - 4, size: font, axis, align: .right)
        c.text("spectrogram (dBFS, \(Int(Self.floorDBFS)) to 0, Hann window of \(frameSize) samples)",
               x: spectrogram.x, y: spectrogram.y - 6, size: font, axis)
    }
}
