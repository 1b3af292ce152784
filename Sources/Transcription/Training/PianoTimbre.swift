import ModelKit
import SMF

/// A change of a SoundFont piano's sound for one training render: which of the GM piano programs
/// plays (0 Acoustic Grand, 1 Bright Acoustic, 2 Electric Grand, 3 Honky-tonk) and offsets to the
/// SoundFont's own generators (SoundFont 2.01, section 8.1.2), sent as the SoundFont NRPNs of
/// section 9.6 (NRPN MSB 120, LSB the generator, data entry 8192 + value / the generator's NRPN
/// step), which FluidSynth applies as `fluid_synth_set_gen` does. The notes and their timing are
/// unchanged, so the labels are too.
package struct PianoTimbre: Sendable, Hashable, Codable {
    /// GM program 0...3.
    package var program: Int
    /// Filter cutoff offset in cents (generator 8, initialFilterFc; negative: duller).
    package var filterCutoffCents: Double
    /// Filter resonance offset in centibels (generator 9, initialFilterQ).
    package var filterQCentibels: Double
    /// Volume-envelope attack offset in timecents (generator 34, attackVolEnv).
    package var attackTimecents: Double
    /// Volume-envelope decay offset in timecents (generator 36, decayVolEnv; positive: longer).
    package var decayTimecents: Double
    /// Volume-envelope release offset in timecents (generator 38, releaseVolEnv).
    package var releaseTimecents: Double
    /// Fine tuning in cents (generator 52, fineTune).
    package var fineTuneCents: Double

    package init(program: Int = 0, filterCutoffCents: Double = 0, filterQCentibels: Double = 0, attackTimecents: Double = 0,
                 decayTimecents: Double = 0, releaseTimecents: Double = 0, fineTuneCents: Double = 0) {
        self.program = program
        self.filterCutoffCents = filterCutoffCents
        self.filterQCentibels = filterQCentibels
        self.attackTimecents = attackTimecents
        self.decayTimecents = decayTimecents
        self.releaseTimecents = releaseTimecents
        self.fineTuneCents = fineTuneCents
    }

    /// Each generator with its offset and NRPN step (SoundFont 2.01 table 9.6: 2 for the
    /// filter cutoff and envelope times, 1 for resonance and tuning), zero offsets left out.
    var generators: [(generator: UInt8, value: Double, step: Double)] {
        [(8, filterCutoffCents, 2), (9, filterQCentibels, 1), (34, attackTimecents, 2), (36, decayTimecents, 2),
         (38, releaseTimecents, 2), (52, fineTuneCents, 1)].filter { $0.1 != 0 }
    }

    /// The controller messages that set this timbre on `channel`: for each generator, NRPN MSB 120,
    /// NRPN LSB the generator, data entry LSB then MSB (8192 + value / step, clamped to 0...16383);
    /// then NRPN 127/127 (null), so later data entries change nothing.
    package func nrpnMessages(channel: UInt8) -> [ChannelMessage] {
        var out: [ChannelMessage] = []
        for g in generators {
            let data = min(max(8192 + Int((g.value / g.step).rounded()), 0), 16383)
            out += [.controlChange(channel: channel, controller: 99, value: 120), .controlChange(channel: channel, controller: 98, value: g.generator),
                    .controlChange(channel: channel, controller: 38, value: UInt8(data & 0x7F)),
                    .controlChange(channel: channel, controller: 6, value: UInt8(data >> 7))]
        }
        if !out.isEmpty {
            out += [.controlChange(channel: channel, controller: 99, value: 127), .controlChange(channel: channel, controller: 98, value: 127)]
        }
        return out
    }

    /// A timbre drawn from `rng`: program 0, 1, 2 or 3 with probabilities 0.4, 0.3, 0.2, 0.1;
    /// filter cutoff -3600...0 cents (half the renders), resonance 0...60 cB, attack -200...+2400
    /// timecents, decay and release -1200...+600 timecents, fine tune -12...+12 cents.
    package static func draw(_ rng: inout SeededGenerator) -> PianoTimbre {
        let u = rng.nextUnitDouble()
        let program = u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3
        func uniform(_ r: ClosedRange<Double>) -> Double { (r.lowerBound + rng.nextUnitDouble() * (r.upperBound - r.lowerBound)).rounded() }
        let cutoff = rng.nextUnitDouble() < 0.5 ? uniform(-3600...0) : 0
        return PianoTimbre(program: program, filterCutoffCents: cutoff, filterQCentibels: uniform(0...60), attackTimecents: uniform(-200...2400),
                           decayTimecents: uniform(-1200...600), releaseTimecents: uniform(-1200...600), fineTuneCents: uniform(-12...12))
    }
}
