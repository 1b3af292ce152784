import ArgumentParser
import Foundation
import Piano
import Synth
#if canImport(Glibc)
import Glibc
#endif

/// The terminal piano's input path, timed as `piano` times it for its status line: from the moment
/// the key's byte has been read (here from a pipe, as from the terminal) through `KeyParser` and
/// `PianoModel` to the return of `Synthesizer.send(.noteOn)` (`fluid_synth_noteon`). Also prints the
/// configured audio latency of the default ALSA output (period size x periods / sample rate).
struct PianoLatencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "piano", abstract: "Key byte read -> fluid_synth_noteon (µs).")

    @Option(help: "SoundFont to use.")
    var soundfont: String

    @Option(help: "Key presses to time.")
    var keys = 2000

    func run() throws {
        let synth = try Synthesizer(configuration: SynthesizerConfiguration(soundFontPath: soundfont))
        var model = PianoModel()
        var parser = KeyParser()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe(2) failed") }
        defer { close(fds[0]); close(fds[1]) }
        // Keys of the tracker layout's lower row (z x c v b n m): one note each.
        let keyBytes: [UInt8] = Array("zxcvbnm".utf8)
        var latencies: [Double] = []
        var chunk = [UInt8](repeating: 0, count: 64)
        var scratch = [Float](repeating: 0, count: 2 * 64)
        var now = 0.0
        for i in 0..<keys {
            var byte = keyBytes[i % keyBytes.count]
            _ = write(fds[1], &byte, 1)
            let n = read(fds[0], &chunk, chunk.count)
            let readTime = Bench.now()
            guard n > 0 else { throw BenchError("read(2) from the pipe failed") }
            var sent = false
            // Far-apart key times, so every press is a fresh note-on, never a key repeat.
            now += 10
            for input in parser.feed(Array(chunk[0..<n])) {
                guard case .key(let event) = input else { continue }
                for action in model.handle(event, now: now) {
                    if case .send(let message) = action {
                        synth.send(message)
                        if case .noteOn = message, !sent {
                            latencies.append(Bench.now() - readTime)
                            sent = true
                        }
                    }
                }
            }
            // Keep the synth's voice count bounded, as the audio thread would by rendering.
            scratch.withUnsafeMutableBufferPointer { synth.render(frameCount: 64, into: $0) }
        }
        guard !latencies.isEmpty else { throw BenchError("no note-on was produced by the key presses") }
        let sorted = latencies.sorted()
        let alsa = LiveOutputConfiguration()
        Bench.report(["row": "piano", "keys": latencies.count,
                      "medianMicroseconds": Bench.median(latencies) * 1e6,
                      "p99Microseconds": sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6,
                      "maxMicroseconds": sorted.last! * 1e6,
                      "configuredLatencyMs": alsa.latencyMilliseconds(sampleRate: 44100),
                      "periodSize": alsa.periodSize, "periods": alsa.periods])
    }
}
