import Testing
@testable import Transcription

@Suite struct ChunkedActivationsTests {
    /// A windowed sum as the "model": onset of key 0 at inner frame j is the sum of bin 0 over the
    /// frames j - 3 ... j + 3 of its input, frame of key 0 the input's bin 1 at j (the frame's own
    /// value), so every output frame shows exactly which input frames it saw.
    static func windowSum(context: Int, melBins: Int) -> ChunkedActivations.Model {
        { frames, count in
            var a = PianoActivations(zeroFrames: count - 2 * context)
            for j in 0 ..< count - 2 * context {
                var sum: Float = 0
                for g in j ... j + 2 * context { sum += frames[g * melBins] }
                a.onset[j * 88] = sum
                a.frame[j * 88] = frames[(j + context) * melBins + 1]
            }
            return a
        }
    }

    @Test(arguments: [1, 5, 64, 1000])
    func everyFrameIsLabelledOnceWithItsOwnContext(chunk: Int) throws {
        let melBins = 2, context = 3, total = 257
        // Frame f holds (f, 1000 + f).
        let input = (0..<total).flatMap { [Float($0), Float(1000 + $0)] }
        for block in [1, 7, 100, total] {
            let chunks = try ChunkedActivations(contextFrames: context, melBins: melBins, chunkFrames: chunk, padValue: -100,
                                                model: Self.windowSum(context: context, melBins: melBins))
            var out = PianoActivations(zeroFrames: 0)
            for s in stride(from: 0, to: total, by: block) {
                for a in try chunks.append(Array(input[s * melBins ..< min(total, s + block) * melBins])) { out.append(a) }
            }
            for a in try chunks.finish() { out.append(a) }
            #expect(out.frameCount == total && chunks.framesLabelled == total && chunks.framesAppended == total)
            for f in 0..<total {
                let expected = (f - context ... f + context).map { g in (0..<total).contains(g) ? Float(g) : -100 }.reduce(0, +)
                #expect(out.onset[f * 88] == expected, "chunk \(chunk), block \(block), frame \(f)")
                #expect(out.frame[f * 88] == Float(1000 + f))
            }
            // At most one window less a frame, plus the last block (or the end padding).
            #expect(chunks.peakBufferedFrames <= chunk + 2 * context - 1 + max(block, context))
        }
    }

    @Test func shortInputsAndNoInput() throws {
        for total in [0, 1, 2, 6, 7] {
            let chunks = try ChunkedActivations(contextFrames: 3, melBins: 1, chunkFrames: 4, model: Self.windowSum(context: 3, melBins: 1))
            var n = try chunks.append([Float](repeating: 0, count: total)).map(\.frameCount).reduce(0, +)
            n += try chunks.finish().map(\.frameCount).reduce(0, +)
            #expect(n == total)
        }
    }

    @Test func wrongModelOutputIsAnError() throws {
        let chunks = try ChunkedActivations(contextFrames: 2, melBins: 1, chunkFrames: 3) { _, _ in PianoActivations(zeroFrames: 1) }
        #expect(throws: TranscriberError.activationShape(expected: 3, got: 1)) { try chunks.append([0, 0, 0, 0, 0]) }
    }

    @Test func settingsOutOfRange() {
        #expect(throws: TranscriberError.settingOutOfRange(name: "chunk frames", value: 0, allowed: "1...1000000")) {
            try ChunkedActivations(contextFrames: 3, melBins: 229, chunkFrames: 0) { _, c in PianoActivations(zeroFrames: c) }
        }
    }
}
