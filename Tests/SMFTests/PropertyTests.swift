import TestSupport
import Music
import PropertyBased
import SMF
import Testing

/// Random files and scores are built from random 32-bit words (one word per event or note), so that
/// PropertyBased can shrink a failing case by dropping words and making them smaller.
enum RandomMIDI {
    /// `count` deterministic pseudo-random bytes (any value 0-255) seeded by a word, for payloads.
    static func bytes(_ seed: UInt32, count: Int) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in
            x = x &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: x >> 24)
        }
    }

    /// One event from a word: bits 0-3 the kind, 4-5 the size class of the delta time, the rest data.
    static func event(_ w: UInt32) -> TrackEvent {
        let hi = w >> 8
        let d1 = UInt8(hi & 0x7F), d2 = UInt8((hi >> 7) & 0x7F), ch = UInt8((hi >> 14) & 0x0F)
        let delta: UInt32
        switch (w >> 4) & 3 {
        case 0: delta = 0
        case 1: delta = hi & 0x7F
        case 2: delta = hi & 0x3FFF
        default: delta = (w >> 4) & VLQ.maxValue  // up to the SMF maximum
        }
        let event: Event
        switch w & 0x0F {
        case 0: event = .channel(.noteOff(channel: ch, note: d1, velocity: d2))
        case 1, 2: event = .channel(.noteOn(channel: ch, note: d1, velocity: d2))  // includes velocity 0
        case 3: event = .channel(.polyPressure(channel: ch, note: d1, pressure: d2))
        case 4: event = .channel(.controlChange(channel: ch, controller: d1, value: d2))
        case 5: event = .channel(.programChange(channel: ch, program: d1))
        case 6: event = .channel(Int(hi) % 2 == 0 ? .channelPressure(channel: ch, pressure: d1)
                                 : .pitchBend(channel: ch, value: Int16(Int(hi & 0x3FFF) - 8192)))
        case 7: event = .sysex(bytes(w, count: Int(hi % 40)) + [0xF7])
        case 8: event = .escape(bytes(w, count: Int(hi % 8)))
        case 9:
            let kinds: [TextKind] = [.text, .copyright, .trackName, .instrumentName, .lyric, .marker, .cuePoint, .other(0x09)]
            event = .meta(.text(kinds[Int(hi % 8)], bytes(w, count: Int((hi >> 3) % 30))))
        case 10: event = .meta(.tempo(microsecondsPerQuarter: (hi & 0xFF_FFFF) | 1))
        case 11: event = .meta(.timeSignature(numerator: d1 % 16 + 1, denominatorPower: d2 % 6, clocksPerClick: 24, thirtySecondsPerQuarter: 8))
        case 12: event = .meta(.keySignature(sharpsFlats: Int8(Int(hi % 15) - 7), minor: (hi >> 4) & 1 == 1))
        case 13: event = .meta(.unknown(type: 0x60 + UInt8(hi % 0x1F), data: bytes(w, count: Int((hi >> 5) % 12))))
        case 14: event = .meta(.smpteOffset(hours: d1 % 24, minutes: d2 % 60, seconds: ch, frames: 3, fractionalFrames: 0))
        default:
            switch hi % 5 {
            case 0: event = .meta(.sequenceNumber(UInt16(truncatingIfNeeded: hi >> 3)))
            case 1: event = .meta(.sequenceNumber(nil))
            case 2: event = .meta(.channelPrefix(ch))
            case 3: event = .meta(.port(d1))
            default: event = .meta(.sequencerSpecific(bytes(w, count: Int((hi >> 3) % 10))))
            }
        }
        return TrackEvent(delta: delta, event: event)
    }

    static func file(format: UInt8, division: UInt16, tracks: [[UInt32]]) -> MIDIFile {
        let format: Format = tracks.count == 1 ? (format % 2 == 0 ? .singleTrack : .multiTrack) : (format % 2 == 0 ? .multiTrack : .multiSequence)
        let div: Division = division % 4 == 0
            ? .smpte(framesPerSecond: [24, 25, 29, 30][Int(division >> 2) % 4], ticksPerFrame: UInt8(division >> 4 & 0x7F) + 1)
            : .ticksPerQuarter(division & 0x7FFF == 0 ? 96 : division & 0x7FFF)
        return MIDIFile(format: format, division: div, tracks: tracks.map { Track(events: $0.map(event)) })
    }

    /// Notes of one part from words: pitch, channel (never two overlapping notes of one key, which a
    /// score's writer would trim), velocity 1-127, a gap after the previous note of the same key and a
    /// duration >= 1.
    static func part(_ words: [UInt32], index: Int) -> Part {
        var cursor: [Int: Int] = [:]
        var notes: [Note] = []
        for w in words {
            let pitch = UInt8(w & 0x7F), channel = UInt8((w >> 7) & 0x0F), velocity = UInt8((w >> 11) & 0x7F) | 1
            let key = Int(channel) << 7 | Int(pitch)
            let start = cursor[key, default: 0] + Int((w >> 18) & 0x3FF)
            let duration = Int((w >> 28) + 1) * 60
            cursor[key] = start + duration
            notes.append(Note(pitch: pitch, velocity: velocity, channel: channel, start: start, duration: duration))
        }
        return Part(name: "part \(index)", notes: notes)
    }
}

/// `file` with End of Track appended to each track that does not end with one: what writing adds.
func withEndOfTrack(_ file: MIDIFile) -> MIDIFile {
    var f = file
    for i in f.tracks.indices where f.tracks[i].events.last?.event != .meta(.endOfTrack) {
        f.tracks[i].events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
    }
    return f
}

@Suite("Property-based round trips")
struct PropertyTests {
    static let files = zip(Gen.uint8(), Gen.uint16(), Gen.uint32().array(of: 0...60).array(of: 1...4))
        .map { RandomMIDI.file(format: $0, division: $1, tracks: $2) }

    @Test func randomEventStreamsRoundTripWithAndWithoutRunningStatus() async {
        await propertyCheck(count: 300, input: Self.files) { file in
            let expected = withEndOfTrack(file)
            let with = file.bytes(runningStatus: true)
            let without = file.bytes(runningStatus: false)
            #expect(with.count <= without.count)
            for bytes in [with, without] {
                #expect(try MIDIFile(bytes: bytes) == expected)
                // Lenient reading of a valid file changes nothing; the only possible warning is a
                // (legal) delta time of over an hour.
                let r = try MIDIFile.read(bytes: bytes, options: .lenient)
                #expect(r.file == expected)
                #expect(r.warningCounts.keys.allSatisfy { $0 == .hugeDeltaTime }, "\(r.warnings.prefix(3))")
            }
        }
    }

    @Test func damagedRandomStreamsNeverTrapAndRepairToValidFiles() async {
        // Overwrite a few bytes of a valid file: lenient reading recovers a file that writes and reads back.
        await propertyCheck(count: 300, input: Self.files, Gen.uint32().array(of: 1...6)) { file, hits in
            var bytes = file.bytes(runningStatus: hits.count % 2 == 0)
            for h in hits where !bytes.isEmpty { bytes[Int(h >> 8) % bytes.count] = UInt8(truncatingIfNeeded: h) }
            guard let r = try? MIDIFile.read(bytes: bytes, options: .lenient) else { return }
            for running in [true, false] {
                let again = try? MIDIFile(bytes: r.file.bytes(runningStatus: running))
                #expect(again == r.file)
            }
        }
    }

    static let scores = zip(Gen.uint32().array(of: 0...40).array(of: 1...3), Gen.uint32().array(of: 0...4), Gen.uint16(in: 24...960))
        .map { parts, tempoWords, ppq in
            Score(ticksPerQuarter: Int(ppq),
                  parts: parts.enumerated().map { RandomMIDI.part($1, index: $0) },
                  tempoChanges: tempoWords.map { TempoChange(tick: Int($0 >> 12), microsecondsPerQuarter: ($0 & 0xFFF) * 300 + 200_000) },
                  timeSignatures: [TimeSignature(tick: 0, numerator: 3, denominator: 4)],
                  keySignatures: [KeySignature(tick: 0, sharpsFlats: -2, minor: true)])
        }

    @Test func randomScoresRoundTripThroughSMF() async {
        await propertyCheck(count: 200, input: Self.scores) { score in
            for running in [true, false] {
                let back = Score(file: try MIDIFile(bytes: score.midiFile().bytes(runningStatus: running)))
                // Track 0 is the tempo/signature track; the parts follow.
                #expect(back.parts.count == score.parts.count + 1)
                #expect(back.parts.dropFirst().map(\.notes) == score.parts.map(\.notes))
                #expect(back.parts.dropFirst().map(\.name) == score.parts.map(\.name))
                #expect(back.tempoChanges.map(\.microsecondsPerQuarter) == score.tempoChanges.map(\.microsecondsPerQuarter))
                #expect(back.tempoChanges.map(\.tick) == score.tempoChanges.map(\.tick))
                #expect(back.timeSignatures == score.timeSignatures)
                #expect(back.keySignatures == score.keySignatures)
                #expect(back.readingWarnings.isEmpty)
            }
        }
    }
}
