/// The shape of an LSTM network: `layers` stacked LSTM layers of `hiddenSize` units over sparse
/// binary inputs of `inputSize` features, then a softmax over `outputSize` classes.
public struct LSTMShape: Hashable, Sendable, Codable {
    public var inputSize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var outputSize: Int

    public init(inputSize: Int, hiddenSize: Int, layers: Int, outputSize: Int) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.outputSize = outputSize
    }

    /// Rows of layer `l`'s input weight matrix.
    func layerInput(_ l: Int) -> Int { l == 0 ? inputSize : hiddenSize }
}

/// Where each tensor lives in the flat parameter vector.
struct LSTMLayout: Sendable {
    struct Layer: Sendable { var wx: Int; var wh: Int; var b: Int }
    var layers: [Layer]
    var wy: Int
    var by: Int
    var count: Int

    init(_ s: LSTMShape) {
        var offset = 0
        var layers: [Layer] = []
        let g = 4 * s.hiddenSize
        for l in 0..<s.layers {
            let wx = offset; offset += s.layerInput(l) * g
            let wh = offset; offset += s.hiddenSize * g
            let b = offset; offset += g
            layers.append(Layer(wx: wx, wh: wh, b: b))
        }
        self.layers = layers
        wy = offset; offset += s.hiddenSize * s.outputSize
        by = offset; offset += s.outputSize
        count = offset
    }
}
