import ArgumentParser
import Foundation
import SMF
import Synth

/// Renders every file of a folder to float WAV with `--jobs` threads sharing one `Renderer` (the
/// SoundFont is loaded once), as a batch render does. Settings as `fluidsynth -ni -g 0.2 -F out.wav
/// -O float`, so the work equals the CLI's, sample for sample.
struct RenderBatchBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render-batch",
                                                    abstract: "Render a folder of MIDI files to WAV with N threads (seconds, files/s).")

    @Argument(help: "Folder of .mid files (searched recursively) or files.")
    var paths: [String]

    @Option(help: "SoundFont to use.")
    var soundfont: String

    @Option(help: "Worker threads.")
    var jobs = 2

    @Option(help: "Folder for the WAV files (default: a new temporary folder, removed afterwards).")
    var out: String?

    func run() throws {
        let files = try Bench.midiFiles(paths)
        let dir = out ?? NSTemporaryDirectory() + "bench-render-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if out == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let t0 = Bench.now()
        let renderer = try Renderer(configuration: SynthesizerConfiguration(
            soundFontPath: soundfont, gain: SynthesizerConfiguration.fluidSynthDefaultGain))
        let queue = WorkQueue(count: files.count)
        let failures = FailureList()
        let writer = WAVWriter(format: .float32)
        let workers = (0..<max(jobs, 1)).map { _ in
            Thread {
                while let i = queue.next() {
                    do {
                        let midi = try MIDIFile.read(contentsOf: URL(fileURLWithPath: files[i]), options: .lenient).file
                        let audio = try renderer.render(midi)
                        let name = (files[i] as NSString).lastPathComponent
                        try writer.write(audio, to: (dir as NSString).appendingPathComponent(name + ".wav"))
                    } catch {
                        failures.add("\(files[i]): \(error)")
                    }
                }
                queue.finished()
            }
        }
        workers.forEach { $0.start() }
        queue.waitForWorkers(workers.count)
        let seconds = Bench.now() - t0
        Bench.report(["row": "render-batch", "files": files.count, "failed": failures.items.count, "jobs": jobs,
                      "seconds": seconds, "filesPerSecond": Double(files.count) / seconds,
                      "errors": failures.items])
    }
}

/// Hands out indices 0..<count to worker threads, and lets the main thread wait for them.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSCondition()
    private var nextIndex = 0
    private var done = 0
    private let count: Int
    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func finished() {
        lock.lock(); done += 1; lock.signal(); lock.unlock()
    }

    func waitForWorkers(_ n: Int) {
        lock.lock()
        while done < n { lock.wait() }
        lock.unlock()
    }
}

/// Error lines collected from worker threads.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
