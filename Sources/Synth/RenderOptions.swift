/// How `Renderer` ends a render. The defaults reproduce `fluidsynth -F` (FluidSynth 2.3.1's player)
/// exactly, plus a cap that FluidSynth does not have.
public struct RenderOptions: Sendable, Hashable {
    /// Time kept after the last voice has gone silent, so reverb and chorus can ring out,
    /// in milliseconds. FluidSynth's player uses 2000 (`FLUID_PLAYER_STOP_GRACE_MS`).
    public var graceMilliseconds: Int
    /// The longest the render may run past the block where the last event was sent, in seconds,
    /// whatever is still sounding (a note never switched off, an endless sustain loop). Default 10.
    /// `fluidsynth -F` has no such cap and would render such a file forever.
    public var maximumTailSeconds: Double
    /// The longest song rendered, in seconds up to its last event (default 7200 = 2 hours, which
    /// holds 2.5 GB of 44.1 kHz float samples). A longer file throws `SynthError.tooLong` before any
    /// audio is made: a damaged delta time or tempo can stretch a file to hundreds of hours, whose
    /// samples would not fit in memory.
    public var maximumDurationSeconds: Double

    /// - Parameters:
    ///   - graceMilliseconds: ms kept after the voices fall silent (>= 0; FluidSynth: 2000).
    ///   - maximumTailSeconds: s allowed after the last event at most (>= 0, finite).
    ///   - maximumDurationSeconds: s of song up to the last event at most (> 0).
    public init(graceMilliseconds: Int = 2000, maximumTailSeconds: Double = 10, maximumDurationSeconds: Double = 7200) {
        self.graceMilliseconds = graceMilliseconds
        self.maximumTailSeconds = maximumTailSeconds
        self.maximumDurationSeconds = maximumDurationSeconds
    }
}
