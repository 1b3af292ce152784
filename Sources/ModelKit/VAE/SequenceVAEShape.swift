/// How a class (a token id) becomes the feature vector an LSTM reads.
public enum ClassFeatures: String, Hashable, Sendable, Codable {
    /// One feature per class: class k sets feature k.
    case oneHot
    /// The class's binary digits, lowest first: class k sets feature i when bit i of k is 1, so
    /// `2^n` classes need n features (a 512-way class is 9 features).
    case bits

    /// Features per class for `classes` classes.
    public func size(classes: Int) -> Int {
        switch self {
        case .oneHot: return classes
        case .bits:
            var n = 1
            while (1 << n) < classes { n += 1 }
            return n
        }
    }

    /// Writes the features of `c` into `row` (at least `size(classes:)` zeroed values).
    @inline(__always)
    func write(_ c: Int, classes: Int, into row: UnsafeMutablePointer<Float>) {
        switch self {
        case .oneHot: row[c] = 1
        case .bits:
            for i in 0..<size(classes: classes) where (c >> i) & 1 == 1 { row[i] = 1 }
        }
    }
}

/// The sizes of a `SequenceVAE` (MusicVAE's recurrent VAE, Roberts et al. 2018, "A Hierarchical
/// Latent Vector Model for Learning Long-Term Structure in Music", with the flat decoder of its
/// 2-bar models).
public struct SequenceVAEShape: Hashable, Sendable, Codable {
    /// Classes per step (the output softmax; every step of a sequence is one class).
    public var classes: Int
    /// How a class is fed to the encoder and, the previous step's, to the decoder.
    public var features: ClassFeatures
    /// LSTM units per direction of the bidirectional encoder.
    public var encoderHidden: Int
    /// Dimensions of the latent code z.
    public var latentSize: Int
    /// LSTM units per decoder layer.
    public var decoderHidden: Int
    /// Stacked decoder layers (at least 1).
    public var decoderLayers: Int

    public init(classes: Int, features: ClassFeatures, encoderHidden: Int, latentSize: Int, decoderHidden: Int, decoderLayers: Int) {
        precondition(classes >= 2 && encoderHidden >= 1 && latentSize >= 1 && decoderHidden >= 1 && decoderLayers >= 1,
                     "SequenceVAEShape: sizes must be positive (classes at least 2)")
        self.classes = classes
        self.features = features
        self.encoderHidden = encoderHidden
        self.latentSize = latentSize
        self.decoderHidden = decoderHidden
        self.decoderLayers = decoderLayers
    }

    /// Features per step (`features.size(classes:)`).
    public var featureSize: Int { features.size(classes: classes) }
}
