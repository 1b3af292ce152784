import Foundation
import Synchronization
import Testing
import SMF
@testable import Music

/// The scratch a `Score` read pairs notes in (`ReadScratch`: open notes, raw note and control
/// buffers) is reused from one read to the next: a read that throws half-way leaves nothing behind
/// for the next, reads on several threads at once each get a scratch of their own, and the tracks
/// of one file, which share it, each keep exactly their own notes and controls.
@Suite struct ReadScratchTests {
    /// A format 1 file: per track, notes (pitch, start, duration in ticks, channel) and controls.
    static func file(_ tracks: [[(pitch: UInt8, start: Int, duration: Int, channel: UInt8)]], bend: Int16 = 0) -> MIDIFile {
        var smfTracks: [Track] = []
        for (t, notes) in tracks.enumerated() {
            var timed: [(tick: Int, event: Event)] = []
            for n in notes {
                timed.append((n.start, .channel(.noteOn(channel: n.channel, note: n.pitch, velocity: 64 + UInt8(t)))))
                timed.append((n.start + n.duration, .channel(.noteOff(channel: n.channel, note: n.pitch, velocity: 0))))
            }
            timed.append((0, .channel(.pitchBend(channel: UInt8(t), value: bend + Int16(t)))))
            timed.sort { $0.tick < $1.tick }
            var events: [TrackEvent] = []
            var last = 0
            for (tick, event) in timed {
                events.append(TrackEvent(delta: UInt32(tick - last), event: event))
                last = tick
            }
            events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
            smfTracks.append(Track(events: events))
        }
        return MIDIFile(format: .multiTrack, division: .ticksPerQuarter(96), tracks: smfTracks)
    }

    static let tracks: [[(pitch: UInt8, start: Int, duration: Int, channel: UInt8)]] = [
        [(60, 0, 96, 0), (64, 96, 48, 0), (67, 144, 48, 0)],
        [(36, 0, 192, 1), (36, 192, 192, 1)],
        [(72, 24, 24, 2), (72, 24, 72, 2), (76, 48, 24, 2)],
    ]

    /// (pitch, start, duration, channel) of each part's notes.
    static func notes(_ score: Score) -> [[[Int]]] {
        score.parts.map { $0.notes.map { [Int($0.pitch), $0.start, $0.duration, Int($0.channel)] } }
    }

    static let expected: [[[Int]]] = [
        [[60, 0, 96, 0], [64, 96, 48, 0], [67, 144, 48, 0]],
        [[36, 0, 192, 1], [36, 192, 192, 1]],
        // The two notes of key 72 struck at once end first in, first out.
        [[72, 24, 24, 2], [72, 24, 72, 2], [76, 48, 24, 2]],
    ]

    @Test func eachTrackKeepsExactlyItsOwnNotesAndControls() throws {
        let bytes = Self.file(Self.tracks, bend: 100).bytes()
        for _ in 0..<3 {
            let score = try Score.read(bytes: bytes, options: .strict).score
            #expect(Self.notes(score) == Self.expected)
            #expect(score.parts.map { $0.controls.map(\.message) } == [
                [.pitchBend(channel: 0, value: 100)], [.pitchBend(channel: 1, value: 101)], [.pitchBend(channel: 2, value: 102)],
            ])
        }
    }

    @Test func aReadThatThrowsWithNotesOpenLeavesNothingForTheNext() throws {
        // Track 0: a note-on, then a status byte no track may hold (0xF4) before its note-off:
        // strict reading throws there with the note still open.
        let header: [UInt8] = [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96]
        let events: [UInt8] = [0x00, 0x90, 61, 100, 0x10, 0xF4, 0x10, 0x80, 61, 0, 0x00, 0xFF, 0x2F, 0x00]
        let bad = header + [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, UInt8(events.count)] + events
        #expect(throws: SMFError.self) { try Score.read(bytes: bad, options: .strict) }
        let good = Self.file(Self.tracks).bytes()
        #expect(Self.notes(try Score.read(bytes: good, options: .strict).score) == Self.expected)
        // Lenient reading drops the byte and pairs the note.
        let lenient = try Score.read(bytes: bad, options: .lenient).score
        #expect(Self.notes(lenient) == [[[61, 0, 32, 0]]])
        #expect(Self.notes(try Score.read(bytes: good, options: .strict).score) == Self.expected)
    }

    @Test func readsOnSeveralThreadsAtOnceEachGetTheirOwnScore() throws {
        // Eight files told apart by a transposition, each read 40 times on 4 threads at once.
        let files = (0..<8).map { k in
            Self.file(Self.tracks.map { $0.map { ($0.pitch + UInt8(k), $0.start, $0.duration, $0.channel) } }).bytes()
        }
        let wrong = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for round in 0..<40 {
                let k = (thread + round) % files.count
                let score = try? Score.read(bytes: files[k], options: .strict).score
                let want = Self.expected.map { $0.map { [$0[0] + k, $0[1], $0[2], $0[3]] } }
                if score.map(Self.notes) != want { wrong.withLock { $0 += 1 } }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
    }
}
