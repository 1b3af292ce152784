@testable import ModelKit

/// One example of a regression: inputs and the target value.
struct RegressionPoint: Sendable, Equatable {
    var x: [Float]
    var y: Float
}

/// `y = x w + b` (a `Dense` layer with one output) fitted by half the squared error, with inverted
/// dropout on the inputs drawn from the pass's generator when `dropout` > 0: the `TrainableModel`
/// of the generic trainer's tests. Parameters: the `inputs` weights, then the bias. A prediction
/// within 0.05 of its target counts as correct.
struct LinearRegression: TrainableModel {
    typealias Options = TrainerOptions
    static let checkpointFormat = "LittleMozart linear regression checkpoint (tests)"

    let inputs: Int
    var dropout: Float = 0
    var parameters: [Float]
    /// Where each training pass ran, when given.
    var passes: PassLog?

    /// The `TrainingStep`s of a model's training passes, in order.
    final class PassLog: @unchecked Sendable {
        var steps: [TrainingStep] = []
    }

    init(inputs: Int, dropout: Float = 0, parameters: [Float]? = nil, passes: PassLog? = nil) {
        self.inputs = inputs
        self.passes = passes
        self.dropout = dropout
        self.parameters = parameters ?? [Float](repeating: 0, count: inputs + 1)
    }

    var layer: Dense { Dense(inputSize: inputs, outputSize: 1, weight: Array(parameters[0..<inputs]), bias: [parameters[inputs]]) }

    /// The loss over `points` and, with `gradient`, the gradient of its mean added to it.
    func pass(_ points: [RegressionPoint], rng: inout SeededGenerator, gradient: UnsafeMutableBufferPointer<Float>?) -> LossTotals {
        let n = points.count, layer = self.layer
        var x = points.flatMap(\.x)
        if dropout > 0, gradient != nil { x = Dropout.apply(x, mask: Dropout(rate: dropout).mask(count: x.count, rng: &rng)) }
        let y = layer.forward(x, batch: n)
        var totals = LossTotals(count: n)
        var dY = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let e = y[i] - points[i].y
            totals.total += 0.5 * Double(e) * Double(e)
            if abs(e) < 0.05 { totals.correct += 1 }
            dY[i] = e / Float(n)
        }
        if let gradient {
            var g = layer.zeroGradient()
            _ = layer.backward(x, outputGradient: dY, batch: n, into: &g)
            for k in 0..<inputs { gradient[k] += g.weight[k] }
            gradient[inputs] += g.bias[0]
        }
        return totals
    }

    func trainingPass(_ batch: [RegressionPoint], at step: TrainingStep, state: inout Void, options: TrainerOptions,
                      rng: inout SeededGenerator, gradient: inout [Float]) -> LossTotals {
        passes?.steps.append(step)
        return gradient.withUnsafeMutableBufferPointer { pass(batch, rng: &rng, gradient: $0) }
    }

    func score(_ examples: [RegressionPoint]) -> LossTotals {
        var rng = SeededGenerator(seed: 0)
        return examples.isEmpty ? LossTotals() : pass(examples, rng: &rng, gradient: nil)
    }
}

/// Points with inputs on a `side x side` grid over [-1, 1]² and targets `f(x)`.
func gridPoints(side: Int, _ f: ([Float]) -> Float) -> [RegressionPoint] {
    (0..<side).flatMap { i in
        (0..<side).map { j in
            let x = [Float(i) / Float(side - 1) * 2 - 1, Float(j) / Float(side - 1) * 2 - 1]
            return RegressionPoint(x: x, y: f(x))
        }
    }
}
