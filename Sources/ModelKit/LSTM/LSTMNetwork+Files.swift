import Foundation

extension LSTMNetwork {
    /// The network of a saved model whose JSON config at `url` (already read and checked with
    /// `ModelFiles.read`) gave `shape` and the `weights` file name (beside the config).
    /// - Throws: `ModelFileError` for input or output sizes other than `inputSize` and
    ///   `outputSize`, or missing / misshapen tensors; `FileIOError` when unreadable.
    package static func loadSaved(shape: LSTMShape, inputSize: Int, outputSize: Int,
                                  weights: String, besides url: URL) throws -> LSTMNetwork {
        guard shape.inputSize == inputSize, shape.outputSize == outputSize else {
            throw ModelFileError(file: url.path, .shapeMismatch(what: "input/output sizes", found: [shape.inputSize, shape.outputSize], expected: [inputSize, outputSize]))
        }
        let weightsURL = url.deletingLastPathComponent().appendingPathComponent(weights)
        let (tensors, _) = try Safetensors.read(from: weightsURL)
        let network = LSTMNetwork(shape: shape, seed: 0)
        try network.load(tensors, file: weightsURL.path)
        return network
    }

    /// The parameters as named tensors (`tensors`), for saving.
    public func namedTensors() -> [String: Safetensors.Tensor] {
        var d: [String: Safetensors.Tensor] = [:]
        for t in tensors {
            let n = t.shape.reduce(1, *)
            d[t.name] = Safetensors.Tensor(shape: t.shape, values: Array(parameters[t.offset ..< t.offset + n]))
        }
        return d
    }

    /// Copies named tensors into the parameters.
    /// - Throws: `ModelFileError` (naming `file`) for a missing tensor or a wrong shape.
    public func load(_ tensors: [String: Safetensors.Tensor], file: String) throws(ModelFileError) {
        for t in self.tensors {
            guard let v = tensors[t.name] else { throw ModelFileError(file: file, .missingTensor(t.name)) }
            guard v.shape == t.shape else { throw ModelFileError(file: file, .shapeMismatch(what: "tensor \(t.name)", found: v.shape, expected: t.shape)) }
            parameters.replaceSubrange(t.offset ..< t.offset + v.values.count, with: v.values)
        }
    }
}
