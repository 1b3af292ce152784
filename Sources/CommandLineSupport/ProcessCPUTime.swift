#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time used by this process so far (`getrusage(RUSAGE_SELF)`: user + system, every thread,
/// OpenBLAS's included), seconds; `compose transcribe` and the bench's transcription row.
package enum ProcessCPUTime {
    package static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
