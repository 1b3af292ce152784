/// How `Renderer` ends a render: when the tail has fallen silent, and the limits that protect
/// against damaged files.
public struct RenderOptions: Sendable, Hashable {
    /// The level under which the tail counts as silent, in dBFS (peak of each 64-frame block, both
    /// channels; 0 dBFS = full scale 1.0). Default -90, about one least significant bit of 16-bit
    /// audio (1/32768 = -90.3 dBFS): below it a 16-bit file holds only 0 and +-1.
    public var silenceThresholdDBFS: Double
    /// How long the output must stay under `silenceThresholdDBFS`, after the last event, before the
    /// render ends, in milliseconds (rounded up to whole 64-frame blocks). Default 100. The render
    /// ends at the end of that window, so the file closes with this much near-silence.
    public var silenceWindowMilliseconds: Int
    /// The longest the render may run past the block where the last event was sent, in seconds,
    /// whatever is still sounding (a sustain loop that never decays). Default 10. `fluidsynth -F`
    /// has no such cap and renders such a file forever.
    public var maximumTailSeconds: Double
    /// The longest song rendered, in seconds up to its last event (default 7200 = 2 hours). A longer
    /// file throws `SynthError.tooLong` before any audio is made: a damaged delta time or tempo can
    /// stretch a file to hundreds of hours. Rendering streams, so memory does not grow with this
    /// limit; the output file does (`Renderer.render(_:toWAV:format:options:observe:)` checks it).
    public var maximumDurationSeconds: Double

    /// - Parameters:
    ///   - silenceThresholdDBFS: the tail is silent below this peak level, dBFS (finite, <= 0).
    ///   - silenceWindowMilliseconds: ms the tail must stay silent before the render ends (>= 0).
    ///   - maximumTailSeconds: s allowed after the last event at most (>= 0, finite).
    ///   - maximumDurationSeconds: s of song up to the last event at most (> 0).
    public init(silenceThresholdDBFS: Double = -90, silenceWindowMilliseconds: Int = 100,
                maximumTailSeconds: Double = 10, maximumDurationSeconds: Double = 7200) {
        self.silenceThresholdDBFS = silenceThresholdDBFS
        self.silenceWindowMilliseconds = silenceWindowMilliseconds
        self.maximumTailSeconds = maximumTailSeconds
        self.maximumDurationSeconds = maximumDurationSeconds
    }

    /// Throws `SynthError.optionOutOfRange` for a value outside the ranges above.
    func validate() throws {
        guard silenceThresholdDBFS <= 0, silenceThresholdDBFS.isFinite else {
            throw SynthError.optionOutOfRange(name: "silenceThresholdDBFS", value: "\(silenceThresholdDBFS)", allowed: "finite and <= 0")
        }
        guard silenceWindowMilliseconds >= 0 else {
            throw SynthError.optionOutOfRange(name: "silenceWindowMilliseconds", value: "\(silenceWindowMilliseconds)", allowed: ">= 0")
        }
        guard maximumTailSeconds >= 0, maximumTailSeconds.isFinite else {
            throw SynthError.optionOutOfRange(name: "maximumTailSeconds", value: "\(maximumTailSeconds)", allowed: "finite and >= 0")
        }
        guard maximumDurationSeconds > 0 else {
            throw SynthError.optionOutOfRange(name: "maximumDurationSeconds", value: "\(maximumDurationSeconds)", allowed: "> 0")
        }
    }
}
