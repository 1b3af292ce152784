import Testing
import Music

@Suite struct BarGridTests {
    @Test func fourFourByDefaultCoversTheEndTick() {
        let grid = BarGrid(ticksPerQuarter: 480, timeSignatures: [], endTick: 4000)
        #expect(grid.bars.map(\.start) == [0, 1920, 3840])
        #expect(grid.bars.map(\.number) == [1, 2, 3])
        #expect(grid.bars[0].beatStarts(ticksPerQuarter: 480) == [0, 480, 960, 1440])
        // Exactly two bars of music make two bars, not three.
        #expect(BarGrid(ticksPerQuarter: 480, timeSignatures: [], endTick: 3840).bars.count == 2)
        // An empty score still has one bar.
        #expect(BarGrid(ticksPerQuarter: 480, timeSignatures: [], endTick: 0).bars.count == 1)
    }

    @Test func compoundMeterHasDottedBeatsAndChangesTakeEffect() {
        let grid = BarGrid(ticksPerQuarter: 480, timeSignatures: [
            TimeSignature(tick: 0, numerator: 6, denominator: 8),
            TimeSignature(tick: 2880, numerator: 2, denominator: 4),
        ], endTick: 4000)
        #expect(grid.bars.map(\.start) == [0, 1440, 2880, 3840])
        #expect(grid.bars.map(\.length) == [1440, 1440, 960, 960])
        #expect(grid.bars[0].beatLength(ticksPerQuarter: 480) == 720)       // 6/8: two dotted quarters
        #expect(grid.bars[2].beatLength(ticksPerQuarter: 480) == 480)
        #expect(grid.bar(containing: 2879).number == 2)
        #expect(grid.bar(containing: 2880).number == 3)
        #expect(grid.bar(containing: 99_999).number == 4)
    }

    @Test func aMeterChangeInsideABarStartsANewBar() {
        let grid = BarGrid(ticksPerQuarter: 480, timeSignatures: [TimeSignature(tick: 960, numerator: 3, denominator: 4)],
                           endTick: 3000)
        #expect(grid.bars.map(\.start) == [0, 960, 2400])
        #expect(grid.bars[0].length == 960)                                 // the 4/4 bar cut short
        #expect(grid.bars[1].timeSignature.numerator == 3)
    }
}
