import Testing
import SMF
@testable import Music

/// Equal to within 1e-12 relative: tick <-> seconds arithmetic is in Double.
func nearlyEqual(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }

@Suite struct TempoMapTests {
    /// PPQ 480; 120 bpm from 0, 60 bpm from tick 960, 240 bpm from 1920, 90 bpm from 2880.
    let map = TempoMap(division: .ticksPerQuarter(480), changes: [
        TempoChange(tick: 960, microsecondsPerQuarter: 1_000_000),
        TempoChange(tick: 1920, microsecondsPerQuarter: 250_000),
        TempoChange(tick: 2880, microsecondsPerQuarter: 666_667),
    ])

    @Test func secondsAcrossThreeTempoChanges() {
        #expect(nearlyEqual(map.seconds(atTick: 0), 0))
        #expect(nearlyEqual(map.seconds(atTick: 480), 0.5))
        #expect(nearlyEqual(map.seconds(atTick: 960), 1.0))       // 2 quarters at 0.5 s
        #expect(nearlyEqual(map.seconds(atTick: 1440), 2.0))      // + 1 quarter at 1 s
        #expect(nearlyEqual(map.seconds(atTick: 1920), 3.0))
        #expect(nearlyEqual(map.seconds(atTick: 2880), 3.5))      // + 2 quarters at 0.25 s
        #expect(abs(map.seconds(atTick: 3360) - 4.166667) < 1e-12)  // + 1 quarter at 0.666667 s
    }

    @Test func ticksFromSecondsInvertsSeconds() {
        for tick in [0, 1, 479, 960, 1000, 1920, 2500, 2880, 5000] {
            #expect(abs(map.tick(atSeconds: map.seconds(atTick: tick)) - Double(tick)) < 1e-9)
        }
        #expect(nearlyEqual(map.tick(atSeconds: 2.5), 1680))
    }

    @Test func defaultTempoIs120AndLastChangeAtATickWins() {
        let m = TempoMap(division: .ticksPerQuarter(96), changes: [
            TempoChange(tick: 0, microsecondsPerQuarter: 1_000_000),
            TempoChange(tick: 0, microsecondsPerQuarter: 250_000),
        ])
        #expect(nearlyEqual(m.seconds(atTick: 96), 0.25))
        #expect(nearlyEqual(TempoMap(division: .ticksPerQuarter(96), changes: []).seconds(atTick: 96), 0.5))
    }

    @Test func smpteDivisionIgnoresTempo() {
        let m = TempoMap(division: .smpte(framesPerSecond: 25, ticksPerFrame: 40),
                         changes: [TempoChange(tick: 0, microsecondsPerQuarter: 1_000_000)])
        #expect(nearlyEqual(m.seconds(atTick: 1000), 1.0))
        let dropFrame = TempoMap(division: .smpte(framesPerSecond: 29, ticksPerFrame: 100), changes: [])
        // 29 means 29.97 (30000/1001) frames per second: 300 frames last 10.01 s.
        #expect(nearlyEqual(dropFrame.seconds(atTick: 30000), 10.01))
    }
}
