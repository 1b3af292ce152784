// bench-read FILE [--runs N]: the large-file row of Scripts/bench.sh. Reads one file into a
// `Score` (`Score.read(contentsOf:options: .lenient)`) N times and prints one JSON line: the best
// time, MB/s, and this process's peak RSS during the first read (`getrusage` ru_maxrss) beside its
// RSS before it.
//
// A process of its own that links only SMF and Music (and what they link: Foundation, FileIO),
// as a program embedding those libraries would: the `bench` executable links the whole package
// (OpenBLAS, FluidSynth, libsndfile, ...), whose start-up alone takes about 31 MB.
#if canImport(FoundationEssentials)
import struct FoundationEssentials.URL
#else
import struct Foundation.URL
#endif
import Music
import SMF
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func peakRSSBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}

/// Writes "bench-read: MESSAGE" on standard error and exits with `status` (sysexits).
func fail(_ message: String, status: Int32 = 64) -> Never {
    let line = Array("bench-read: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
if let i = arguments.firstIndex(of: "--runs") {
    guard i + 1 < arguments.count, let n = Int(arguments[i + 1]), n >= 1 else {
        fail("--runs needs a whole number of at least 1\(i + 1 < arguments.count ? ", not '\(arguments[i + 1])'" : "")")
    }
    runs = n
    arguments.removeSubrange(i...(i + 1))
}
guard arguments.count == 1 else { fail("usage: bench-read FILE [--runs N]") }
let path = arguments[0]
var st = stat()
guard stat(path, &st) == 0 else { fail("\(path): \(String(cString: strerror(errno)))") }
let bytes = Int(st.st_size)
let url = URL(fileURLWithPath: path)

let baseline = peakRSSBytes()
var times: [Double] = []
var notes = 0
var peak = 0
do {
    for run in 0..<runs {
        let t0 = now()
        let score = try Score.read(contentsOf: url, options: .lenient).score
        times.append(now() - t0)
        if run == 0 {
            notes = score.parts.reduce(0) { $0 + $1.notes.count }
            peak = peakRSSBytes()
        }
    }
} catch {
    fail("\(error)", status: 65)  // EX_DATAERR
}
let best = times.min()!
print("{\"baselineRSSBytes\":\(baseline),\"bytes\":\(bytes),\"mbPerSecond\":\(Double(bytes) / 1e6 / best),"
      + "\"memoryTargetBytes\":\(2 * bytes + 30_000_000),\"notes\":\(notes),\"peakRSSBytes\":\(peak),"
      + "\"row\":\"read-large\",\"runs\":[\(times.map { "\($0)" }.joined(separator: ","))],\"seconds\":\(best)}")
