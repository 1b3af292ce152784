import Foundation

/// What a streaming render produced (the audio itself went to a sink or a file).
public struct RenderSummary: Sendable, Hashable {
    /// Why the render stopped.
    public enum Ending: Sendable, Hashable {
        /// After the last event the output stayed under `RenderOptions.silenceThresholdDBFS` for
        /// `RenderOptions.silenceWindowMilliseconds`; the render ends with that window.
        case silence
        /// `RenderOptions.maximumTailSeconds` ran out first, with the last block still peaking at
        /// `lastBlockPeakDBFS` (dBFS): the sound is cut there.
        case tailCap(lastBlockPeakDBFS: Double)
    }

    /// Stereo frames produced, always a multiple of 64.
    public var frameCount: Int
    /// Sample rate in Hz.
    public var sampleRate: Double
    /// The largest absolute sample value, linear (1.0 = full scale).
    public var peak: Float
    /// Samples (each channel counted) whose absolute value exceeds 1.0: clipped in a 16-bit file.
    public var samplesOverFullScale: Int
    /// Notes no event ended, released at the end of their tracks (see `UnendedNote`).
    public var unendedNotes: [UnendedNote]
    /// Why the render stopped.
    public var ending: Ending

    /// - Parameters: see the properties.
    public init(frameCount: Int, sampleRate: Double, peak: Float, samplesOverFullScale: Int,
                unendedNotes: [UnendedNote], ending: Ending) {
        self.frameCount = frameCount
        self.sampleRate = sampleRate
        self.peak = peak
        self.samplesOverFullScale = samplesOverFullScale
        self.unendedNotes = unendedNotes
        self.ending = ending
    }

    /// Length in seconds: `frameCount / sampleRate`.
    public var durationSeconds: Double { Double(frameCount) / sampleRate }

    /// `peak` in dBFS; `-infinity` for digital silence.
    public var peakDBFS: Double { RenderedAudio.decibels(Double(peak)) }

    /// Samples in all (`2 * frameCount`).
    public var sampleCount: Int { 2 * frameCount }
}
