import Testing
import SMF
import TestSupport
@testable import Music

/// Format 2 (SMF 1.0 spec: independent single-track patterns): each sequence is timed by its own
/// tempo map and they play one after another (issue 16: they were played together, the first
/// sequence's tempo timing the second).
@Suite struct FormatTwoTests {
    /// Sequence 0: 60 bpm (1,000,000 µs per quarter), C4 for 480 ticks, 960 ticks long.
    static let first: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40,
                                 0x00, 0x90, 60, 100, 0x83, 0x60, 0x80, 60, 0,
                                 0x83, 0x60, 0xFF, 0x2F, 0x00]
    /// Sequence 1: no tempo (120 bpm by the spec), D4 for 240 ticks, 480 ticks long.
    static let second: [UInt8] = [0x00, 0x90, 62, 90, 0x81, 0x70, 0x80, 62, 0,
                                  0x81, 0x70, 0xFF, 0x2F, 0x00]

    @Test func sequencesPlayOneAfterAnotherEachWithItsOwnTempo() throws {
        let bytes = smf(format: 2, division: 480, Self.first, Self.second)
        let streamed = try Score.read(bytes: bytes, options: .strict).score
        let score = Score(file: try MIDIFile(bytes: bytes))
        #expect(streamed == score)
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 480)])
        #expect(score.parts[1].notes == [Note(pitch: 62, velocity: 90, channel: 0, start: 960, duration: 240)])
        #expect(score.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 1_000_000),
                                       TempoChange(tick: 960, microsecondsPerQuarter: 500_000)])
        #expect(score.trackEndTick == 1440)
        #expect(score.tempoMap.seconds(atTick: 960) == 2.0)
        #expect(score.tempoMap.seconds(atTick: 1200) == 2.25)
        #expect(score.durationSeconds == 2.5)
        #expect(score.readingWarnings == ["format 2: 2 independent sequences played one after another, each with its own tempo map: sequence 0 from tick 0, sequence 1 from tick 960"])
    }

    @Test func aSequenceThatSetsItsTempoKeepsIt() throws {
        let second: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90] + Self.second  // 250,000 µs
        let score = try Score.read(bytes: smf(format: 2, division: 480, Self.first, second), options: .strict).score
        #expect(score.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 1_000_000),
                                       TempoChange(tick: 960, microsecondsPerQuarter: 250_000)])
        #expect(score.tempoMap.seconds(atTick: 1200) == 2.125)
    }

    @Test func formatOneTracksStillPlayTogether() throws {
        let score = try Score.read(bytes: smf(format: 1, division: 480, Self.first, Self.second), options: .strict).score
        #expect(score.parts[1].notes == [Note(pitch: 62, velocity: 90, channel: 0, start: 0, duration: 240)])
        #expect(score.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 1_000_000)])
        #expect(score.readingWarnings.isEmpty)
    }
}
