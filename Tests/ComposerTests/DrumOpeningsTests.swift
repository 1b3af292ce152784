import Foundation
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

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

    @Test func anOpeningIsSeededAndAnUnknownStyleIsNamed() throws {
        let openings = DrumOpenings(source: "test", styles: ["rock": [.init(steps: Self.rockBar, count: 1)]])
        let perf = DrumPerformance(grooves: [DrumGroove(steps: Self.rockBar.map { DrumHits(rawValue: $0) })])
        let a = try openings.opening(style: "rock", seed: 3, performance: perf)
        #expect(a.bars == 1 && a.ids == Self.rockBar)
        #expect(try openings.opening(style: nil, seed: 3, performance: perf) == a)
        #expect(throws: ComposerError.unknownStyle("polka", known: ["rock"])) { try openings.opening(style: "polka", seed: 1, performance: perf) }
    }

    @Test func theKeeperHoldsTheTimeOutsideFillBars() throws {
        let keeper = try #require(DrumGrooveKeeper(grooveBar: Self.rockBar))
        #expect(DrumGrooveKeeper(grooveBar: [Int](repeating: 1, count: 16)) == nil)
        let kick = DrumHits.kick.rawValue, hat = DrumHits([.closedHiHat, .kick]).rawValue
        let tom = DrumHits([.closedHiHat, .lowTom]).rawValue, crash = DrumHits([.closedHiHat, .crash]).rawValue
        // Bar 2 (0-based 1): a time-keeper where the groove bar has one, no tom (the groove bar
        // has none), a crash only on the downbeat.
        #expect(!keeper.allows(kick, at: 16) && keeper.allows(hat, at: 16) && keeper.allows(kick, at: 17))
        #expect(!keeper.allows(tom, at: 18) && keeper.allows(crash, at: 16) && !keeper.allows(crash, at: 18))
        // Bar 4 (0-based 3) may hold a fill.
        #expect(keeper.allows(kick, at: 48) && keeper.allows(tom, at: 50) && keeper.allows(crash, at: 50))
        #expect(!keeper.allows(crash, at: 66))
        var p = [Double](repeating: 0, count: 512); p[kick] = 0.5; p[hat] = 0.5
        #expect(keeper.constrain(p, at: 16)[kick] == 0 && keeper.constrain(p, at: 16)[hat] == 0.5)
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
