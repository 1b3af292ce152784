import Foundation

/// Rendered audio: interleaved stereo Float32 frames (left, right, left, right, ...) at a sample
/// rate. Values are nominally in -1...1 (full scale) but are not clipped.
public struct RenderedAudio: Sendable, Hashable {
    /// Interleaved stereo samples; `samples.count == 2 * frameCount`.
    public var samples: [Float]
    /// Sample rate in Hz.
    public var sampleRate: Double

    /// Channels per frame: always 2 (left, right).
    public static let channelCount = 2

    /// - Parameters:
    ///   - samples: interleaved stereo samples; an odd count is a programming error.
    ///   - sampleRate: Hz, positive.
    public init(samples: [Float], sampleRate: Double) {
        precondition(samples.count % 2 == 0, "interleaved stereo needs an even sample count")
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Number of stereo frames.
    public var frameCount: Int { samples.count / 2 }

    /// Length in seconds: `frameCount / sampleRate`.
    public var durationSeconds: Double { Double(frameCount) / sampleRate }

    /// The left channel (even samples).
    public var left: [Float] { stride(from: 0, to: samples.count, by: 2).map { samples[$0] } }

    /// The right channel (odd samples).
    public var right: [Float] { stride(from: 1, to: samples.count, by: 2).map { samples[$0] } }

    /// The mean of both channels per frame.
    public var mono: [Float] {
        stride(from: 0, to: samples.count, by: 2).map { 0.5 * (samples[$0] + samples[$0 + 1]) }
    }

    /// The largest absolute sample value, linear (1.0 = full scale); 0 for silence.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }

    /// `peak` in dBFS (`20 log10(peak)`); `-infinity` for digital silence.
    public var peakDBFS: Double { Self.decibels(Double(peak)) }

    /// Root mean square over both channels, in dBFS; `-infinity` for digital silence or no frames.
    public var rmsDBFS: Double {
        guard !samples.isEmpty else { return -.infinity }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        return Self.decibels((sum / Double(samples.count)).squareRoot())
    }

    /// The frame index at `seconds` (rounded down).
    public func frame(atSeconds seconds: Double) -> Int { Int((seconds * sampleRate).rounded(.down)) }

    /// `20 log10(x)`, `-infinity` for 0.
    static func decibels(_ x: Double) -> Double { x > 0 ? 20 * log10(x) : -.infinity }

    /// `10^(dB / 20)`.
    static func linear(decibels: Double) -> Double { pow(10, decibels / 20) }
}
