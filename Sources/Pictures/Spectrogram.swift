import CFFTW
import Foundation

/// Short-time spectra of mono audio, computed with FFTW (real-to-complex, single precision):
/// frames of `frameSize` samples under a Hann window, one frame centred on each requested time.
/// Levels are in dBFS, calibrated so that a full-scale sine (amplitude 1) reads 0 dBFS at its bin.
package struct Spectrogram: Sendable {
    /// Samples per analysis frame (a power of two).
    package let frameSize: Int
    package let sampleRate: Double
    /// `levels[i][k]`: level of bin k (frequency `k * sampleRate / frameSize` Hz, k in 0...frameSize/2)
    /// in the frame centred on the i-th requested frame, in dBFS, floored at -160.
    package let levels: [[Float]]

    /// FFTW's planner is not thread-safe (FFTW 3.3 manual, "Thread safety"): plans are made and
    /// destroyed under this lock; executing a plan on new arrays is safe.
    private static let plannerLock = NSLock()

    /// - Parameters:
    ///   - samples: mono samples, nominally -1...1.
    ///   - sampleRate: Hz.
    ///   - centres: sample indices to centre a frame on (samples outside the signal count as 0).
    ///   - frameSize: a power of two >= 16 (default 2048: 46 ms, 21.5 Hz per bin at 44.1 kHz).
    package init(samples: [Float], sampleRate: Double, centres: [Int], frameSize: Int = 2048) {
        precondition(frameSize >= 16 && frameSize & (frameSize - 1) == 0, "frameSize must be a power of two >= 16")
        self.frameSize = frameSize
        self.sampleRate = sampleRate
        let n = frameSize, bins = n / 2 + 1
        let input = fftwf_alloc_real(n)!
        let output = fftwf_alloc_complex(bins)!
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        Self.plannerLock.lock()
        let plan = fftwf_plan_dft_r2c_1d(Int32(n), input, output, UInt32(FFTW_ESTIMATE))
        Self.plannerLock.unlock()
        defer {
            Self.plannerLock.lock()
            fftwf_destroy_plan(plan)
            Self.plannerLock.unlock()
        }
        // Hann window; a sine of amplitude A peaks at A * n / 4 in its bin.
        let window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        let scale = Float(4) / Float(n)
        var levels: [[Float]] = []
        levels.reserveCapacity(centres.count)
        for centre in centres {
            let start = centre - n / 2
            for i in 0..<n {
                let s = start + i
                input[i] = s >= 0 && s < samples.count ? samples[s] * window[i] : 0
            }
            fftwf_execute(plan)
            var frame = [Float](repeating: -160, count: bins)
            for k in 0..<bins {
                let re = output[k].0, im = output[k].1
                let magnitude = (re * re + im * im).squareRoot() * scale
                if magnitude > 1e-8 { frame[k] = 20 * log10f(magnitude) }
            }
            levels.append(frame)
        }
        self.levels = levels
    }

    /// The bin nearest to `hertz`, clamped to 0...frameSize/2.
    package func bin(ofFrequency hertz: Double) -> Int {
        min(frameSize / 2, max(0, Int((hertz * Double(frameSize) / sampleRate).rounded())))
    }
}
