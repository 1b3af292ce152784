import Testing
import SMF
@testable import Music

@Suite struct ScoreReadingTests {
    func file(_ events: [(UInt32, Event)], format: Format = .singleTrack) -> MIDIFile {
        MIDIFile(format: format, division: .ticksPerQuarter(480),
                 tracks: [Track(events: events.map { TrackEvent(delta: $0.0, event: $0.1) })])
    }
    func on(_ note: UInt8, _ velocity: UInt8 = 100, ch: UInt8 = 0) -> Event { .channel(.noteOn(channel: ch, note: note, velocity: velocity)) }
    func off(_ note: UInt8, ch: UInt8 = 0) -> Event { .channel(.noteOff(channel: ch, note: note, velocity: 64)) }

    @Test func overlappingSamePitchNotesPairFirstInFirstOut() {
        // on 60 @0 (v100), on 60 @100 (v50), off @200, off @300.
        let score = Score(file: file([(0, on(60, 100)), (100, on(60, 50)), (100, off(60)), (100, on(60, 0)), (0, .meta(.endOfTrack))]))
        #expect(score.parts[0].notes == [
            Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 200),
            Note(pitch: 60, velocity: 50, channel: 0, start: 100, duration: 200),
        ])
    }

    @Test func velocityZeroIsNoteOffAndChannelsPairSeparately() {
        let score = Score(file: file([(0, on(60, ch: 0)), (0, on(60, ch: 1)), (240, on(60, 0, ch: 1)), (240, off(60, ch: 0))]))
        #expect(score.parts[0].notes == [
            Note(pitch: 60, velocity: 100, channel: 0, start: 0, duration: 480),
            Note(pitch: 60, velocity: 100, channel: 1, start: 0, duration: 240),
        ])
    }

    @Test func unclosedNoteEndsAtTrackEndAndStrayNoteOffIsIgnored() {
        let score = Score(file: file([(0, off(62)), (10, on(64)), (500, .channel(.programChange(channel: 0, program: 5))), (90, .meta(.endOfTrack))]))
        #expect(score.parts[0].notes == [Note(pitch: 64, velocity: 100, channel: 0, start: 10, duration: 590)])
        #expect(score.parts[0].controls == [ControlEvent(tick: 510, message: .programChange(channel: 0, program: 5))])
        #expect(score.parts[0].programs == [5])
    }

    @Test func metasBecomeTempoAndSignatures() {
        let score = Score(file: file([
            (0, .meta(.text(.trackName, Array("Lead".utf8)))),
            (0, .meta(.tempo(microsecondsPerQuarter: 600_000))),
            (0, .meta(.timeSignature(numerator: 6, denominatorPower: 3, clocksPerClick: 36, thirtySecondsPerQuarter: 8))),
            (0, .meta(.keySignature(sharpsFlats: -3, minor: true))),
            (960, .meta(.tempo(microsecondsPerQuarter: 400_000))),
        ]))
        #expect(score.parts[0].name == "Lead")
        #expect(score.tempoChanges == [TempoChange(tick: 0, microsecondsPerQuarter: 600_000), TempoChange(tick: 960, microsecondsPerQuarter: 400_000)])
        #expect(score.timeSignatures == [TimeSignature(tick: 0, numerator: 6, denominator: 8)])
        #expect(score.keySignatures[0].key == Key(tonic: 0, mode: .minor))   // 3 flats minor = C minor
        #expect(nearlyEqual(score.durationSeconds, 1.2))
    }
}

@Suite struct ScoreWritingTests {
    @Test func writesFormat1WithConductorTrackAndExactEvents() {
        let score = Score(ticksPerQuarter: 480,
                          parts: [Part(name: "M", notes: [Note(pitch: 60, velocity: 90, start: 0, duration: 480)],
                                       controls: [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 40))])],
                          tempoChanges: [TempoChange(tick: 0, bpm: 100)],
                          timeSignatures: [TimeSignature(numerator: 3, denominator: 4)],
                          keySignatures: [KeySignature(sharpsFlats: 2, minor: false)])
        let file = score.midiFile()
        #expect(file.format == .multiTrack)
        #expect(file.tracks.count == 2)
        #expect(file.tracks[0].events.map(\.event) == [
            .meta(.timeSignature(numerator: 3, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8)),
            .meta(.keySignature(sharpsFlats: 2, minor: false)),
            .meta(.tempo(microsecondsPerQuarter: 600_000)),
            .meta(.endOfTrack),
        ])
        #expect(file.tracks[1].events == [
            TrackEvent(delta: 0, event: .meta(.text(.trackName, Array("M".utf8)))),
            TrackEvent(delta: 0, event: .channel(.programChange(channel: 0, program: 40))),
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 60, velocity: 90))),
            TrackEvent(delta: 480, event: .channel(.noteOff(channel: 0, note: 60, velocity: 0))),
            TrackEvent(delta: 0, event: .meta(.endOfTrack)),
        ])
        #expect(Score(file: file).parts[1].notes == score.parts[0].notes)
    }

    /// Same-key notes that overlap (a key struck again while it sounds, two notes starting
    /// together) are written as they are; read back first in, first out they are the same notes.
    /// The old writer cut the first at 240 and dropped the shorter of the two at 960.
    @Test func writesOverlappingSamePitchNotesAsTheyAre() {
        let notes = [Note(pitch: 60, start: 0, duration: 480), Note(pitch: 60, start: 240, duration: 480),
                     Note(pitch: 60, start: 960, duration: 100), Note(pitch: 60, start: 960, duration: 200),
                     Note(pitch: 60, channel: 1, start: 100, duration: 100)]
        let score = Score(parts: [Part(notes: notes)])
        let back = Score(file: score.midiFile()).parts[1].notes
        #expect(back == [Note(pitch: 60, start: 0, duration: 480), Note(pitch: 60, channel: 1, start: 100, duration: 100),
                         Note(pitch: 60, start: 240, duration: 480), Note(pitch: 60, start: 960, duration: 100),
                         Note(pitch: 60, start: 960, duration: 200)])
        #expect(score.writingWarnings.isEmpty)
    }
}
