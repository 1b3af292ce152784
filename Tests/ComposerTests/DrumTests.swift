import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite struct DrumKitTests {
    @Test func grooveMIDINotesMapToTheirPaperClasses() {
        let expected: [DrumClass: [UInt8]] = [
            .kick: [36], .snare: [38, 37, 40], .closedHiHat: [42, 22, 44], .openHiHat: [46, 26], .lowTom: [43, 58],
            .midTom: [47, 45], .highTom: [50, 48], .crash: [49, 52, 55, 57], .ride: [51, 53, 59],
        ]
        for (drum, notes) in expected {
            for n in notes { #expect(DrumKit.drumClass(ofNote: n) == drum, "note \(n)") }
        }
        #expect(DrumKit.grooveMIDIMap.count == 22)
        // Magenta's extra GM notes fill the gaps; the GMD map wins where they disagree.
        #expect(DrumKit.drumClass(ofNote: 35) == .kick)
        #expect(DrumKit.drumClass(ofNote: 39) == .snare)
        #expect(DrumKit.drumClass(ofNote: 41) == .lowTom)
        #expect(DrumKit.drumClass(ofNote: 54) == .closedHiHat)
        #expect(DrumKit.drumClass(ofNote: 82) == .ride)
        #expect(DrumKit.drumClass(ofNote: 45) == .midTom)
        #expect(DrumKit.drumClass(ofNote: 58) == .lowTom)
        #expect(DrumKit.drumClass(ofNote: 21) == nil)
        #expect(DrumKit.drumClass(ofNote: 100) == nil)
    }

    @Test func outputNotesAreGeneralMIDIAndReadBackAsTheirClass() {
        #expect(DrumClass.allCases.map(\.outputNote) == [36, 38, 42, 46, 43, 47, 50, 49, 51])
        for c in DrumClass.allCases { #expect(DrumKit.drumClass(ofNote: c.outputNote) == c) }
    }

    @Test func hitsAreNineBits() {
        let h = DrumHits([.kick, .closedHiHat, .ride])
        #expect(h.rawValue == 1 + 4 + 256)
        #expect(h.classes == [.kick, .closedHiHat, .ride])
        #expect(h.description == "kick+hihat+ride")
        #expect(DrumHits(rawValue: 0).description == "-")
        #expect(DrumHits(rawValue: 0x3FF).rawValue == 511)
        #expect(DrumKit.drumClass(named: "HH") == .closedHiHat)
        #expect(DrumKit.drumClass(named: "36") == .kick)
        #expect(DrumKit.drumClass(named: "cowbell") == nil)
    }
}

@Suite struct DrumGridTests {
    /// A played bar and a half at PPQ 480 with two tempo changes: quantization works in ticks (the
    /// grid of the tempo map's musical time), so the tempo changes move no step.
    static func playedScore(tempos: Bool) -> Score {
        let notes = [
            Note(pitch: 36, velocity: 100, channel: 9, start: 0, duration: 60),
            Note(pitch: 38, velocity: 90, channel: 9, start: 487, duration: 60),     // step 4, +7 ticks
            Note(pitch: 42, velocity: 70, channel: 9, start: 955, duration: 60),     // step 8, -5 ticks
            Note(pitch: 22, velocity: 60, channel: 9, start: 1020, duration: 60),    // 8.5 steps: rounds up to 9, -60 ticks
            Note(pitch: 36, velocity: 80, channel: 9, start: 1920, duration: 60),    // step 16, merged with the next
            Note(pitch: 36, velocity: 110, channel: 9, start: 1925, duration: 60),   // step 16, +5 ticks, louder: kept
            Note(pitch: 26, velocity: 50, channel: 9, start: 2870, duration: 60),    // step 24 (2880), -10 ticks
            Note(pitch: 100, velocity: 50, channel: 9, start: 500, duration: 60),    // no drum class
            Note(pitch: 60, velocity: 50, channel: 0, start: 480, duration: 480),    // not a drum
        ]
        return Score(ticksPerQuarter: 480, parts: [Part(notes: notes)],
                     tempoChanges: tempos ? [TempoChange(tick: 0, bpm: 120), TempoChange(tick: 960, bpm: 90), TempoChange(tick: 1900, bpm: 150)] : [],
                     timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)])
    }

    @Test func quantizesToStepsWithOffsetsAndVelocities() throws {
        let (groove, report) = try DrumGrid.groove(of: Self.playedScore(tempos: true), name: "t")
        #expect(groove.bars == 2)
        #expect(groove.steps.count == 32)
        #expect(groove.meter == .common)
        var expected = [DrumHits](repeating: [], count: 32)
        expected[0] = [.kick]; expected[4] = [.snare]; expected[8] = [.closedHiHat]; expected[9] = [.closedHiHat]
        expected[16] = [.kick]; expected[24] = [.openHiHat]
        #expect(groove.steps == expected)
        #expect(groove.notes.map(\.step) == [0, 4, 8, 9, 16, 24])
        #expect(groove.notes.map(\.velocity) == [100, 90, 70, 60, 110, 50])
        let offsets: [Double] = [0, 7.0 / 120, -5.0 / 120, -0.5, 5.0 / 120, -10.0 / 120]
        #expect(groove.notes.map(\.offset) == offsets)
        #expect(report.notesRead == 8)
        #expect(report.unmapped == [100: 1])
        #expect(report.merged == 1)
        // Tempo changes move seconds, not steps.
        let plain = try DrumGrid.groove(of: Self.playedScore(tempos: false), name: "t").groove
        #expect(plain.notes == groove.notes)
    }

    @Test func writesGeneralMIDINotesOnChannelTenAtExactTicks() throws {
        let groove = try DrumGrid.groove(of: Self.playedScore(tempos: true)).groove
        let onGrid = DrumGrid.notes(of: groove, ticksPerQuarter: 480, humanize: false)
        #expect(onGrid.map(\.start) == [0, 480, 960, 1080, 1920, 2880])
        #expect(onGrid.map(\.pitch) == [36, 38, 42, 42, 36, 46])
        #expect(onGrid.allSatisfy { $0.channel == 9 && $0.duration == 60 })
        let played = DrumGrid.notes(of: groove, ticksPerQuarter: 480, humanize: true)
        #expect(played.map(\.start) == [0, 487, 955, 1020, 1925, 2870])
        // Another resolution: PPQ 96, a step is 24 ticks; PPQ 90 rounds (22.5 ticks a step).
        #expect(DrumGrid.notes(of: groove, ticksPerQuarter: 96, humanize: false).map(\.start) == [0, 96, 192, 216, 384, 576])
        #expect(DrumGrid.tick(ofStep: 3, ticksPerQuarter: 90) == 68)
    }

    /// Humanized hits of one drum closer than a hit's length (half a step, 60 ticks at PPQ 480):
    /// the first ends where the next starts, two at one tick keep the first, other drums untouched.
    @Test func humanizedHitsOfOneDrumNeverOverlap() {
        let groove = DrumGroove(bars: 1, notes: [
            DrumNote(step: 0, drum: .closedHiHat, velocity: 80, offset: 0.4),    // 48
            DrumNote(step: 1, drum: .closedHiHat, velocity: 70, offset: -0.6),   // 120 - 72 = 48
            DrumNote(step: 2, drum: .closedHiHat, velocity: 60, offset: -0.8),   // 240 - 96 = 144
            DrumNote(step: 2, drum: .kick, velocity: 100, offset: -0.8),          // 144, another drum
            DrumNote(step: 3, drum: .closedHiHat, velocity: 50, offset: -0.7),   // 360 - 84 = 276
        ])
        let notes = DrumGrid.notes(of: groove, ticksPerQuarter: 480, humanize: true)
        #expect(notes.map(\.start) == [48, 144, 144, 276])
        #expect(notes.map(\.pitch) == [42, 36, 42, 42])
        #expect(notes.map(\.velocity) == [80, 100, 60, 50])
        #expect(notes.map(\.duration) == [60, 60, 60, 60])
        let close = DrumGroove(bars: 1, notes: [
            DrumNote(step: 0, drum: .ride, velocity: 80, offset: 0),             // 0
            DrumNote(step: 1, drum: .ride, velocity: 70, offset: -0.75),         // 120 - 90 = 30
        ])
        #expect(DrumGrid.notes(of: close, ticksPerQuarter: 480, humanize: true).map(\.duration) == [30, 60])
    }

    @Test func meterComesFromTheFirstTimeSignature() throws {
        var score = Self.playedScore(tempos: false)
        score.timeSignatures = [TimeSignature(tick: 0, numerator: 3, denominator: 4)]
        let g = try DrumGrid.groove(of: score).groove
        #expect(g.meter.stepsPerBar == 12)
        #expect(g.bars == 3)
        score.timeSignatures = [TimeSignature(tick: 0, numerator: 5, denominator: 4)]
        let error = #expect(throws: ParameterError.self) { try DrumGrid.groove(of: score) }
        #expect(error?.name == "meter")
        // A change to another meter ends the groove at the next bar line.
        score.timeSignatures = [TimeSignature(tick: 0, numerator: 4, denominator: 4), TimeSignature(tick: 1920, numerator: 3, denominator: 4)]
        let (cut, report) = try DrumGrid.groove(of: score)
        #expect(cut.bars == 1)
        #expect(report.droppedAfterMeterChange == 3)
    }
}

@Suite struct DrumPrimerTests {
    @Test func parsesInstrumentLines() throws {
        let p = try DrumPrimer.parse("kick: x...x...x...x... ; snare: ....X.......x... ; hh: x.x.x.x.|x.x.x.x.")
        #expect(p.bars == 1)
        #expect(p.hits.count == 16)
        #expect(p.hits[0] == [.kick, .closedHiHat])
        #expect(p.hits[4] == [.kick, .snare, .closedHiHat])
        #expect(p.hits[12] == [.kick, .snare, .closedHiHat])
        #expect(p.hits[1] == [])
        #expect(p.accents[4] == [.snare])
        #expect(p.accents[12] == [])
        let twoBars = try DrumPrimer.parse("36: x-------x-------x-------x-------\nride: x...x...x...x...x...x...x...x...")
        #expect(twoBars.bars == 2)
        #expect(twoBars.hits[8] == [.kick, .ride])
        #expect(twoBars.hits[6] == [])
        let waltz = try DrumPrimer.parse("kick: x.......x...", meter: try Meter(3, 4))
        #expect(waltz.bars == 1)
    }

    @Test func badLinesGiveClearErrors() {
        func message(_ text: String) -> String {
            do { _ = try DrumPrimer.parse(text); return "no error" } catch { return String(describing: error) }
        }
        #expect(message("kick: x...x...x...x... ; snare ....x.......x...")
                == "primer line 2 \"snare ....x.......x...\": expected \"instrument: steps\", e.g. \"kick: x...x...x...x...\"")
        #expect(message("cowbel: x...x...x...x...").hasPrefix("primer line 1 \"cowbel: x...x...x...x...\": unknown instrument \"cowbel\"; use one of kick, snare, hihat"))
        #expect(message("kick: x...o...x...x...") == "primer line 1 \"kick: x...o...x...x...\": character \"o\" at position 6 after the colon: use x (hit), X (accent), . or - (rest), | (bar line)")
        #expect(message("kick: x...x...x...x..") == "primer line 1 \"kick: x...x...x...x..\": 15 steps; a line holds whole bars of 4/4, 16 steps each")
        #expect(message("kick: x...x...x...x... ; snare: ....x.......x.......x.......x...")
                == "primer line 2 \"snare: ....x.......x.......x.......x...\": 32 steps, but line 1 has 16; every line must have the same length")
        #expect(message("kick: x...x...x...x...; bd: x...............") == "primer line 2 \"bd: x...............\": kick is already given on line 1")
        #expect(message(" ; ").hasPrefix("primer line 1"))
    }

    @Test func primerVelocitiesComeFromPerformanceOrAccents() throws {
        let grooves = (0..<30).map { i in
            DrumGroove(bars: 1, notes: [DrumNote(step: 0, drum: .kick, velocity: i % 2 == 0 ? 80 : 100, offset: 0.1),
                                        DrumNote(step: 4, drum: .snare, velocity: 70)])
        }
        let perf = DrumPerformance(grooves: grooves)
        #expect(perf.velocity(.kick, step: 0, stepsPerBar: 16) == 90)
        #expect(perf.velocity(.snare, step: 20, stepsPerBar: 16) == 70)
        let g = try DrumPrimer.parse("kick: x............... ; snare: ....X...........").groove(performance: perf)
        #expect(g.notes.map(\.velocity) == [90, 120])
    }
}

/// Synthetic grooves: rock beats with a snare fill every fourth bar.
enum SyntheticGrooves {
    static func grooves(count: Int = 24) -> [DrumGroove] {
        (0..<count).map { i in
            var notes: [DrumNote] = []
            for bar in 0..<8 {
                for p in 0..<16 {
                    var h = DrumHits()
                    if p % 2 == 0 { h.insert(i % 3 == 0 ? .ride : .closedHiHat) }
                    if p == 0 || p == 8 || (i % 2 == 1 && p == 10) { h.insert(.kick) }
                    if p == 4 || p == 12 { h.insert(.snare) }
                    if bar % 4 == 3 && p >= 12 { h.insert(.snare) }
                    for c in h.classes {
                        notes.append(DrumNote(step: bar * 16 + p, drum: c, velocity: UInt8(60 + (i * 7 + p * 13 + c.rawValue) % 50),
                                              offset: Double((p * 5 + i + bar) % 7 - 3) / 20))
                    }
                }
            }
            return DrumGroove(name: "synthetic\(i)", bars: 8, notes: notes)
        }
    }

    static let markov: MarkovDrumModel = try! MarkovDrumModel.train(grooves: grooves(), corpus: "synthetic", split: "all", orders: [3], passes: 1)
}

@Suite struct DrumModelTests {
    let primer = try! DrumPrimer.parse("kick: x.......x....... ; snare: ....x.......x... ; hihat: x.x.x.x.x.x.x.x.")

    @Test func markovCompositionIsDeterministicAndKeepsThePrimer() throws {
        let model = SyntheticGrooves.markov
        let request = DrumCompositionRequest(bars: 4, seed: 3, primer: primer.groove(performance: model.performance))
        let a = try model.compose(request), b = try model.compose(request)
        #expect(a == b)
        #expect(a.bars == 4)
        #expect(Array(a.bar(0)) == primer.hits)
        var other = request
        other.seed = 4
        other.temperature = 1.5
        #expect(try model.compose(other).steps != a.steps)
        // Humanize changes velocities and timing, never which drums are struck.
        var humanized = request
        humanized.humanize = true
        let h = try model.compose(humanized)
        #expect(h.steps == a.steps)
        #expect(h.notes.contains { $0.offset != 0 })
    }

    @Test func rnnCompositionIsDeterministic() throws {
        let network = LSTMNetwork(shape: RNNDrumModel.shape(hiddenSize: 8, layers: 1), seed: 5)
        let model = RNNDrumModel(network: network, config: .init(weights: "", shape: network.shape,
                                                                 performance: SyntheticGrooves.markov.performance, training: nil))
        let request = DrumCompositionRequest(bars: 3, seed: 9, temperature: 0.8, primer: primer.groove(performance: model.performance))
        let a = try model.compose(request)
        #expect(a == (try model.compose(request)))
        #expect(Array(a.bar(0)) == primer.hits)
        // Scoring through the batched pass equals scoring step by step through the predictor.
        let grooves = Array(SyntheticGrooves.grooves(count: 2))
        let batched = model.score(grooves), stepwise = model.scoreByPrediction(grooves)
        #expect(batched.steps == 256 && stepwise.steps == 256)
        #expect(abs(batched.totalNats - stepwise.totalNats) < 1e-3 * batched.totalNats)
    }

    @Test func markovBeatsUnigramAndSurvivesSaving() throws {
        let model = SyntheticGrooves.markov
        let test = SyntheticGrooves.grooves(count: 3)
        let r = model.score(test)
        let unigram = DrumUnigramModel(training: SyntheticGrooves.grooves()).score(test)
        #expect(r.steps == 3 * 128)
        #expect(r.natsPerStep < 0.5 * unigram.natsPerStep)
        #expect(abs(DrumUniformModel().score(test).natsPerStep - log(512)) < 1e-12)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("drums-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let loaded = try MarkovDrumModel.load(from: url)
        #expect(loaded.order == model.order)
        #expect(loaded.score(test) == r)
    }

    @Test func badMeterAndLongPrimerAreRefused() {
        let model = SyntheticGrooves.markov
        let error = #expect(throws: ParameterError.self) { try model.compose(DrumCompositionRequest(bars: 4, meter: try Meter(5, 4), seed: 1)) }
        #expect(error?.name == "meter")
        #expect(throws: ComposerError.primerFillsGroove(primerBars: 1, grooveBars: 1)) {
            try model.compose(DrumCompositionRequest(bars: 1, seed: 1, primer: primer.groove(performance: model.performance)))
        }
    }
}

@Suite struct DrumMetricsTests {
    @Test func agreementAndOverlapPerClass() {
        let p = try! DrumPrimer.parse("kick: x.......x....... ; hihat: x.x.x.x.x.x.x.x.").hits
        let b = try! DrumPrimer.parse("kick: x.....x.x....... ; hihat: x.x.x.x.x.x.x.x.").hits
        let a = DrumMetrics.onsetAgreement(primer: p[...], bar: b[...])
        // kick: 15 of 16 steps agree, Dice 2*2/(2+3); hi-hat: all agree.
        #expect(abs(a.agreement - (15.0 / 16 + 1) / 2) < 1e-12)
        #expect(abs(a.overlap - (0.8 + 1) / 2) < 1e-12)
        let c = DrumMetrics.continuation([DrumGroove(steps: p + b + p)])
        #expect(c.bars == 2)
        #expect(c.verbatimShare == 0.5)
    }

    @Test func syncopationFollowsLonguetHigginsAndLee() {
        var onsets = [Bool](repeating: false, count: 16)
        onsets[0] = true
        #expect(DrumMetrics.syncopation(onsets: onsets, meter: .common) == 0)
        onsets = [Bool](repeating: false, count: 16)
        onsets[2] = true          // an eighth (weight 2) held over beat 2, 3, 4 and the downbeat (5)
        #expect(DrumMetrics.syncopation(onsets: onsets, meter: .common) == 3)
        onsets[0] = true; onsets[4] = true; onsets[8] = true; onsets[12] = true
        #expect(DrumMetrics.syncopation(onsets: onsets, meter: .common) == 0)
        onsets = [Bool](repeating: false, count: 16)
        onsets[0] = true; onsets[7] = true  // a 16th (1) tied over beat 3 (4): 3
        #expect(DrumMetrics.syncopation(onsets: onsets, meter: .common) == 3)
    }
}
