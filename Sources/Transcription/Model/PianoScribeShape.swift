import ModelKit

/// The sizes of a Piano Scribe acoustic model (`PianoScribeNetwork`).
///
/// The network, per chunk of log-mel frames (time down, mel bins across):
/// 1. three 3 x 3 convolutions (no padding in time, one bin of zero padding in frequency), each
///    followed by ReLU; the second and third by 1 x 2 max pooling over frequency. Each convolution
///    uses one frame of context on either side: 3 frames on each side of the frames it labels
///    (`contextFrames` adds the heads' `headContext`);
/// 2. per frame, the third block's `channels2 x (melBins / 4)` values through a dense layer of
///    `hidden` units and ReLU;
/// 3. four heads of 88 sigmoid units: onset and offset from the hidden units of the frame and of
///    `headContext` frames on either side (a temporal convolution of width `2 headContext + 1`
///    over the hidden layer; 0 in files made before it: the frame's units alone), velocity from
///    the frame's hidden units, and the frame head from the frame's hidden units together with the
///    onset and offset probabilities (with no gradient through them), as Onsets and Frames
///    (Hawthorne et al. 2018) feeds onsets to its frame stack and Kong et al. (2020) feed onsets
///    and offsets;
/// 4. with `pedal`, a fifth head: one sigmoid unit per frame from the hidden units, the sustain
///    pedal (MIDI controller 64) down (Kong et al. 2020 transcribe pedals with their own model).
package struct PianoScribeShape: Sendable, Hashable, Codable {
    /// Mel bins of each input frame (`LogMelSettings.melBins`).
    package var melBins: Int
    /// Channels of the first two convolutions.
    package var channels1: Int
    /// Channels of the third convolution.
    package var channels2: Int
    /// Units of the per-frame dense layer.
    package var hidden: Int
    /// Whether the model has a sustain-pedal head (false in files made before it).
    package var pedal: Bool
    /// Frames of hidden units on either side of a frame that its onset and offset heads also read
    /// (0 in files made before it).
    package var headContext: Int

    package init(melBins: Int = 229, channels1: Int = 12, channels2: Int = 24, hidden: Int = 192, pedal: Bool = false, headContext: Int = 0) {
        self.melBins = melBins
        self.channels1 = channels1
        self.channels2 = channels2
        self.hidden = hidden
        self.pedal = pedal
        self.headContext = headContext
    }

    /// The shipped model's sizes (12, 24 and 192 with a head context of 5 frames), which
    /// `compose train transcription` trains by default.
    package static let shipped = PianoScribeShape(headContext: 5)

    private enum CodingKeys: String, CodingKey { case melBins, channels1, channels2, hidden, pedal, headContext }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let headContext = try c.decodeIfPresent(Int.self, forKey: .headContext) ?? 0
        guard (0...50).contains(headContext) else {
            throw DecodingError.dataCorruptedError(forKey: .headContext, in: c, debugDescription: "headContext \(headContext) is outside 0...50")
        }
        self.init(melBins: try c.decode(Int.self, forKey: .melBins), channels1: try c.decode(Int.self, forKey: .channels1),
                  channels2: try c.decode(Int.self, forKey: .channels2), hidden: try c.decode(Int.self, forKey: .hidden),
                  pedal: try c.decodeIfPresent(Bool.self, forKey: .pedal) ?? false,
                  headContext: headContext)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(melBins, forKey: .melBins)
        try c.encode(channels1, forKey: .channels1)
        try c.encode(channels2, forKey: .channels2)
        try c.encode(hidden, forKey: .hidden)
        if pedal { try c.encode(pedal, forKey: .pedal) }
        if headContext != 0 { try c.encode(headContext, forKey: .headContext) }
    }

    /// Frames needed on each side of the labelled frames: one per 3 x 3 convolution, and the
    /// onset and offset heads' `headContext`.
    package var contextFrames: Int { 3 + headContext }
    /// Hidden units the onset and offset heads read per frame.
    var windowSize: Int { (2 * headContext + 1) * hidden }
    /// Width after the first pooling.
    var pooledBins1: Int { melBins / 2 }
    /// Width after the second pooling.
    var pooledBins2: Int { pooledBins1 / 2 }
    /// Values per frame entering the dense layer.
    var flatSize: Int { channels2 * pooledBins2 }
    static let keys = PianoActivations.keys

    /// Where each layer's weights and biases sit in the flat parameter vector, in order.
    var layout: [(name: String, shape: [Int])] {
        let k = Self.keys
        return [
            ("conv1.weight", [channels1, 1, 3, 3]), ("conv1.bias", [channels1]),
            ("conv2.weight", [channels1, channels1, 3, 3]), ("conv2.bias", [channels1]),
            ("conv3.weight", [channels2, channels1, 3, 3]), ("conv3.bias", [channels2]),
            ("dense.weight", [flatSize, hidden]), ("dense.bias", [hidden]),
            ("onset.weight", [windowSize, k]), ("onset.bias", [k]),
            ("offset.weight", [windowSize, k]), ("offset.bias", [k]),
            ("velocity.weight", [hidden, k]), ("velocity.bias", [k]),
            ("frame.weight", [hidden + 2 * k, k]), ("frame.bias", [k]),
        ] + (pedal ? [("pedal.weight", [hidden, 1]), ("pedal.bias", [1])] : [])
    }

    /// All parameters.
    package var parameterCount: Int { layout.reduce(0) { $0 + $1.shape.reduce(1, *) } }

    /// Multiply-adds per labelled frame of one forward pass.
    package var multiplyAddsPerFrame: Int {
        let k = Self.keys
        return channels1 * 9 * melBins + channels1 * channels1 * 9 * melBins + channels2 * channels1 * 9 * pooledBins1
            + flatSize * hidden + (2 * windowSize + hidden) * k + (hidden + 2 * k) * k + (pedal ? hidden : 0)
    }
}
