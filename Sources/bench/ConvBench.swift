import ArgumentParser
import Foundation
import ModelKit
import Transcription

/// `bench conv`: Piano Scribe's three convolutions as `compose transcribe` runs them (ModelKit's
/// `Conv2D`, im2col + OpenBLAS sgemm, then ReLU) on one chunk of the shipped shape: 200 labelled
/// frames plus the context on both sides, by the mel bins. `Scripts/bench-conv-backends.sh` prints
/// it beside the same convolutions through oneDNN (issue 18 asks which is faster here).
struct ConvBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conv",
                                                    abstract: "Time Piano Scribe's convolutions (ModelKit Conv2D) on one 200-frame chunk.")

    @Option(help: "Runs per layer (the median is printed).")
    var runs = 200

    func run() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { BLAS.setThreads(1) }
        let shape = PianoScribeShape.shipped
        let frames = PianoTranscriber.defaultChunkFrames + 2 * shape.contextFrames
        // (in channels, out channels, input frames, input bins): no padding in time, so each
        // convolution labels two frames fewer; the 1 x 2 pooling before the third halves the bins.
        let layers = [(1, shape.channels1, frames, shape.melBins), (shape.channels1, shape.channels1, frames - 2, shape.melBins),
                      (shape.channels1, shape.channels2, frames - 4, shape.melBins / 2)]
        var row: [String: Any] = ["row": "conv", "chunkFrames": PianoTranscriber.defaultChunkFrames, "runs": runs]
        var total = 0.0
        for (i, (cin, cout, height, width)) in layers.enumerated() {
            let conv = Conv2D(inChannels: cin, outChannels: cout, kernel: Size2D(3), padding: PianoScribeNetwork.convPadding, seed: UInt64(i + 1))
            var rng = SeededGenerator(seed: UInt64(11 + i))
            let x = (0..<(cin * height * width)).map { _ in Float(rng.nextUnitDouble() - 0.5) }
            _ = Bench.time(runs: 5) { conv.forward(x, batch: 1, input: Size2D(height: height, width: width)) }   // warm-up
            let timed = Bench.time(runs: runs) { () -> Float in
                var y = conv.forward(x, batch: 1, input: Size2D(height: height, width: width))
                for k in y.indices where y[k] < 0 { y[k] = 0 }
                return Swift.stride(from: 0, to: y.count, by: 101).reduce(0) { $0 + y[$1] }   // a sample of the output
            }
            let ms = Bench.median(timed.seconds) * 1000
            total += ms
            row["conv\(i + 1)Milliseconds"] = ms
            row["conv\(i + 1)"] = "\(cin)->\(cout), \(height)x\(width)"
            row["conv\(i + 1)Checksum"] = Double(timed.result)
        }
        row["totalMilliseconds"] = total
        print(String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self))
    }
}
