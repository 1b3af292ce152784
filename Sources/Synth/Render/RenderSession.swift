/// One render: the player's per-block work (send the block's events, then the end-of-song logic
/// of FluidSynth's `fluid_player_callback`), the mixing of each 64-frame block, and the end of the
/// tail by silence or by the cap. See `Renderer` for the rules.
final class RenderSession {
    private let synthesizer: Synthesizer
    private let schedule: PlayerSchedule
    private let capMilliseconds: Int
    private let silenceThreshold: Float
    private let silentBlocksNeeded: Int
    private var block = 0
    private var callbackRan = false
    private var capReached = false
    private var next = 0
    private var pedalsReleased = false

    init(synthesizer: Synthesizer, schedule: PlayerSchedule, options: RenderOptions) {
        self.synthesizer = synthesizer
        self.schedule = schedule
        let lastEventMsec = PlayerSchedule.milliseconds(atBlock: schedule.lastEventBlock, sampleRate: schedule.sampleRate)
        self.capMilliseconds = lastEventMsec + Int((options.maximumTailSeconds * 1000).rounded(.up))
        self.silenceThreshold = Float(RenderedAudio.linear(decibels: options.silenceThresholdDBFS))
        let windowFrames = Double(options.silenceWindowMilliseconds) * schedule.sampleRate / 1000
        self.silentBlocksNeeded = max(1, Int((windowFrames / Double(PlayerSchedule.framesPerBlock)).rounded(.up)))
    }

    /// Renders block after block, handing each (interleaved stereo, 64 frames) to `sink`.
    /// - Throws: `SynthError.synthCreationFailed` if the block clock cannot be attached; what `sink` throws.
    func run(into sink: (UnsafeBufferPointer<Float>) throws -> Void) throws -> RenderSummary {
        let clock = try BlockClock(synthesizer: synthesizer) { [unowned self] _ in self.callback() }
        defer { withExtendedLifetime(clock) {} }
        let frames = PlayerSchedule.framesPerBlock
        var buffer = [Float](repeating: 0, count: 2 * frames)
        var peak: Float = 0
        var overFullScale = 0
        var silentBlocks = 0
        var previousMsec = -1
        while true {
            callbackRan = false
            // The clock calls back only when its millisecond count moves: every block up to
            // 64 kHz, not always above. FluidSynth's player still runs its end-of-song checks at
            // such a block (no event can be due there: ticks only move with milliseconds), so run
            // them now, before the block is mixed, as the player would.
            let msec = PlayerSchedule.milliseconds(atBlock: block, sampleRate: schedule.sampleRate)
            if msec == previousMsec { callback() }
            previousMsec = msec
            var blockPeak: Float = 0
            try buffer.withUnsafeMutableBufferPointer { b in
                synthesizer.render(frameCount: frames, into: b)
                // Safety net, not expected to run: the clock did not call back although it should have.
                if !callbackRan { callback() }
                for x in b {
                    let a = abs(x)
                    blockPeak = max(blockPeak, a)
                    if a > 1 { overFullScale += 1 }
                }
                try sink(UnsafeBufferPointer(b))
            }
            peak = max(peak, blockPeak)
            if block >= schedule.lastEventBlock {
                silentBlocks = blockPeak < silenceThreshold ? silentBlocks + 1 : 0
                let ending: RenderSummary.Ending?
                if silentBlocks >= silentBlocksNeeded {
                    ending = .silence
                } else if capReached {
                    ending = .tailCap(lastBlockPeakDBFS: RenderedAudio.decibels(Double(blockPeak)))
                } else {
                    ending = nil
                }
                if let ending {
                    return RenderSummary(frameCount: (block + 1) * frames, sampleRate: schedule.sampleRate, peak: peak,
                                         samplesOverFullScale: overFullScale, unendedNotes: schedule.unendedNotes, ending: ending)
                }
            }
            block += 1
        }
    }

    /// Block `block`'s player callback: its events, then (from the last event's block on) the
    /// pedals released once while voices sound, and the cap.
    private func callback() {
        guard !callbackRan else { return }
        callbackRan = true
        let k = block
        let entries = schedule.entries
        while next < entries.count, entries[next].block <= k {
            synthesizer.send(entries[next].event)
            next += 1
        }
        guard k >= schedule.lastEventBlock else { return }
        if synthesizer.activeVoiceCount > 0, !pedalsReleased {
            for channel in 0..<UInt8(16) {
                synthesizer.send(.controlChange(channel: channel, controller: 64, value: 0))
                synthesizer.send(.controlChange(channel: channel, controller: 66, value: 0))
            }
            pedalsReleased = true
        }
        if PlayerSchedule.milliseconds(atBlock: k, sampleRate: schedule.sampleRate) >= capMilliseconds { capReached = true }
    }
}
