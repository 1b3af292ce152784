/// A recurrent variational autoencoder of fixed-length class sequences: MusicVAE's design
/// (Roberts, Engel, Raffel, Hawthorne & Eck 2018, "A Hierarchical Latent Vector Model for
/// Learning Long-Term Structure in Music", ICML), with the flat decoder of its 2-bar models.
///
/// - Encoder: a `BidirectionalLSTM` over the sequence's class features (`ClassFeatures`); its
///   last forward and backward states (`batch x 2E`) give, through two `Dense` layers, the mean
///   μ and the scale σ = softplus(·) of a diagonal Gaussian over z (`batch x Z`).
/// - Decoder: `decoderLayers` stacked `LSTMLayer`s whose initial h and c come from
///   `tanh(Dense(z))`; layer 0 reads, at step t, the features of the class at t - 1 (zeros at
///   t = 0) followed by z, so z is seen at every step; a `Dense` layer maps the last layer's h to
///   logits over the classes.
///
/// The model knows nothing of what the classes mean. Sequences of any length can be encoded and
/// decoded (all sequences of one call have one length). Training: `SequenceVAE+Training.swift`;
/// decoding and scoring: `SequenceVAE+Decoding.swift`.
public struct SequenceVAE: Sendable {
    /// The sizes.
    public let shape: SequenceVAEShape
    /// Reads the steps' features (`batch x time x features`) into `batch x 2E`.
    public var encoder: BidirectionalLSTM
    /// `2E -> Z`: the mean μ.
    public var mean: Dense
    /// `2E -> Z`: σ = softplus of its output.
    public var scale: Dense
    /// `Z -> 2 x layers x H`: tanh of it gives layer l's initial h (columns `2lH ..< (2l+1)H`)
    /// and c (`(2l+1)H ..< (2l+2)H`).
    public var initialState: Dense
    /// Layer 0 reads `features + Z` values per step, the others H.
    public var decoder: [LSTMLayer]
    /// `H -> classes`.
    public var output: Dense

    /// A model of `shape` with weights drawn from `seed` (each layer from its own seed).
    public init(shape: SequenceVAEShape, seed: UInt64) {
        self.shape = shape
        let E = shape.encoderHidden, Z = shape.latentSize, H = shape.decoderHidden
        encoder = BidirectionalLSTM(inputSize: shape.featureSize, hiddenSize: E, seed: seed)
        mean = Dense(inputSize: 2 * E, outputSize: Z, seed: seed &+ 2)
        scale = Dense(inputSize: 2 * E, outputSize: Z, seed: seed &+ 3)
        initialState = Dense(inputSize: Z, outputSize: 2 * shape.decoderLayers * H, seed: seed &+ 4)
        decoder = (0..<shape.decoderLayers).map { l in
            LSTMLayer(inputSize: l == 0 ? shape.featureSize + Z : H, hiddenSize: H, seed: seed &+ 5 &+ UInt64(l))
        }
        output = Dense(inputSize: H, outputSize: shape.classes, seed: seed &+ 100)
    }

    /// A model of `shape` with the given flat parameters (the order of `parameters`).
    /// - Precondition: `parameters.count == SequenceVAE(shape:seed:).parameters.count`.
    public init(shape: SequenceVAEShape, parameters: [Float]) {
        self.init(shape: shape, seed: 0)
        self.parameters = parameters
    }

    /// Every parameter tensor, in the order of the flat vector: name, shape, where it lives.
    var slots: [(name: String, shape: [Int], path: WritableKeyPath<SequenceVAE, [Float]>)] {
        let E = shape.encoderHidden, Z = shape.latentSize, H = shape.decoderHidden, F = shape.featureSize, V = shape.classes
        var s: [(String, [Int], WritableKeyPath<SequenceVAE, [Float]>)] = [
            ("encoder.forward.weightX", [F, 4 * E], \.encoder.forwardLayer.weightX),
            ("encoder.forward.weightH", [E, 4 * E], \.encoder.forwardLayer.weightH),
            ("encoder.forward.bias", [4 * E], \.encoder.forwardLayer.bias),
            ("encoder.backward.weightX", [F, 4 * E], \.encoder.backwardLayer.weightX),
            ("encoder.backward.weightH", [E, 4 * E], \.encoder.backwardLayer.weightH),
            ("encoder.backward.bias", [4 * E], \.encoder.backwardLayer.bias),
            ("mean.weight", [2 * E, Z], \.mean.weight), ("mean.bias", [Z], \.mean.bias),
            ("scale.weight", [2 * E, Z], \.scale.weight), ("scale.bias", [Z], \.scale.bias),
            ("initialState.weight", [Z, 2 * shape.decoderLayers * H], \.initialState.weight),
            ("initialState.bias", [2 * shape.decoderLayers * H], \.initialState.bias),
        ]
        for l in 0..<shape.decoderLayers {
            s.append(("decoder.\(l).weightX", [l == 0 ? F + Z : H, 4 * H], \.decoder[l].weightX))
            s.append(("decoder.\(l).weightH", [H, 4 * H], \.decoder[l].weightH))
            s.append(("decoder.\(l).bias", [4 * H], \.decoder[l].bias))
        }
        s.append(("output.weight", [H, V], \.output.weight))
        s.append(("output.bias", [V], \.output.bias))
        return s
    }

    /// All parameters, flat, in the order of the named tensors above (encoder, mean, scale,
    /// initial state, decoder layers, output).
    public var parameters: [Float] {
        get { slots.flatMap { self[keyPath: $0.path] } }
        set {
            var offset = 0
            for slot in slots {
                let n = self[keyPath: slot.path].count
                self[keyPath: slot.path] = Array(newValue[offset ..< offset + n])
                offset += n
            }
            precondition(offset == newValue.count, "SequenceVAE: \(newValue.count) parameters, expected \(offset)")
        }
    }

    /// Number of parameters.
    public var parameterCount: Int { slots.reduce(0) { $0 + $1.shape.reduce(1, *) } }

    /// The parameters as named tensors (`encoder.forward.weightX`, ..., `output.bias`), for
    /// safetensors files.
    public func namedTensors() -> [String: Safetensors.Tensor] {
        var d: [String: Safetensors.Tensor] = [:]
        for slot in slots { d[slot.name] = Safetensors.Tensor(shape: slot.shape, values: self[keyPath: slot.path]) }
        return d
    }

    /// Copies named tensors (as `namedTensors` writes them) into the parameters.
    /// - Throws: `ModelFileError` naming `file`: `.missingTensor` or `.shapeMismatch`.
    public mutating func load(_ tensors: [String: Safetensors.Tensor], file: String) throws(ModelFileError) {
        for slot in slots {
            guard let t = tensors[slot.name] else { throw ModelFileError(file: file, .missingTensor(slot.name)) }
            guard t.shape == slot.shape else { throw ModelFileError(file: file, .shapeMismatch(what: "tensor \(slot.name)", found: t.shape, expected: slot.shape)) }
            self[keyPath: slot.path] = t.values
        }
    }

    /// The features of `sequences` (all of length `time`): `batch x time x features`.
    func features(_ sequences: [[Int32]], time T: Int) -> [Float] {
        let F = shape.featureSize, V = shape.classes
        var x = [Float](repeating: 0, count: sequences.count * T * F)
        x.withUnsafeMutableBufferPointer { xb in
            for (b, s) in sequences.enumerated() {
                precondition(s.count == T, "SequenceVAE: sequences of one call must have one length")
                for t in 0..<T {
                    let c = Int(s[t])
                    precondition(c >= 0 && c < V, "SequenceVAE: class \(c) outside 0..<\(V)")
                    shape.features.write(c, classes: V, into: xb.baseAddress! + (b * T + t) * F)
                }
            }
        }
        return x
    }

    /// The decoder's initial states from `z` (`batch x Z`): tanh of `initialState(z)`, cut per layer.
    func initialStates(_ z: [Float], batch B: Int) -> (preActivation: [Float], states: [LSTMLayer.InitialState]) {
        let pre = initialState.forward(z, batch: B)
        let act = Activation.tanh.forward(pre)
        let H = shape.decoderHidden, W = 2 * shape.decoderLayers * H
        let states = (0..<shape.decoderLayers).map { l in
            var h = [Float](repeating: 0, count: B * H), c = h
            for b in 0..<B {
                for j in 0..<H {
                    h[b * H + j] = act[b * W + 2 * l * H + j]
                    c[b * H + j] = act[b * W + (2 * l + 1) * H + j]
                }
            }
            return LSTMLayer.InitialState(h: h, c: c)
        }
        return (pre, states)
    }

    /// The encoder's mean and scale for `sequences` (each of one length, at least 1): μ and σ,
    /// `batch x Z` each, and what the backward pass needs.
    func encodeWithTape(_ sequences: [[Int32]]) -> (x: [Float], tape: BidirectionalLSTM.Tape, encoding: [Float],
                                                    mean: [Float], scalePre: [Float], scale: [Float]) {
        let B = sequences.count, T = sequences.first?.count ?? 0
        let x = features(sequences, time: T)
        let (enc, tape) = encoder.forward(x, batch: B, time: T)
        let mu = mean.forward(enc, batch: B)
        let pre = scale.forward(enc, batch: B)
        return (x, tape, enc, mu, pre, Activation.softplus.forward(pre))
    }

    /// The latent Gaussian of each sequence: μ and σ, `batch x Z` each (row b for sequence b).
    /// - Precondition: at least one sequence; all of one length ≥ 1; classes in `0 ..< classes`.
    public func encode(_ sequences: [[Int32]]) -> (mean: [Float], scale: [Float]) {
        precondition(!sequences.isEmpty, "SequenceVAE.encode: no sequences")
        let r = encodeWithTape(sequences)
        return (r.mean, r.scale)
    }
}
