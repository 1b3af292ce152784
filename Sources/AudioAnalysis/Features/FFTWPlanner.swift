import CFFTW
import Foundation

/// FFTW's planner is not thread-safe (FFTW 3.3 manual, "Thread safety"): plans are made and
/// destroyed under one lock; executing a plan on its own arrays is safe from any thread.
enum FFTWPlanner {
    private static let lock = NSLock()

    static func plan(size: Int, input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<fftwf_complex>) -> fftwf_plan {
        lock.lock()
        defer { lock.unlock() }
        return fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE))!
    }

    static func destroy(_ plan: fftwf_plan) {
        lock.lock()
        fftwf_destroy_plan(plan)
        lock.unlock()
    }
}
