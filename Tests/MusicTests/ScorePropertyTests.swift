import PropertyBased
import SMF
import Testing
import Music

/// Random scores from random 32-bit words (one word per note), so that PropertyBased can shrink a
/// failing case by dropping words and making them smaller.
enum RandomScore {
    /// Notes of one part from words: pitch, channel (never two overlapping notes of one key),
    /// velocity 1-127, a gap after the previous note of the same key and a duration >= 1.
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

@Suite("Property-based score round trips")
struct ScorePropertyTests {
    static let scores = zip(Gen.uint32().array(of: 0...40).array(of: 1...3), Gen.uint32().array(of: 0...4), Gen.uint16(in: 24...960))
        .map { parts, tempoWords, ppq in
            Score(ticksPerQuarter: Int(ppq),
                  parts: parts.enumerated().map { RandomScore.part($1, index: $0) },
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

    /// Notes of few keys that overlap, repeat and last 0 ticks: the direct encoder gives the bytes of
    /// `midiFile().bytes()`, and when `writingWarnings` is empty the same notes are read back.
    @Test func overlappingNotesRoundTripUnlessReported() async {
        let parts = Gen.uint32().array(of: 0...30).map { words in
            Part(notes: words.map { w in
                Note(pitch: 60 + UInt8(w & 3), velocity: UInt8((w >> 2) & 0x7F) | 1, channel: UInt8((w >> 9) & 1),
                     start: Int((w >> 10) & 0x3F) * 10, duration: Int((w >> 16) & 0x1F) * 10)
            })
        }
        await propertyCheck(count: 300, input: parts) { part in
            let score = Score(ticksPerQuarter: 96, parts: [part])
            for running in [true, false] {
                let bytes = score.bytes(runningStatus: running)
                #expect(bytes == score.midiFile().bytes(runningStatus: running))
                let back = Score(file: try MIDIFile(bytes: bytes))
                // The same notes; among notes of one key and start, the shorter comes back first.
                func key(_ n: Note) -> [Int] { [n.start, Int(n.pitch), Int(n.channel), n.duration, Int(n.velocity)] }
                let sorted = { (notes: [Note]) in notes.sorted { key($0).lexicographicallyPrecedes(key($1)) } }
                if score.writingWarnings.isEmpty { #expect(sorted(back.parts[1].notes) == sorted(part.notes)) }
            }
        }
    }
}
