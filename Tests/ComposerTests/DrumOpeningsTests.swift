import Foundation
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations
import Music

@Suite struct DrumOpeningsTests {
    /// A 4/4 bar: kick 1 and 3, snare 2 and 4, closed hi-hat on the 8ths (time-keeper on 8 steps).
    static let rockBar: [Int] = (0..<16).map { s in
        var h: DrumHits = s % 2 == 0 ? .closedHiHat : []
        if s == 0 || s == 8 { h.insert(.kick) }
        if s == 4 || s == 12 { h.insert(.snare) }
        return h.rawValue
    }

    @Test func styleIsTheTopLevelLabelOfTheFileName() {
        #expect(DrumOpenings.style(ofPath: "drummer1/session1/1_funk_80_beat_4-4.mid") == "funk")
        #expect(DrumOpenings.style(ofPath: "drummer1/session1/10_jazz-funk_116_fill_4-4.mid") == "jazz")
        #expect(DrumOpenings.style(ofPath: "primer") == nil)
    }

    @Test func learnsTheTimeKeepingBarsOfBeatsByStyleMostCommonFirst() {
        let other = Self.rockBar.enumerated().map { $0.offset == 2 ? $0.element | DrumHits.kick.rawValue : $0.element }
        let quiet = [Int](repeating: DrumHits.kick.rawValue, count: 16)
        let beat = DrumGroove(name: "d/s/1_rock_100_beat_4-4.mid", steps: (Self.rockBar + other + Self.rockBar + quiet).map { DrumHits(rawValue: $0) })
        let fill = DrumGroove(name: "d/s/2_rock_100_fill_4-4.mid", steps: other.map { DrumHits(rawValue: $0) })
        let openings = DrumOpenings.learn(from: [beat, fill], source: "test")
        #expect(openings.styleNames == ["rock"])
        #expect(openings.styles["rock"] == [.init(steps: Self.rockBar, count: 2), .init(steps: other, count: 1)])
    }

    /// A fill keeping time: closed hi-hat on beats 1 and 2 (8ths), then 16th-note toms down the kit.
    static let tomFill: [Int] = (0..<16).map { s in
        if s < 8 { return (s % 2 == 0 ? DrumHits.closedHiHat : []).union(s == 0 ? .kick : []).rawValue }
        return (s < 11 ? DrumHits.highTom : s < 14 ? .midTom : .lowTom).rawValue
    }

    @Test func learnsTheFillsDrummersPlayBeforeA4BarBoundary() {
        // 8 bars of a beat: the groove, with the tom fill in bar 4 and a bar without toms in bar 8.
        var bars = [[Int]](repeating: Self.rockBar, count: 8)
        bars[3] = Self.tomFill
        bars[7] = Self.rockBar.map { $0 | DrumHits.openHiHat.rawValue }.enumerated().map { $0.offset == 5 ? $0.element | 1 : $0.element }
        let beat = DrumGroove(name: "d/s/1_rock_100_beat_4-4.mid", steps: bars.joined().map { DrumHits(rawValue: $0) })
        let openings = DrumOpenings.learn(from: [beat], source: "test")
        #expect(openings.fills == ["rock": [.init(steps: Self.tomFill, count: 1)]])
        #expect(DrumGrooveKeeper.tomStrikes(Self.tomFill) == 8)
    }

    @Test func anArrangementFillsBar8AlwaysAndCrashesOnEachPhrase() throws {
        let openings = DrumOpenings(source: "test", styles: ["rock": [.init(steps: Self.rockBar, count: 1)]],
                                    fills: ["rock": [.init(steps: Self.tomFill, count: 1)]])
        var fourBarFills = 0
        for seed in UInt64(1)...40 {
            let a = try openings.arrangement(style: nil, bars: 16, seed: seed)
            #expect(a.style == "rock")
            #expect(a.opening == [Self.rockBar[0] | DrumHits.crash.rawValue] + Self.rockBar.dropFirst())
            #expect(a.crashBars == [0, 4, 8, 12])
            #expect(a.fills[7] == Self.tomFill && a.fills[15] == Self.tomFill)
            #expect(Set(a.fills.keys).isSubset(of: [3, 7, 11, 15]))
            fourBarFills += [3, 11].filter { a.fills[$0] != nil }.count
            #expect(try openings.arrangement(style: "rock", bars: 16, seed: seed) == a)
        }
        // Bars 4 and 12 hold a fill half the time (80 draws).
        #expect((30...50).contains(fourBarFills))
        #expect(throws: ComposerError.unknownStyle("polka", known: ["rock"])) { try openings.arrangement(style: "polka", bars: 8, seed: 1) }
        // A style without fills of its own takes every style's.
        let jazz = DrumOpenings(source: "test", styles: ["jazz": [.init(steps: Self.rockBar, count: 1)], "rock": []],
                                fills: ["rock": [.init(steps: Self.tomFill, count: 1)]])
        #expect(try jazz.arrangement(style: "jazz", bars: 8, seed: 1).fills[7] == Self.tomFill)
    }

    @Test func theKeeperHoldsTheTimeOutsideFillBars() throws {
        let keeper = try #require(DrumGrooveKeeper(grooveBar: Self.rockBar, fills: [3: Self.tomFill], crashBars: [0, 4]))
        #expect(DrumGrooveKeeper(grooveBar: [Int](repeating: 1, count: 16)) == nil)
        let kick = DrumHits.kick.rawValue, hat = DrumHits([.closedHiHat, .kick]).rawValue
        let tom = DrumHits([.closedHiHat, .lowTom]).rawValue, crash = DrumHits([.closedHiHat, .crash]).rawValue
        // Bar 2 (0-based 1): a time-keeper where the groove bar has one, no tom (the groove bar
        // has none), a crash only on the downbeat.
        #expect(!keeper.allows(kick, at: 16) && keeper.allows(hat, at: 16) && keeper.allows(kick, at: 17))
        #expect(!keeper.allows(tom, at: 18) && keeper.allows(crash, at: 16) && !keeper.allows(crash, at: 18))
        // Bar 4 (0-based 3) plays its fill; bar 5 starts with a crash.
        #expect(keeper.fillStep(at: 48) == Self.tomFill[0] && keeper.fillStep(at: 63) == Self.tomFill[15] && keeper.fillStep(at: 47) == nil)
        #expect(!keeper.allows(hat, at: 64) && keeper.allows(crash, at: 64) && !keeper.allows(crash, at: 66))
        var p = [Double](repeating: 0, count: 512); p[kick] = 0.5; p[hat] = 0.5
        #expect(keeper.constrain(p, at: 16)[kick] == 0 && keeper.constrain(p, at: 16)[hat] == 0.5)
        // Nothing allowed has any probability: the model's own distribution.
        #expect(keeper.constrain(p, at: 64) == p)
    }

    @Test func aGrooveFromAnArrangementOpensFillsAndKeepsTime() throws {
        let model = SyntheticGrooves.markov
        let openings = DrumOpenings(source: "test", styles: ["rock": [.init(steps: Self.rockBar, count: 1)]],
                                    fills: ["rock": [.init(steps: Self.tomFill, count: 1)]])
        let arrangement = DrumArrangement(style: "rock", opening: try openings.arrangement(style: "rock", bars: 8, seed: 1).opening,
                                          fills: [3: Self.tomFill, 7: Self.tomFill], crashBars: [0, 4])
        let request = DrumCompositionRequest(bars: 8, seed: 5, arrangement: arrangement)
        let g = try model.compose(request)
        #expect(g == (try model.compose(request)))
        #expect(Array(g.ids[0..<16]) == arrangement.opening)
        #expect(Array(g.ids[48..<64]) == Self.tomFill && Array(g.ids[112..<128]) == Self.tomFill)
        #expect(g.steps[64].contains(.crash))
        for b in [1, 2, 4, 5, 6] { #expect(DrumGrooveKeeper.keepsTime(Array(g.ids[(b * 16)..<(b * 16 + 16)]))) }
        // The opening's hits are performed as generated ones are (velocities from the model).
        #expect(g.notes.filter { $0.step < 16 }.count == arrangement.opening.reduce(0) { $0 + $1.nonzeroBitCount })
        #expect(throws: ComposerError.primerMeterMismatch(primer: .common, groove: try Meter(3, 4))) {
            try model.compose(DrumCompositionRequest(bars: 8, meter: try Meter(3, 4), seed: 5, arrangement: arrangement))
        }
    }
}

/// The shipped openings are those learned from the GMD's train split (set
/// `LITTLEMOZART_WRITE_DRUM_OPENINGS=1` to rewrite `Models/drums-openings.json` from it).
@Suite(.enabled(if: SharedDrums.available, "../shared/corpus/drums/gmd not found"))
struct ShippedDrumOpeningsTests {
    @Test func shippedOpeningsAreLearnedFromTheTrainSplit() throws {
        let corpus = try #require(SharedDrums.corpus)
        let learned = DrumOpenings.learn(from: corpus.grooves(.train), source: DrumOpenings.shippedSource)
        let url = SharedCorpus.packageRoot.appendingPathComponent("Models").appendingPathComponent(ModelCatalog.drumOpeningsFileName)
        if ProcessInfo.processInfo.environment["LITTLEMOZART_WRITE_DRUM_OPENINGS"] != nil { try learned.save(to: url) }
        #expect(try DrumOpenings.load(from: url) == learned)
        #expect(learned.styleNames.contains("rock") && learned.styleNames.contains("funk") && learned.styleNames.contains("jazz"))
    }
}
