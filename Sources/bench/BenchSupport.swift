import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Timing and reporting helpers shared by the benchmark subcommands.
enum Bench {
    /// Monotonic time in seconds (CLOCK_MONOTONIC).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Runs `body` `runs` times and returns each run's wall time in seconds and the last result.
    static func time<T>(runs: Int, _ body: () throws -> T) rethrows -> (seconds: [Double], result: T) {
        precondition(runs >= 1)
        var times: [Double] = []
        var last: T? = nil
        for _ in 0..<runs {
            let t0 = now()
            let r = try body()
            times.append(now() - t0)
            last = r
        }
        return (times, last!)
    }

    /// The median of `values` (mean of the middle two for an even count).
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    /// The process's peak resident set size in bytes (`getrusage` ru_maxrss, which Linux gives in KiB).
    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// The process's minor page faults so far (`getrusage` ru_minflt): pages the kernel had to map,
    /// as when freed memory went back to it and is touched again.
    static func minorPageFaults() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_minflt)
    }

    /// Every `.mid`/`.midi` file under the given folders (recursively), sorted; plain files are kept as given.
    static func midiFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw BenchError("\(path): no such file or folder")
            }
            guard isDirectory.boolValue else { out.append(path); continue }
            var found: [String] = []
            if let walker = FileManager.default.enumerator(atPath: FolderListing.resolved(URL(fileURLWithPath: path)).path) {
                for case let relative as String in walker {
                    let ext = (relative as NSString).pathExtension.lowercased()
                    if ext == "mid" || ext == "midi" { found.append((path as NSString).appendingPathComponent(relative)) }
                }
            }
            out += found.sorted()
        }
        return out
    }

    /// Total size in bytes of the files at `paths`.
    static func totalBytes(_ paths: [String]) -> Int {
        paths.reduce(0) { sum, p in
            sum + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0)
        }
    }

    /// Prints one JSON object (one line) on standard output: the row's figures.
    static func report(_ fields: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// A benchmark that cannot run (missing input), printed as one line.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
