import Foundation
import Music
@testable import Piano
import SMF
import Testing

/// The loop schedule, exactly: which notes at which times relative to the bar lines, a new cell on
/// the next bar line, a tempo change, the metronome, stopping.
@Suite("Piano loops: the loop player")
struct LoopPlayerTests {
    typealias N = LoopTrack.Note
    /// Two bars of 4/4 (32 steps) on channel 3: C4 steps 0-4, D4 12-20 (over the bar line), E4 28-32.
    let a = LoopTrack(notes: [N(pitch: 60, velocity: 100, start: 0, steps: 4), N(pitch: 62, velocity: 90, start: 12, steps: 8),
                              N(pitch: 64, velocity: 90, start: 28, steps: 4)], steps: 32, meter: .common, channel: 2)
    /// G4 on every beat of both bars, one step each.
    var b: LoopTrack {
        var t = LoopTrack(notes: stride(from: 0, to: 32, by: 4).map { N(pitch: 67, velocity: 90, start: $0, steps: 1) }, steps: 32, meter: .common, channel: 2)
        t.cell = 1
        return t
    }

    func on(_ p: UInt8, _ v: UInt8 = 90) -> ChannelMessage { .noteOn(channel: 2, note: p, velocity: v) }
    func off(_ p: UInt8) -> ChannelMessage { .noteOff(channel: 2, note: p, velocity: 0) }
    func timed(_ events: [LoopPlayer.Event]) -> [String] { events.map { String(format: "%.3f ", $0.time) + "\($0.message)" } }
    /// Runs the clock from its last call to `end` as the piano does (every 10 ms), collecting what was due.
    func run(_ p: inout LoopPlayer, from start: Double, to end: Double) -> [LoopPlayer.Event] {
        var out: [LoopPlayer.Event] = []
        var t = start
        while t < end { out += p.due(now: t); t += 0.01 }
        return out + p.due(now: end)
    }
    func expected(_ pairs: [(Double, ChannelMessage)]) -> [String] { pairs.map { String(format: "%.3f ", $0.0) + "\($0.1)" } }

    @Test func notesFallOnTheStepsOfEachBarAndTheLoopRepeats() {
        var p = LoopPlayer(bpm: 120)       // a step is 0.125 s, a bar 2 s
        p.play(a, start: 10)
        #expect(p.nextDeadline == 10)
        #expect(timed(p.due(now: 9.99)) == [])
        #expect(timed(p.due(now: 10)) == expected([(10, on(60, 100))]))
        #expect(p.nextBarLine == 12)
        #expect(timed(p.due(now: 11.9)) == expected([(10.5, off(60)), (11.5, on(62))]))
        // The bar line at 12 lays out bar 2; D4 goes on over it and ends 4 steps in.
        #expect(timed(p.due(now: 12)) == [])
        #expect(p.nextBarLine == 14)
        #expect(timed(p.due(now: 13.99)) == expected([(12.5, off(62)), (13.5, on(64))]))
        // The loop's end is the next loop's start: E4 ends, C4 starts, in that order.
        #expect(timed(p.due(now: 14)) == expected([(14, off(64)), (14, on(60, 100))]))
        #expect(p.position == 16)
        #expect(p.sounding == [2 << 7 | 60])
        #expect(p.soundingClicks.isEmpty)
    }

    @Test func aNewCellStartsOnTheNextBarLineFromItsFirstStep() {
        var p = LoopPlayer(bpm: 120)
        p.play(a, start: 10)
        _ = run(&p, from: 10, to: 15.6)   // bar 1 of the second round; D4 struck at 15.5
        p.play(b, start: 99)              // the start only counts when nothing plays
        #expect(p.queued?.cell == 1)
        #expect(p.playing?.cell == 0)
        // At 16 (the next bar line) D4 is cut and the new cell starts at its step 0, not at step 16.
        #expect(timed(run(&p, from: 15.61, to: 16.9)) == expected([(16, off(62)), (16, on(67)), (16.125, off(67)), (16.5, on(67)), (16.625, off(67))]))
        #expect(p.playing?.cell == 1)
        #expect(p.queued == nil)
        #expect(p.position == 16)
    }

    @Test func askingForThePlayingCellCancelsTheChange() {
        var p = LoopPlayer(bpm: 120)
        p.play(a, start: 10)
        _ = p.due(now: 10)
        p.play(b, start: 0)
        p.play(a, start: 0)
        #expect(p.queued == nil)
        _ = p.due(now: 12)
        #expect(p.playing == a)
    }

    @Test func aTempoChangeTakesEffectOnTheNextBarLine() {
        var p = LoopPlayer(bpm: 120)
        p.play(a, start: 10)
        _ = p.due(now: 11.6)              // D4 struck at 11.5 at 120 bpm
        p.bpm = 60                        // a step is now 0.25 s
        // Bar 1 keeps its tempo: the bar line is still at 12. Bar 2 is laid out at 60 bpm: D4,
        // carried over the bar line, ends 4 steps (1 s) after it, E4 starts 12 steps (3 s) after it.
        #expect(timed(p.due(now: 15.5)) == expected([(13, off(62)), (15, on(64))]))
        #expect(p.nextBarLine == 16)
        #expect(timed(p.due(now: 16)) == expected([(16, off(64)), (16, on(60, 100))]))
        #expect(p.nextBarLine == 20)
    }

    @Test func metronomeClicksOnTheBeatsOfTheLoopsBars() throws {
        var p = LoopPlayer(bpm: 120, metronome: true)
        p.play(a, start: 10)
        let clicks = p.due(now: 11.9).filter(\.isClick)
        #expect(clicks.filter { $0.message.isNoteOff == false }.map(\.time) == [10, 10.5, 11, 11.5])
        #expect(clicks.first?.message == .noteOn(channel: 9, note: 76, velocity: 110))    // accented downbeat
        #expect(clicks[2].message == .noteOn(channel: 9, note: 77, velocity: 80))
        #expect(clicks[1].message == .noteOff(channel: 9, note: 76, velocity: 0) && abs(clicks[1].time - 10.08) < 1e-9)
        // 6/8: two dotted-quarter beats per bar of 12 steps.
        var q = LoopPlayer(bpm: 120, metronome: true)
        q.play(LoopTrack(notes: [], steps: 24, meter: try Meter(6, 8), channel: 2), start: 0)
        #expect(run(&q, from: 0, to: 2.9).filter { $0.isClick && !$0.message.isNoteOff }.map(\.time) == [0, 0.75, 1.5, 2.25])
        #expect(p.nextBeat(after: 11.7) == 12)
        #expect(p.nextBeat(after: 11.2) == 11.5)
    }

    @Test func stopEndsWhatSoundsAndNothingFollows() {
        var p = LoopPlayer(bpm: 120, metronome: true)
        p.play(a, start: 10)
        _ = p.due(now: 10.01)
        let offs = p.stop()
        #expect(offs.notes == [.noteOff(channel: 2, note: 60, velocity: 0)])
        #expect(offs.clicks == [.noteOff(channel: 9, note: 76, velocity: 0)])
        #expect(p.due(now: 100).isEmpty)
        #expect(p.nextDeadline == nil)
    }

    @Test func aClockFarBehindStartsItsBarNowInsteadOfABurst() {
        var p = LoopPlayer(bpm: 120)
        p.play(a, start: 10)
        _ = p.due(now: 10)
        // The process was stopped for a minute: what was laid out comes late, then the next bar
        // is laid out from now (D4's end 4 steps later, E4 at step 12), not 30 bars at once.
        #expect(timed(p.due(now: 72)) == expected([(10.5, off(60)), (11.5, on(62))]))
        #expect(timed(p.due(now: 73.5)) == expected([(72.5, off(62)), (73.5, on(64))]))
        #expect(p.nextBarLine == 74)
    }
}
