import Testing
import SMF
@testable import Music

/// The event order `Score.midiFile()` writes at one tick, and the same-key overlap rules, on notes
/// given out of order (a `Part`'s `notes` may be assigned unsorted).
@Suite struct ScoreWritingOrderTests {
    @Test func sameKeyNotesStartingTogetherKeepTheLongestFirstOfEquals() {
        var part = Part()
        part.notes = [
            Note(pitch: 60, velocity: 10, start: 0, duration: 100),
            Note(pitch: 60, velocity: 20, start: 0, duration: 300),
            Note(pitch: 60, velocity: 30, start: 0, duration: 300),
            Note(pitch: 60, velocity: 40, start: 200, duration: 0),
        ]
        let notes = Score.withoutSamePitchOverlaps(part.notes)
        #expect(notes == [
            Note(pitch: 60, velocity: 20, start: 0, duration: 200),   // cut where the next one starts
            Note(pitch: 60, velocity: 40, start: 200, duration: 1),   // zero length written one tick long
        ])
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
