import Foundation
import Testing
@testable import ModelKit

@Suite("Layers together")
struct LayerCompositionTests {
    @Test("Dense, ReLU, Dense and softmax cross-entropy learn XOR with Adam")
    func xor() {
        var first = Dense(inputSize: 2, outputSize: 8, seed: 1)
        var second = Dense(inputSize: 8, outputSize: 2, seed: 2)
        var adams = [Adam(parameterCount: first.weight.count), Adam(parameterCount: first.bias.count),
                     Adam(parameterCount: second.weight.count), Adam(parameterCount: second.bias.count)]
        let x: [Float] = [0, 0, 0, 1, 1, 0, 1, 1]
        let targets: [Int32] = [0, 1, 1, 0]
        func logits() -> (hidden: [Float], activated: [Float], output: [Float]) {
            let h = first.forward(x, batch: 4)
            let a = Activation.relu.forward(h)
            return (h, a, second.forward(a, batch: 4))
        }
        let initial = Losses.softmaxCrossEntropy(logits: logits().output, classes: 2, targets: targets).mean
        for _ in 0..<300 {
            let (h, a, y) = logits()
            let loss = Losses.softmaxCrossEntropy(logits: y, classes: 2, targets: targets)
            var g2 = second.zeroGradient(), g1 = first.zeroGradient()
            let dA = second.backward(a, outputGradient: loss.gradient, batch: 4, into: &g2)
            let dH = Activation.relu.backward(input: h, output: a, outputGradient: dA)
            _ = first.backward(x, outputGradient: dH, batch: 4, into: &g1)
            adams[0].step(&first.weight, gradient: g1.weight, learningRate: 0.05)
            adams[1].step(&first.bias, gradient: g1.bias, learningRate: 0.05)
            adams[2].step(&second.weight, gradient: g2.weight, learningRate: 0.05)
            adams[3].step(&second.bias, gradient: g2.bias, learningRate: 0.05)
        }
        let y = logits().output
        let final = Losses.softmaxCrossEntropy(logits: y, classes: 2, targets: targets).mean
        #expect(initial > 0.5)
        #expect(final < 0.05, "final loss \(final)")
        for r in 0..<4 { #expect((y[2 * r + 1] > y[2 * r]) == (targets[r] == 1)) }
    }

    @Test("Conv2D, max pooling and a sigmoid output fit frame labels of a toy spectrogram")
    func convolutionFits() {
        // Two 1 x 4 x 6 "spectrograms": a bright column 1 or 4; label: which half it is in.
        var x = [Float](repeating: 0, count: 2 * 24)
        for t in 0..<4 { x[t * 6 + 1] = 1; x[24 + t * 6 + 4] = 1 }
        let labels: [Float] = [0, 1]
        var conv = Conv2D(inChannels: 1, outChannels: 2, kernel: Size2D(height: 1, width: 3), padding: Size2D(height: 0, width: 1), seed: 5)
        let pool = MaxPool2D(kernel: Size2D(height: 4, width: 2))
        var head = Dense(inputSize: 6, outputSize: 1, seed: 6)
        var adams = [Adam(parameterCount: conv.weight.count), Adam(parameterCount: conv.bias.count),
                     Adam(parameterCount: head.weight.count), Adam(parameterCount: head.bias.count)]
        let input = Size2D(height: 4, width: 6)
        func run() -> (c: [Float], pooled: (output: [Float], argmax: [Int32]), y: [Float]) {
            let c = conv.forward(x, batch: 2, input: input)
            let p = pool.forward(c, batch: 2, channels: 2, input: input)
            return (c, p, head.forward(p.output, batch: 2))
        }
        for _ in 0..<200 {
            let (c, p, y) = run()
            let loss = Losses.sigmoidCrossEntropy(logits: y, targets: labels)
            var gh = head.zeroGradient(), gc = conv.zeroGradient()
            let dP = head.backward(p.output, outputGradient: loss.gradient, batch: 2, into: &gh)
            let dC = pool.backward(outputGradient: dP, argmax: p.argmax, inputCount: c.count)
            _ = conv.backward(x, outputGradient: dC, batch: 2, input: input, into: &gc)
            adams[0].step(&conv.weight, gradient: gc.weight, learningRate: 0.05)
            adams[1].step(&conv.bias, gradient: gc.bias, learningRate: 0.05)
            adams[2].step(&head.weight, gradient: gh.weight, learningRate: 0.05)
            adams[3].step(&head.bias, gradient: gh.bias, learningRate: 0.05)
        }
        let y = run().y
        #expect(Losses.sigmoidCrossEntropy(logits: y, targets: labels).mean < 0.05)
        #expect(y[0] < 0 && y[1] > 0)
    }
}
