import Testing
import Music

@Suite struct MeterTests {
    @Test func oneCompoundRuleForMeterTimeSignatureAndBarGrid() throws {
        let compound: [(Int, Int)] = [(6, 8), (9, 8), (12, 8), (6, 16), (12, 16)]
        let simple: [(Int, Int)] = [(3, 8), (4, 4), (3, 4), (2, 2), (6, 4), (9, 4), (12, 4), (6, 2), (3, 16), (4, 8)]
        for (n, d) in compound {
            #expect(try Meter(n, d).isCompound, "\(n)/\(d)")
            #expect(TimeSignature(numerator: n, denominator: d).isCompound, "\(n)/\(d)")
        }
        for (n, d) in simple {
            #expect(try !Meter(n, d).isCompound, "\(n)/\(d)")
            #expect(!TimeSignature(numerator: n, denominator: d).isCompound, "\(n)/\(d)")
        }
        // A time signature the composer's grid cannot hold follows the same rule: 6/32 is simple.
        #expect(!TimeSignature(numerator: 6, denominator: 32).isCompound)
    }

    @Test func beatStepsAreDottedInCompoundMeters() throws {
        #expect(try Meter(6, 8).beatSteps == 6)
        #expect(try Meter(12, 8).beatSteps == 6)
        #expect(try Meter(6, 16).beatSteps == 3)
        #expect(try Meter(3, 8).beatSteps == 2)
        #expect(try Meter(4, 4).beatSteps == 4)
        #expect(try Meter(6, 4).beatSteps == 4)   // 6/4 is read as simple: six quarter-note beats
        #expect(try Meter(2, 2).beatSteps == 8)
        #expect(try Meter(6, 8).stepsPerBar == 12)
    }

    @Test func barGridBeatsFollowTheRule() {
        func beat(_ n: Int, _ d: Int) -> Int {
            BarGrid(ticksPerQuarter: 480, timeSignatures: [TimeSignature(numerator: n, denominator: d)], endTick: 1)
                .bars[0].beatLength(ticksPerQuarter: 480)
        }
        #expect(beat(6, 8) == 720)    // dotted quarter
        #expect(beat(6, 16) == 360)   // dotted eighth
        #expect(beat(6, 4) == 480)    // quarter: 6/4 is simple
        #expect(beat(3, 8) == 240)
        #expect(beat(4, 4) == 480)
    }

    @Test func unsupportedMetersThrow() {
        #expect(throws: MeterError(numerator: 3, denominator: 32)) { try Meter(3, 32) }
        #expect(throws: MeterError(numerator: 0, denominator: 4)) { try Meter(0, 4) }
    }
}
