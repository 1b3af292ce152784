import Testing
import SMF
@testable import Music

/// The event order `Score.midiFile()` writes at one tick, and the same-key overlap rules, on notes
/// given out of order (a `Part`'s `notes` may be assigned unsorted).
@Suite struct ScoreWritingOrderTests {
    /// Notes of one key starting together are all written, shorter first; a zero-length note
    /// keeps length 0 (note-off right after its note-on). The old writer kept only the longest and
    /// wrote the zero-length note one tick long. Here the zero-length note begins while two longer
    /// ones sound, so a first-in, first-out reader gives it another's end: reported.
    @Test func sameKeyNotesStartingTogetherAreAllWrittenShorterFirst() {
        var part = Part()
        part.notes = [
            Note(pitch: 60, velocity: 10, start: 0, duration: 100),
            Note(pitch: 60, velocity: 30, start: 0, duration: 300),
            Note(pitch: 60, velocity: 20, start: 0, duration: 50),
            Note(pitch: 60, velocity: 40, start: 200, duration: 0),
        ]
        let score = Score(parts: [part])
        let on = { (v: UInt8) in Event.channel(.noteOn(channel: 0, note: 60, velocity: v)) }
        let off = Event.channel(.noteOff(channel: 0, note: 60, velocity: 0))
        #expect(score.midiFile().tracks[1].events == [
            TrackEvent(delta: 0, event: on(20)), TrackEvent(delta: 0, event: on(10)), TrackEvent(delta: 0, event: on(30)),
            TrackEvent(delta: 50, event: off), TrackEvent(delta: 50, event: off),
            TrackEvent(delta: 100, event: on(40)), TrackEvent(delta: 0, event: off),
            TrackEvent(delta: 100, event: off),
            TrackEvent(delta: 0, event: .meta(.endOfTrack)),
        ])
        #expect(score.writingWarnings == ["track 1: 2 note(s) of a key that begin while a longer note of that key sounds: "
                                          + "read back first in, first out, they get other ends"])
    }

    @Test func oneTickOrderIsNoteOffsThenControlsThenNoteOnsByKey() {
        var part = Part(name: "P")
        // Unsorted on purpose; channel 1 pitch 40 sorts after channel 0 pitch 70.
        part.notes = [
            Note(pitch: 40, velocity: 90, channel: 1, start: 480, duration: 480),
            Note(pitch: 70, velocity: 80, channel: 0, start: 480, duration: 480),
            Note(pitch: 50, velocity: 70, channel: 0, start: 0, duration: 480),
        ]
        part.controls = [ControlEvent(tick: 480, message: .controlChange(channel: 0, controller: 7, value: 100)),
                         ControlEvent(tick: 480, message: .programChange(channel: 1, program: 3))]
        let track = Score(parts: [part]).midiFile().tracks[1]
        #expect(track.events == [
            TrackEvent(delta: 0, event: .meta(.text(.trackName, Array("P".utf8)))),
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 50, velocity: 70))),
            TrackEvent(delta: 480, event: .channel(.noteOff(channel: 0, note: 50, velocity: 0))),
            TrackEvent(delta: 0, event: .channel(.controlChange(channel: 0, controller: 7, value: 100))),
            TrackEvent(delta: 0, event: .channel(.programChange(channel: 1, program: 3))),
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 70, velocity: 80))),
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 1, note: 40, velocity: 90))),
            TrackEvent(delta: 480, event: .channel(.noteOff(channel: 0, note: 70, velocity: 0))),
            TrackEvent(delta: 0, event: .channel(.noteOff(channel: 1, note: 40, velocity: 0))),
            TrackEvent(delta: 0, event: .meta(.endOfTrack)),
        ])
    }

    @Test func notesNeverEndedCloseAtTrackEnd() {
        let file = MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: [
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 2, note: 64, velocity: 50))),
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 72, velocity: 60))),
            TrackEvent(delta: 10, event: .channel(.noteOn(channel: 0, note: 72, velocity: 70))),
            TrackEvent(delta: 90, event: .meta(.endOfTrack)),
        ])])
        let score = Score(file: file)
        // The part lists them by (start, pitch, channel).
        #expect(score.parts[0].notes == [
            Note(pitch: 64, velocity: 50, channel: 2, start: 0, duration: 100),
            Note(pitch: 72, velocity: 60, channel: 0, start: 0, duration: 100),
            Note(pitch: 72, velocity: 70, channel: 0, start: 10, duration: 90),
        ])
        #expect(score.readingWarnings == ["track 0: 3 note(s) never ended, ended at the track's end (tick 100)"])
    }
}
