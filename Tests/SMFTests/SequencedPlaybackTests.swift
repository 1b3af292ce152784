import Testing
@testable import SMF

/// A format 2 file's sequences are played one after another, each with its own tempo map
/// (issue 16: they were played together, one sequence's tempo timing the other).
@Suite struct SequencedPlaybackTests {
    static func ev(_ delta: UInt32, _ event: Event) -> TrackEvent { TrackEvent(delta: delta, event: event) }
    static let on60 = Event.channel(.noteOn(channel: 0, note: 60, velocity: 100))
    static let off60 = Event.channel(.noteOff(channel: 0, note: 60, velocity: 0))
    static let on62 = Event.channel(.noteOn(channel: 0, note: 62, velocity: 90))
    static let off62 = Event.channel(.noteOff(channel: 0, note: 62, velocity: 0))
    static let fast = Event.meta(.tempo(microsecondsPerQuarter: 250_000))
    static let standard = Event.meta(.tempo(microsecondsPerQuarter: 500_000))
    static let end = Event.meta(.endOfTrack)

    /// Sequence 0: 240 bpm, one quarter note, End of Track one quarter later; sequence 1: no tempo.
    static let twoSequences = MIDIFile(format: .multiSequence, division: .ticksPerQuarter(96), tracks: [
        Track(events: [ev(0, fast), ev(0, on60), ev(96, off60), ev(96, end)]),
        Track(events: [ev(0, on62), ev(96, off62), ev(0, end)]),
    ])

    @Test func sequencesFollowEachOtherWithTheDefaultTempoRestored() {
        let played = Self.twoSequences.sequencedForPlayback()
        #expect(played.format == .singleTrack)
        #expect(played.tracks == [Track(events: [
            Self.ev(0, Self.fast), Self.ev(0, Self.on60), Self.ev(96, Self.off60),
            Self.ev(96, Self.standard), Self.ev(0, Self.on62), Self.ev(96, Self.off62), Self.ev(0, Self.end),
        ])])
    }

    @Test func aSequenceWithItsOwnTempoGetsNoDefault() {
        var file = Self.twoSequences
        file.tracks[1].events.insert(Self.ev(0, Self.meta(300_000)), at: 0)
        let events = file.sequencedForPlayback().tracks[0].events
        #expect(events.filter { if case .meta(.tempo) = $0.event { true } else { false } }.map(\.event)
                == [Self.fast, Self.meta(300_000)])
        #expect(events[3] == Self.ev(96, Self.meta(300_000)))
    }

    @Test func otherFormatsAreUnchanged() {
        var file = Self.twoSequences
        file.format = .multiTrack
        #expect(file.sequencedForPlayback() == file)
    }

    static func meta(_ us: UInt32) -> Event { .meta(.tempo(microsecondsPerQuarter: us)) }
}
