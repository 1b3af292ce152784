import Foundation

/// Triangular mel filters over FFT bins, as `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax)`
/// with its defaults (`htk=False`: Slaney's mel scale, linear below 1 kHz and logarithmic above;
/// `norm="slaney"`: each triangle scaled by 2 / its width in Hz, so filters have equal area).
struct MelFilterbank {
    /// Per mel bin: the first FFT bin with a non-zero weight and the weights from there.
    var filters: [(first: Int, weights: [Float])]
    /// The centre frequency of each mel bin in Hz.
    var centres: [Double]

    init(sampleRate: Int, fftSize: Int, melBins: Int, minimumFrequency: Double, maximumFrequency: Double) {
        let bins = fftSize / 2 + 1
        let fftFrequencies = (0..<bins).map { Double($0) * Double(sampleRate) / Double(fftSize) }
        let low = Self.mel(hertz: minimumFrequency), high = Self.mel(hertz: maximumFrequency)
        let edges = (0..<(melBins + 2)).map { Self.hertz(mel: low + (high - low) * Double($0) / Double(melBins + 1)) }
        var filters: [(Int, [Float])] = []
        for m in 0..<melBins {
            let lowerWidth = edges[m + 1] - edges[m], upperWidth = edges[m + 2] - edges[m + 1]
            let norm = 2 / (edges[m + 2] - edges[m])
            var weights = [Double](repeating: 0, count: bins)
            for k in 0..<bins {
                let lower = (fftFrequencies[k] - edges[m]) / lowerWidth
                let upper = (edges[m + 2] - fftFrequencies[k]) / upperWidth
                weights[k] = max(0, min(lower, upper)) * norm
            }
            let first = weights.firstIndex { $0 > 0 } ?? 0
            let last = weights.lastIndex { $0 > 0 } ?? -1
            filters.append((first, last < first ? [] : weights[first...last].map { Float($0) }))
        }
        self.filters = filters
        self.centres = Array(edges[1...melBins])
    }

    /// Slaney's mel scale (librosa `hz_to_mel`, htk=False): 3 mels per 200 Hz below 1 kHz, then
    /// 27 mels per factor of 6.4.
    static func mel(hertz f: Double) -> Double {
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return f >= minLogHz ? minLogMel + log(f / minLogHz) / logStep : f / fSp
    }

    /// The inverse of `mel(hertz:)`.
    static func hertz(mel m: Double) -> Double {
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = log(6.4) / 27
        return m >= minLogMel ? minLogHz * exp(logStep * (m - minLogMel)) : fSp * m
    }
}
