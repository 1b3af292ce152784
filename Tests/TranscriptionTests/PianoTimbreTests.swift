import Foundation
import ModelKit
import SMF
import Synth
import Testing
import TestSupport
@testable import Transcription

/// Render-time timbre for training: the NRPN bytes, where they go in a piece, the render names and
/// variants, and what FluidSynth makes of them (measured on the audio).
@Suite struct PianoTimbreTests {
    @Test func nrpnMessagesCarryEachGeneratorInItsSteps() {
        // Cutoff -2400 cents in steps of 2: 8192 - 1200 = 6992 = 54 * 128 + 80; fine tune +10 cents in
        // steps of 1: 8202 = 64 * 128 + 10. Zero offsets send nothing; NRPN null closes.
        let timbre = PianoTimbre(program: 1, filterCutoffCents: -2400, fineTuneCents: 10)
        let cc = { (c: UInt8, v: UInt8) in ChannelMessage.controlChange(channel: 2, controller: c, value: v) }
        #expect(timbre.nrpnMessages(channel: 2) == [cc(99, 120), cc(98, 8), cc(38, 80), cc(6, 54),
                                                    cc(99, 120), cc(98, 52), cc(38, 10), cc(6, 64), cc(99, 127), cc(98, 127)])
        #expect(PianoTimbre(program: 2).nrpnMessages(channel: 0).isEmpty)
        // Clamped to the 14-bit range: -40000 cents / 2 = -20000 steps -> 0.
        #expect(PianoTimbre(filterCutoffCents: -40000).nrpnMessages(channel: 0)[2...3] == [.controlChange(channel: 0, controller: 38, value: 0),
                                                                                            .controlChange(channel: 0, controller: 6, value: 0)])
    }

    @Test func aTimbreGoesBeforeEachChannelsFirstNoteAndLeavesTheLabelsAlone() throws {
        let midi = try MIDIFile(bytes: PianoLabelsTests.file)
        let timbre = PianoTimbre(program: 3, decayTimecents: -600)
        let piano = PianoPerformance.piano(midi, timbre: timbre)
        let events = piano.tracks[0].events
        let setup: [Event] = [.channel(.programChange(channel: 0, program: 3))] + timbre.nrpnMessages(channel: 0).map { .channel($0) }
        let first = try #require(events.firstIndex { if case .channel(.noteOn) = $0.event { true } else { false } })
        #expect(Array(events[(first - setup.count)..<first].map(\.event)) == setup)
        #expect(events[(first - setup.count + 1)...first].allSatisfy { $0.delta == 0 })
        // The file's own program change (40) also becomes the timbre's program; set up once.
        #expect(events.filter { $0.event == .channel(.programChange(channel: 0, program: 3)) }.count == 2)
        #expect(events.filter { $0.event == .channel(.controlChange(channel: 0, controller: 99, value: 120)) }.count == 1)
        #expect(PianoPerformance.labelNotes(piano) == PianoPerformance.labelNotes(PianoPerformance.piano(midi)))
        // Same ticks: the delta times add up alike.
        #expect(events.reduce(0) { $0 + Int($1.delta) } == PianoPerformance.piano(midi).tracks[0].events.reduce(0) { $0 + Int($1.delta) })
        // Reset All Controllers clears generator offsets in FluidSynth: the next note sets them again.
        let reset = try MIDIFile(bytes: smf(division: 96, [0x00, 0x90, 60, 100, 0x30, 0x80, 60, 0, 0x00, 0xB0, 121, 0,
                                                            0x00, 0x90, 62, 100, 0x30, 0x80, 62, 0, 0x00, 0xFF, 0x2F, 0x00]))
        let twice = PianoPerformance.piano(reset, timbre: timbre).tracks[0].events
        #expect(twice.filter { $0.event == .channel(.controlChange(channel: 0, controller: 99, value: 120)) }.count == 2)
    }

    @Test func rendersKeepThePlainVariantAndNameTheTimbreOnes() throws {
        let names = ["chorales/a.mid", "leadsheets/b.mid"], fonts = ["x.sf2", "y.sf3"]
        let renders = TranscriptionCorpus.renders(names: names, renders: 3, soundFonts: fonts, seed: 7)
        #expect(renders.map(\.name) == names + ["chorales/a.mid#2", "leadsheets/b.mid#2", "chorales/a.mid#3", "leadsheets/b.mid#3"])
        #expect(renders.prefix(2).map(\.variant) == TranscriptionCorpus.variants(names: names, soundFonts: fonts, seed: 7))
        #expect(renders.prefix(2).allSatisfy { $0.variant.timbre == nil } && renders.dropFirst(2).allSatisfy { $0.variant.timbre != nil })
        #expect(renders.map(\.variant) == TranscriptionCorpus.renders(names: names, renders: 3, soundFonts: fonts, seed: 7).map(\.variant))
        #expect(TranscriptionCorpus.renders(names: names, renders: 1, soundFonts: fonts, seed: 7).count == 2)
        #expect(TranscriptionCorpus.source(ofRender: "chorales/a.mid#2") == "chorales/a.mid" && TranscriptionCorpus.source(ofRender: "x.mid") == "x.mid")
        // Drawn within the documented ranges.
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let t = PianoTimbre.draw(&rng)
            #expect((0...3).contains(t.program) && (-3600...0).contains(t.filterCutoffCents) && (0...60).contains(t.filterQCentibels))
            #expect((-200...2400).contains(t.attackTimecents) && (-1200...600).contains(t.decayTimecents) && (-12...12).contains(t.fineTuneCents))
        }
        // Variants made before timbres decode as plain ones.
        let old = #"{"soundFont":"x.sf2","reverb":true,"chorus":false,"tempoFactor":1.5}"#
        #expect(try JSONDecoder().decode(RenderVariant.self, from: Data(old.utf8)) == RenderVariant(soundFont: "x.sf2", reverb: true, chorus: false, tempoFactor: 1.5))
    }

    /// The frequency in 250...280 Hz (0.1 Hz steps) where `x` has most energy (a direct DFT scan).
    static func peak(_ x: ArraySlice<Float>, rate: Double) -> Double {
        stride(from: 250.0, through: 280.0, by: 0.1).max { a, b in Self.power(x, a, rate) < Self.power(x, b, rate) }!
    }

    static func power(_ x: ArraySlice<Float>, _ f: Double, _ rate: Double) -> Double {
        var re = 0.0, im = 0.0
        for (i, v) in x.enumerated() { let p = 2 * Double.pi * f * Double(i) / rate; re += Double(v) * cos(p); im += Double(v) * sin(p) }
        return re * re + im * im
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: PianoScribeTrainingTests.soundFont), "needs TimGM6mb (timgm6mb-soundfont)"))
    func fluidSynthPlaysTheTimbre() throws {
        // C4 (261.63 Hz) for one second, rendered plain, 50 cents sharp, and with the filter 3600 cents down.
        let midi = try MIDIFile(bytes: smf(division: 96, [0x00, 0x90, 60, 100] + vlq(192) + [0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00]))
        let renderer = try Renderer(configuration: SynthesizerConfiguration(soundFontPath: PianoScribeTrainingTests.soundFont, gain: 0.5, reverb: false, chorus: false))
        func mono(_ timbre: PianoTimbre?) throws -> [Float] {
            let audio = try renderer.render(PianoPerformance.piano(midi, timbre: timbre))
            return stride(from: 0, to: audio.samples.count, by: 2).map { (audio.samples[$0] + audio.samples[$0 + 1]) / 2 }
        }
        let plain = try mono(nil), sharp = try mono(PianoTimbre(fineTuneCents: 50)), dull = try mono(PianoTimbre(filterCutoffCents: -3600))
        let window = 4410..<26460   // 0.1-0.6 s
        let f0 = Self.peak(plain[window], rate: 44_100), f1 = Self.peak(sharp[window], rate: 44_100)
        #expect(abs(f0 - 261.63) < 1.5, "plain C4 at \(f0) Hz")
        #expect(abs(1200 * log2(f1 / f0) - 50) < 5, "+50 cents measured \(1200 * log2(f1 / f0)) cents")
        // High-frequency energy: the difference of adjacent samples (a first-order high-pass) over the signal.
        func brightness(_ x: [Float]) -> Double {
            let s = window.reduce(0.0) { $0 + Double(x[$1] * x[$1]) }
            let d = window.dropFirst().reduce(0.0) { $0 + Double((x[$1] - x[$1 - 1]) * (x[$1] - x[$1 - 1])) }
            return d / s
        }
        #expect(brightness(dull) < brightness(plain) / 2, "brightness \(brightness(dull)) vs \(brightness(plain))")
    }
}
