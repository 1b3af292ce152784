import Foundation
import ModelKit
import Testing
import TestSupport
@testable import Transcription

@Suite struct PianoScribeNetworkTests {
    static let tiny = PianoScribeShape(melBins: 12, channels1: 2, channels2: 3, hidden: 5)

    static func input(frames: Int, bins: Int, seed: UInt64) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(frames * bins)).map { _ in Float(rng.nextUnitDouble() * 80 - 90) }
    }

    @Test func shapesAndRanges() {
        let net = PianoScribeNetwork(shape: Self.tiny, seed: 3)
        #expect(net.parameters.count == Self.tiny.parameterCount)
        let a = net.activations(frames: Self.input(frames: 20, bins: 12, seed: 1), count: 20)
        #expect(a.frameCount == 14)
        for values in [a.onset, a.frame, a.offset, a.velocity] {
            #expect(values.count == 14 * 88)
            #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        #expect(a.pedal == nil)
        // Default sizes: 229 bins, 3 frames of context.
        #expect(PianoScribeShape().contextFrames == 3 && PianoScribeShape().melBins == 229)
    }

    /// Each frame's output depends only on its 7-frame window: a chunk and a longer chunk agree.
    @Test func outputsDependOnlyOnTheContextWindow() {
        let net = PianoScribeNetwork(shape: Self.tiny, seed: 4)
        let x = Self.input(frames: 30, bins: 12, seed: 2)
        let whole = net.activations(frames: x, count: 30)
        let part = net.activations(frames: Array(x[(10 * 12)..<(30 * 12)]), count: 20)
        for f in 0..<14 { for k in 0..<88 { #expect(abs(part.frame[f * 88 + k] - whole.frame[(f + 10) * 88 + k]) < 1e-6) } }
    }

    /// The analytic gradient equals central finite differences (in Double of the Float loss, with
    /// the positive weights of training) on a sample of parameters from every layer; with a pedal
    /// head (its loss weighted 0.1: at larger weights the finite differences of the convolutions
    /// cross ReLU and max-pool switches within a step) and without, and with onset and offset heads
    /// that read 2 frames of hidden units on either side.
    @Test(arguments: [(false, 0), (true, 0), (false, 2)]) func gradientCheck(pedal: Bool, headContext: Int) {
        var shape = Self.tiny
        shape.pedal = pedal
        shape.headContext = headContext
        var net = PianoScribeNetwork(shape: shape, seed: 5)
        // Nonzero biases so ReLUs sit away from their kink.
        var rng = SeededGenerator(seed: 9)
        for i in net.parameters.indices { net.parameters[i] += Float(rng.nextUnitDouble() * 0.2 - 0.1) }
        let batch = 2, frames = 10 + 2 * headContext, rows = batch * 4
        let x = Self.input(frames: batch * frames, bins: 12, seed: 3)
        var t = PianoTargets(onset: [], frame: [], offset: [], velocity: [], pedal: [])
        for _ in 0..<rows { t.pedal.append(rng.nextUnitDouble() < 0.5 ? 1 : 0) }
        for _ in 0..<(rows * 88) {
            t.onset.append(rng.nextUnitDouble() < 0.1 ? 1 : 0); t.frame.append(rng.nextUnitDouble() < 0.3 ? 1 : 0)
            t.offset.append(rng.nextUnitDouble() < 0.1 ? 1 : 0); t.velocity.append(Float(rng.nextUnitDouble()))
        }
        func loss(_ n: PianoScribeNetwork) -> Double {
            PianoScribeNetwork.losses(n.forward(x, batch: batch, inputFrames: frames), t, velocityWeight: 1,
                                      onsetPositiveWeight: 10, framePositiveWeight: 2, pedalWeight: 0.1).0.total
        }
        let f = net.forward(x, batch: batch, inputFrames: frames)
        #expect((f.pedal?.count ?? 0) == (pedal ? rows : 0))
        let (_, dOn, dFr, dOff, dVel, dPedal) = PianoScribeNetwork.losses(f, t, velocityWeight: 1, onsetPositiveWeight: 10,
                                                                          framePositiveWeight: 2, pedalWeight: 0.1)
        let g = net.backward(f, onset: dOn, frame: dFr, offset: dOff, velocity: dVel, pedal: dPedal)
        #expect(g.count == net.parameters.count)
        var at = 0, checked = 0
        for (name, shape) in shape.layout {
            let n = shape.reduce(1, *)
            for j in stride(from: 0, to: n, by: max(1, n / 6)) {
                let i = at + j
                // Four step sizes: a ReLU kink or a max-pool switch inside one step spoils the larger ones only.
                let numerics = [Float(1e-2), Float(3e-3), Float(1e-3), Float(3e-4)].map { eps -> Double in
                    var plus = net, minus = net
                    plus.parameters[i] += eps; minus.parameters[i] -= eps
                    return (loss(plus) - loss(minus)) / Double(2 * eps)
                }
                let analytic = Double(g[i])
                let best = numerics.min { abs($0 - analytic) < abs($1 - analytic) }!
                #expect(abs(best - analytic) <= 2e-3 + 0.05 * abs(best), "\(name)[\(j)]: numeric \(numerics), analytic \(analytic)")
                checked += 1
            }
            at += n
        }
        #expect(checked >= (pedal ? 18 : 16) * 5)
    }

    /// A pedal head: two more tensors at the end of the layout, a pedal probability per frame; the
    /// shape's JSON names `pedal` only when it has one (files made before it decode without).
    @Test func pedalHeadShapeAndCoding() throws {
        var shape = Self.tiny
        shape.pedal = true
        #expect(shape.layout.suffix(2).map(\.name) == ["pedal.weight", "pedal.bias"])
        #expect(shape.layout.suffix(2).map(\.shape) == [[5, 1], [1]])
        #expect(shape.parameterCount == Self.tiny.parameterCount + 6)
        #expect(shape.multiplyAddsPerFrame == Self.tiny.multiplyAddsPerFrame + 5)
        let a = PianoScribeNetwork(shape: shape, seed: 3).activations(frames: Self.input(frames: 20, bins: 12, seed: 1), count: 20)
        #expect(a.pedal?.count == 14 && a.pedal!.allSatisfy { $0 > 0 && $0 < 1 })
        let old = try JSONEncoder().encode(Self.tiny)
        #expect(String(decoding: old, as: UTF8.self).contains("pedal") == false)
        #expect(try JSONDecoder().decode(PianoScribeShape.self, from: old) == Self.tiny)
        #expect(try JSONDecoder().decode(PianoScribeShape.self, from: try JSONEncoder().encode(shape)) == shape)
    }

    /// `adopt` takes the layers of the same name and shape and the input normalisation; a head
    /// the other network lacks keeps its own weights.
    @Test func adoptTakesMatchingLayers() {
        let old = PianoScribeNetwork(shape: Self.tiny, seed: 11, inputMean: -33, inputScale: 0.07)
        var shape = Self.tiny
        shape.pedal = true
        let fresh = PianoScribeNetwork(shape: shape, seed: 12)
        var adopted = fresh
        adopted.adopt(old)
        #expect(Array(adopted.parameters.prefix(old.parameters.count)) == old.parameters)
        #expect(Array(adopted.parameters.suffix(6)) == Array(fresh.parameters.suffix(6)))
        #expect(adopted.inputMean == -33 && adopted.inputScale == 0.07)
        let x = Self.input(frames: 20, bins: 12, seed: 5)
        let a = adopted.activations(frames: x, count: 20), b = old.activations(frames: x, count: 20)
        #expect(a.onset == b.onset && a.frame == b.frame && a.offset == b.offset && a.velocity == b.velocity)
    }

    /// A head context of c: the onset and offset weights read (2c + 1) frames of hidden units, the
    /// network needs 3 + c frames of context, each output frame depends on its window only, the
    /// shape's JSON names `headContext` only when it is not 0, and a network widened from one
    /// without context by `adopt` computes exactly what that one did.
    @Test func headContextShapeCodingAndWidening() throws {
        var shape = Self.tiny
        shape.headContext = 2
        #expect(shape.contextFrames == 5)
        #expect(shape.layout.first { $0.name == "onset.weight" }?.shape == [25, 88])
        #expect(shape.layout.first { $0.name == "offset.weight" }?.shape == [25, 88])
        #expect(shape.layout.first { $0.name == "velocity.weight" }?.shape == [5, 88])
        #expect(shape.parameterCount == Self.tiny.parameterCount + 2 * 20 * 88)
        #expect(shape.multiplyAddsPerFrame == Self.tiny.multiplyAddsPerFrame + 2 * 20 * 88)
        #expect(String(decoding: try JSONEncoder().encode(shape), as: UTF8.self).contains("\"headContext\":2"))
        #expect(try JSONDecoder().decode(PianoScribeShape.self, from: try JSONEncoder().encode(shape)) == shape)
        #expect(String(decoding: try JSONEncoder().encode(Self.tiny), as: UTF8.self).contains("headContext") == false)
        let bad = Data(#"{"melBins":12,"channels1":2,"channels2":3,"hidden":5,"headContext":-1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PianoScribeShape.self, from: bad) }

        let x = Self.input(frames: 30, bins: 12, seed: 6)
        let wide = PianoScribeNetwork(shape: shape, seed: 13)
        let whole = wide.activations(frames: x, count: 30)
        #expect(whole.frameCount == 20)
        let part = wide.activations(frames: Array(x[(10 * 12)..<(30 * 12)]), count: 20)
        #expect(part.frameCount == 10)
        for f in 0..<10 { for k in 0..<88 { #expect(abs(part.onset[f * 88 + k] - whole.onset[(f + 10) * 88 + k]) < 1e-6) } }

        let old = PianoScribeNetwork(shape: Self.tiny, seed: 14, inputMean: -30, inputScale: 0.06)
        var widened = wide
        widened.adopt(old)
        let a = widened.activations(frames: x, count: 30), b = old.activations(frames: x, count: 30)
        #expect(a.frameCount == b.frameCount - 4)
        for values in [(a.onset, b.onset), (a.offset, b.offset), (a.frame, b.frame), (a.velocity, b.velocity)] {
            for f in 0..<a.frameCount { for k in 0..<88 { #expect(abs(values.0[f * 88 + k] - values.1[(f + 2) * 88 + k]) < 1e-5) } }
        }
        // Widened again, 2 -> 3 frames (not a multiple): the same activations, one frame fewer each side.
        var wider = PianoScribeNetwork(shape: PianoScribeShape(melBins: 12, channels1: 2, channels2: 3, hidden: 5, headContext: 3), seed: 15)
        wider.adopt(widened)
        let c = wider.activations(frames: x, count: 30)
        #expect(c.frameCount == a.frameCount - 2)
        for values in [(c.onset, a.onset), (c.offset, a.offset), (c.frame, a.frame), (c.velocity, a.velocity)] {
            for f in 0..<c.frameCount { for k in 0..<88 { #expect(abs(values.0[f * 88 + k] - values.1[(f + 1) * 88 + k]) < 1e-5) } }
        }
        // Narrower than the other's: new heads (the seed's), the other layers taken.
        var narrow = PianoScribeNetwork(shape: Self.tiny, seed: 16)
        let seeded = narrow.parameters
        narrow.adopt(wider)
        #expect(narrow.parameters != seeded && narrow.inputMean == -30)
        let onsetAt = Self.tiny.layout.prefix { $0.name != "onset.weight" }.reduce(0) { $0 + $1.shape.reduce(1, *) }
        #expect(Array(narrow.parameters[onsetAt..<(onsetAt + 5 * 88)]) == Array(seeded[onsetAt..<(onsetAt + 5 * 88)]))
        // Onset weights: the old ones on the centre frame (rows 10..<15), zeros on the other four.
        let at = shape.layout.prefix { $0.name != "onset.weight" }.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let onset = Array(widened.parameters[at..<(at + 25 * 88)])
        #expect(onset.enumerated().allSatisfy { i, v in (10 * 88..<15 * 88).contains(i) || v == 0 })
    }

    /// The weighted cross-entropy: exact values at x = 0 (ln 2 per term), the positive term times
    /// w, and w = 1 is ModelKit's plain one.
    @Test func weightedCrossEntropy() {
        let expected: Double = 11 * log(2.0) / 2
        let (mean, g) = PianoScribeNetwork.weightedCrossEntropy(logits: [0, 0], targets: [1, 0], positiveWeight: 10)
        #expect(abs(mean - expected) < 1e-6)
        let expectedGradient: [Float] = [-2.5, 0.25]
        #expect(g == expectedGradient)
        let x: [Float] = [-3, 0.5, 2], t: [Float] = [0, 1, 1]
        let plain = Losses.sigmoidCrossEntropy(logits: x, targets: t)
        let one = PianoScribeNetwork.weightedCrossEntropy(logits: x, targets: t, positiveWeight: 1)
        #expect(one.mean == plain.mean && one.gradient == plain.gradient)
    }

    @Test func saveLoadRoundTripGivesIdenticalOutputs() throws {
        let dir = try TestPaths.temporaryDirectory("PianoScribe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = PianoScribeModel(network: PianoScribeNetwork(shape: PianoScribeShape(), seed: 7, inputMean: -35, inputScale: 0.04))
        let url = dir.appendingPathComponent(PianoScribeModel.fileName)
        try model.save(to: url)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("piano-scribe.safetensors").path))
        let loaded = try PianoScribeModel.load(from: url)
        #expect(loaded.contextFrames == 3 && loaded.logMel == model.logMel && loaded.network.parameters == model.network.parameters)
        let x = Self.input(frames: 16, bins: 229, seed: 4)
        #expect(loaded.activations(frames: x, count: 16) == model.activations(frames: x, count: 16))
        #expect(loaded.network.inputMean == -35 && loaded.network.inputScale == 0.04)
    }

    @Test func loadRefusesAnotherFormat() throws {
        let dir = try TestPaths.temporaryDirectory("PianoScribe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("x.json")
        try Data(#"{"format": "something else", "version": 1}"#.utf8).write(to: url)
        #expect(throws: ModelFileError.self) { try PianoScribeModel.load(from: url) }
    }
}
