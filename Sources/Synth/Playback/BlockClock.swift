import CFluidSynth

/// Runs a closure inside FluidSynth's render loop, at the exact point where FluidSynth's own MIDI
/// player sends its events: in `fluid_synth_render_blocks`, after the queued voice events of earlier
/// API calls were dispatched and before the block is mixed.
///
/// Why: events sent from there do not behave like events sent between two `fluid_synth_write_float`
/// calls. A voice started there is only partly set up for the block being mixed (its first samples
/// match, then the rest of its parameters arrive with the next block's dispatch), so the audio is
/// about one block later and slightly different. To be sample-identical to `fluidsynth -F`, our
/// events must be sent from the same place.
///
/// How: the only public hook at that point is a player callback, so this attaches an otherwise idle
/// `fluid_player_t` to the synth, playing an in-memory file with no events (one End of Track 2^28-1
/// ticks away at 0.5 ms per tick, about 37 hours), and sets its tick callback. The player calls it
/// once per 64-frame block whenever its tick changes, which is whenever its millisecond clock
/// advances: every block at sample rates up to 64000 Hz (64000 / rate >= 1 ms per block). The
/// closure gets the player's clock in milliseconds (`(long)(1000.0 * frames / rate)`).
final class BlockClock {
    private let player: OpaquePointer
    private let box: Unmanaged<Box>
    /// Retained so the synth outlives the player attached to it.
    private let synthesizer: Synthesizer

    private final class Box {
        let onBlock: (Int) -> Void
        init(_ onBlock: @escaping (Int) -> Void) { self.onBlock = onBlock }
    }

    /// Format 0, division 1000, no tempo event (500000 µs per quarter: 0.5 ms per tick), one
    /// End of Track with delta 0x0FFFFFFF.
    private static let idleFile: [UInt8] = [
        0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x03, 0xE8,
        0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 7, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x2F, 0x00,
    ]

    /// Attaches the idle player to `synthesizer` and starts it; its clock starts at 0 ms with the
    /// next rendered block.
    /// - Throws: `SynthError.synthCreationFailed` if FluidSynth cannot create or start the player.
    init(synthesizer: Synthesizer, onBlock: @escaping (_ msec: Int) -> Void) throws {
        guard let player = new_fluid_player(synthesizer.synth) else {
            throw SynthError.synthCreationFailed("the clock player (new_fluid_player)")
        }
        let added = Self.idleFile.withUnsafeBytes { fluid_player_add_mem(player, $0.baseAddress, $0.count) }
        guard added == FLUID_OK else {
            delete_fluid_player(player)
            throw SynthError.synthCreationFailed("the clock player's file (fluid_player_add_mem)")
        }
        let box = Unmanaged.passRetained(Box(onBlock))
        // The idle file has no events to play; swallow anything anyway.
        fluid_player_set_playback_callback(player, { _, _ in FLUID_OK }, nil)
        fluid_player_set_tick_callback(player, { data, tick in
            guard let data else { return FLUID_OK }
            Unmanaged<Box>.fromOpaque(data).takeUnretainedValue().onBlock(Int(tick) / 2)
            return FLUID_OK
        }, box.toOpaque())
        guard fluid_player_play(player) == FLUID_OK else {
            delete_fluid_player(player)
            box.release()
            throw SynthError.synthCreationFailed("the clock player (fluid_player_play)")
        }
        self.player = player
        self.box = box
        self.synthesizer = synthesizer
    }

    deinit {
        delete_fluid_player(player)
        box.release()
    }
}
