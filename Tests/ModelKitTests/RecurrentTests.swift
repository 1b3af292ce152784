import Foundation
import Testing
@testable import ModelKit

@Suite("LSTM layers")
struct RecurrentTests {
    @Test("LSTMNetwork: analytic gradient matches central differences on a tiny network")
    func lstmNetworkGradient() {
        let shape = LSTMShape(inputSize: 6, hiddenSize: 4, layers: 2, outputSize: 5)
        let net = LSTMNetwork(shape: shape, seed: 3)
        let T = 4, B = 2
        var batch = LSTMBatch(steps: T, batch: B)
        var rng = SeededGenerator(seed: 4)
        for t in 0..<T {
            for _ in 0..<B {
                let a = Int32(rng.next() % 6), b = Int32((Int(a) + 1 + Int(rng.next() % 5)) % 6)
                batch.append(features: [a, b], target: t == 1 ? -1 : Int32(rng.next() % 5), reset: t == 0)
            }
        }
        var gradient = [Float](repeating: 0, count: net.parameterCount)
        var state = LSTMState(shape: shape, batch: B)
        var r = SeededGenerator(seed: 0)
        gradient.withUnsafeMutableBufferPointer { g in _ = net.pass(batch, state: &state, rng: &r, gradient: g.baseAddress!) }
        let base = net.parameters
        let worst = worstGradientError(base, analytic: gradient, indices: sampled(net.parameterCount, step: 7), eps: 1e-2) { p in
            let n = LSTMNetwork(shape: shape, parameters: p)
            var s = LSTMState(shape: shape, batch: B), r = SeededGenerator(seed: 0)
            let result = n.pass(batch, state: &s, rng: &r)
            return result.nats / Double(result.count)
        }
        #expect(worst < 2e-2, "worst relative error \(worst)")
    }

    func layerCheck(reversed: Bool) {
        let B = 2, T = 5, I = 3, H = 4
        let layer = LSTMLayer(inputSize: I, hiddenSize: H, seed: 21)
        let x = randomValues(B * T * I, seed: 22), r = randomValues(B * T * H, seed: 23)
        let tape = layer.forward(x, batch: B, time: T, reversed: reversed)
        var g = layer.zeroGradient()
        let dX = layer.backward(x, tape: tape, outputGradient: r, into: &g)
        func loss(_ l: LSTMLayer, _ x: [Float]) -> Double { project(l.forward(x, batch: B, time: T, reversed: reversed).outputs, r) }
        var worst = worstGradientError(x, analytic: dX) { loss(layer, $0) }
        worst = max(worst, worstGradientError(layer.weightX, analytic: g.weightX) { w in
            loss(LSTMLayer(inputSize: I, hiddenSize: H, weightX: w, weightH: layer.weightH, bias: layer.bias), x)
        })
        worst = max(worst, worstGradientError(layer.weightH, analytic: g.weightH) { w in
            loss(LSTMLayer(inputSize: I, hiddenSize: H, weightX: layer.weightX, weightH: w, bias: layer.bias), x)
        })
        worst = max(worst, worstGradientError(layer.bias, analytic: g.bias) { b in
            loss(LSTMLayer(inputSize: I, hiddenSize: H, weightX: layer.weightX, weightH: layer.weightH, bias: b), x)
        })
        #expect(worst < 1e-2, "reversed \(reversed): worst relative error \(worst)")
    }

    @Test("LSTMLayer: gradients through time match central differences, both directions")
    func lstmLayerGradients() {
        layerCheck(reversed: false)
        layerCheck(reversed: true)
    }

    @Test("a reversed LSTMLayer reads the sequence as the forward one reads it mirrored")
    func reversedIsMirrored() {
        let B = 2, T = 6, I = 3, H = 5
        let layer = LSTMLayer(inputSize: I, hiddenSize: H, seed: 31)
        let x = randomValues(B * T * I, seed: 32)
        var mirrored = x
        for b in 0..<B { for t in 0..<T { for i in 0..<I { mirrored[(b * T + t) * I + i] = x[(b * T + T - 1 - t) * I + i] } } }
        let backward = layer.forward(x, batch: B, time: T, reversed: true).outputs
        let forward = layer.forward(mirrored, batch: B, time: T).outputs
        var worst: Float = 0
        for b in 0..<B {
            for t in 0..<T {
                for j in 0..<H { worst = max(worst, abs(backward[(b * T + t) * H + j] - forward[(b * T + T - 1 - t) * H + j])) }
            }
        }
        #expect(worst < 1e-6)
    }

    @Test("LSTMLayer computes LSTMNetwork's cell: one-hot inputs give the network's layer-0 states")
    func layerMatchesNetwork() {
        let shape = LSTMShape(inputSize: 4, hiddenSize: 3, layers: 1, outputSize: 2)
        let net = LSTMNetwork(shape: shape, seed: 41)
        let l = net.layout.layers[0], H = 3, G = 12
        let layer = LSTMLayer(inputSize: 4, hiddenSize: H, weightX: Array(net.parameters[l.wx ..< l.wx + 4 * G]),
                              weightH: Array(net.parameters[l.wh ..< l.wh + H * G]), bias: Array(net.parameters[l.b ..< l.b + G]))
        let features: [Int32] = [2, 0, 3, 3, 1]
        var x = [Float](repeating: 0, count: features.count * 4)
        for (t, f) in features.enumerated() { x[t * 4 + Int(f)] = 1 }
        let outputs = layer.forward(x, batch: 1, time: features.count).outputs
        var state = LSTMState(shape: shape, batch: 1)
        for (t, f) in features.enumerated() {
            _ = net.step(features: [[f]], state: &state)
            for j in 0..<H { #expect(abs(state.h[0][j] - outputs[t * H + j]) < 1e-6) }
        }
    }

    @Test("BidirectionalLSTM: the last states of both directions, gradients checked")
    func bidirectional() {
        let B = 3, T = 4, I = 2, H = 3
        let encoder = BidirectionalLSTM(inputSize: I, hiddenSize: H, seed: 51)
        let x = randomValues(B * T * I, seed: 52), r = randomValues(B * 2 * H, seed: 53)
        let (out, tape) = encoder.forward(x, batch: B, time: T)
        #expect(out.count == B * 2 * H)
        // Forward half: h after the last step; backward half: the reversed layer's h at step 0.
        let f = encoder.forwardLayer.forward(x, batch: B, time: T).outputs
        let b = encoder.backwardLayer.forward(x, batch: B, time: T, reversed: true).outputs
        #expect(Array(out[0..<H]) == Array(f[(T - 1) * H ..< T * H]))
        #expect(Array(out[H..<(2 * H)]) == Array(b[0..<H]))
        var g = encoder.zeroGradient()
        let dX = encoder.backward(x, tape: tape, outputGradient: r, into: &g)
        #expect(worstGradientError(x, analytic: dX) { x in project(encoder.forward(x, batch: B, time: T).output, r) } < 1e-2)
        let wh = encoder.backwardLayer.weightH
        #expect(worstGradientError(wh, analytic: g.backwardLayer.weightH) { w in
            var e = encoder
            e.backwardLayer.weightH = w
            return project(e.forward(x, batch: B, time: T).output, r)
        } < 1e-2)
        let wx = encoder.forwardLayer.weightX
        #expect(worstGradientError(wx, analytic: g.forwardLayer.weightX) { w in
            var e = encoder
            e.forwardLayer.weightX = w
            return project(e.forward(x, batch: B, time: T).output, r)
        } < 1e-2)
    }
}
