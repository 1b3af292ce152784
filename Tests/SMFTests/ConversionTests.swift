import TestSupport
import Foundation
import Music
import SMF
import Testing

/// Notes as (channel, pitch, velocity, start s, end s), sorted: what `compose convert` must keep.
func notesInSeconds(_ file: MIDIFile, transpose: Int = 0) -> [(channel: UInt8, pitch: UInt8, velocity: UInt8, start: Double, end: Double)] {
    let score = Score(file: file)
    let map = score.tempoMap
    return score.parts.flatMap(\.notes).compactMap { n in
        let pitch = Int(n.pitch) + (n.channel == 9 ? 0 : transpose)
        guard (0...127).contains(pitch) else { return nil }
        return (n.channel, UInt8(pitch), n.velocity, map.seconds(atTick: n.start), map.seconds(atTick: n.end))
    }.sorted { ($0.channel, $0.pitch, $0.start, $0.end) < ($1.channel, $1.pitch, $1.start, $1.end) }
}

@Suite("Conversion: format, PPQ, transposition (compose convert)")
struct ConversionTests {
    static let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(480), tracks: [
        Track(events: [TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: 600_000))),
                       TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: 1, minor: false))),
                       TrackEvent(delta: 960, event: .meta(.endOfTrack))]),
        Track(events: [on(0, 60), off(240, 60), on(0, 62), off(100, 62), eotAt(0)]),
        Track(events: [TrackEvent(delta: 11, event: .channel(.noteOn(channel: 9, note: 36, velocity: 100))),
                       TrackEvent(delta: 5, event: .channel(.noteOff(channel: 9, note: 36, velocity: 0))), eotAt(0)]),
    ])

    @Test func ppqChangeRoundsEachEventToTheNearestTick() throws {
        let (out, report) = try Self.file.converted(ticksPerQuarter: 96)
        #expect(out.division == .ticksPerQuarter(96))
        // 240 -> 48; 340 -> 68; drum 11 -> 2.2 -> 2, 16 -> 3.2 -> 3.
        #expect(out.tracks[1].timedEvents().map(\.tick) == [0, 48, 48, 68, 68])
        #expect(out.tracks[2].timedEvents().map(\.tick) == [2, 3, 3])
        #expect(out.tracks[0].timedEvents().map(\.tick) == [0, 0, 192])
        #expect(abs(report.maxRoundingTicks - 0.2) < 1e-9)
        #expect(report.notesShortenedToZero == 0)
        // Seconds are kept within half a new tick (0.5 x 0.6 s / 96).
        for (a, b) in zip(notesInSeconds(Self.file), notesInSeconds(out)) {
            #expect(abs(a.start - b.start) <= 0.5 * 0.6 / 96 + 1e-12)
            #expect(abs(a.end - b.end) <= 0.5 * 0.6 / 96 + 1e-12)
        }
        // Down to 1 tick per quarter: short notes collapse, and that is reported.
        #expect(try Self.file.converted(ticksPerQuarter: 1).report.notesShortenedToZero == 2)
    }

    @Test func formatZeroMergesAndFormatOneSplitsByChannel() throws {
        let (zero, report) = try Self.file.converted(format: .singleTrack)
        #expect(zero.format == .singleTrack)
        #expect(zero.tracks.count == 1)
        #expect(zero.tracks[0].events.filter { $0.event == .meta(.endOfTrack) }.count == 1)
        #expect(zero.tracks[0].timedEvents().last?.tick == 960)  // the longest track's end
        #expect(report.notes == ["3 tracks merged into one (format 0)"])
        #expect(notesInSeconds(zero).map(\.start) == notesInSeconds(Self.file).map(\.start))

        let (one, _) = try zero.converted(format: .multiTrack)
        #expect(one.tracks.count == 3)  // metas, channel 0, channel 9
        #expect(one.tracks[0].events.allSatisfy { if case .channel = $0.event { false } else { true } })
        #expect(one.tracks[2].events.first?.event == .channel(.noteOn(channel: 9, note: 36, velocity: 100)))
        #expect(one.tracks.allSatisfy { $0.timedEvents().last?.tick == 960 })
        let a = notesInSeconds(Self.file), b = notesInSeconds(one)
        #expect(a.map(\.start) == b.map(\.start) && a.map(\.end) == b.map(\.end) && a.map(\.pitch) == b.map(\.pitch))
    }

    @Test func transpositionSkipsDrumsMovesKeysAndDropsWhatFallsOut() throws {
        let (up, report) = try Self.file.converted(transpose: 2)
        #expect(notesInSeconds(up).map(\.pitch) == [62, 64, 36])
        #expect(up.tracks[0].events[1].event == .meta(.keySignature(sharpsFlats: 3, minor: false)))  // G -> A major
        #expect(report.keySignaturesTransposed == 1)
        #expect(report.drumNotesKept == 1)
        // Eb minor (-6) up 1 = E minor (1 sharp); F# major (6) down 1 = F major (1 flat).
        func key(_ sf: Int8, _ minor: Bool, _ by: Int) throws -> Event? {
            let f = MIDIFile(tracks: [Track(events: [TrackEvent(delta: 0, event: .meta(.keySignature(sharpsFlats: sf, minor: minor)))])])
            return try f.converted(transpose: by).file.tracks[0].events[0].event
        }
        #expect(try key(-6, true, 1) == .meta(.keySignature(sharpsFlats: 1, minor: true)))
        #expect(try key(6, false, -1) == .meta(.keySignature(sharpsFlats: -1, minor: false)))
        #expect(try key(0, false, 12) == .meta(.keySignature(sharpsFlats: 0, minor: false)))
        // Up 66: note 62 -> 128 is out of range and dropped with its note-off; the time is kept.
        let (high, r2) = try Self.file.converted(transpose: 66)
        #expect(r2.notesDroppedOutOfRange == 1)
        #expect(notesInSeconds(high).map(\.pitch) == [126, 36])
        #expect(high.tracks[1].timedEvents().map(\.tick) == [0, 240, 340])
    }

    @Test func smpteToTicksPerQuarterGoesThroughSeconds() throws {
        // 25 fps x 40 = 1000 ticks per second; a tempo event that had no effect.
        let smpte = MIDIFile(format: .singleTrack, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [
            Track(events: [TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: 1_000_000))),
                           on(500, 60), off(1500, 60), eotAt(0)]),
        ])
        let (out, report) = try smpte.converted(ticksPerQuarter: 480)
        #expect(report.smpteTemposDropped == 1)
        #expect(out.tracks[0].events.first?.event == .meta(.tempo(microsecondsPerQuarter: 500_000)))
        #expect(out.tracks[0].timedEvents().map(\.tick) == [0, 480, 1920, 1920])  // 0.5 s and 2 s at 120 bpm
        let a = notesInSeconds(smpte), b = notesInSeconds(out)
        #expect(a.count == 1 && b.count == 1 && abs(a[0].start - b[0].start) < 1e-9 && abs(a[0].end - b[0].end) < 1e-9)
    }

    @Test func deltasThatWouldOverflowAreRefused() {
        let long = MIDIFile(division: .ticksPerQuarter(96), tracks: [Track(events: [on(VLQ.maxValue, 60), eotAt(0)])])
        #expect(throws: ConversionError.self) { try long.converted(ticksPerQuarter: 960) }
        #expect(throws: ConversionError.self) { try long.converted(ticksPerQuarter: 0) }
    }

    /// Every songs/ and melody/ file (a sample), every conversion: written, read back, same notes in seconds.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpusRoot.path), "../shared/corpus not found"))
    func corpusConversionsKeepNotesAndTiming() throws {
        let urls = CorpusTests.files(in: ["songs"]) + CorpusTests.files(in: ["melody", "drums"]).enumerated().filter { $0.offset % 50 == 0 }.map(\.element)
        var checked = 0
        for url in urls {
            let file = try MIDIFile(contentsOf: url)
            guard case .ticksPerQuarter(let ppq) = file.division else { continue }
            for (format, newPPQ, transpose) in [(Format?.none, UInt16?.none, 0), (.singleTrack, 96, 0), (.multiTrack, 1000, -3), (nil, 7, 5)] {
                let (out, _) = try file.converted(format: format, ticksPerQuarter: newPPQ, transpose: transpose)
                let back = try MIDIFile(bytes: out.bytes(runningStatus: transpose % 2 == 0))
                let a = notesInSeconds(file, transpose: transpose), b = notesInSeconds(back)
                let merged = format == .singleTrack && file.tracks.count > 1
                #expect(a.count == b.count, "\(url.lastPathComponent) \(String(describing: format)) \(String(describing: newPPQ))")
                guard !merged, a.count == b.count else { continue }
                // Half a new tick at the slowest tempo, plus tempo changes moved by rounding.
                let score = Score(file: back)
                let tpq = Double(newPPQ ?? ppq)
                let slowest = Double(max(500_000, score.tempoChanges.map(\.microsecondsPerQuarter).max() ?? 0)) / 1e6 / tpq
                let changes = Double(score.tempoChanges.count)
                let tolerance = newPPQ == nil ? 1e-9 : slowest * (0.5 + 0.5 * changes) + 1e-9
                for (x, y) in zip(a, b) {
                    #expect(x.pitch == y.pitch && x.channel == y.channel && x.velocity == y.velocity)
                    #expect(abs(x.start - y.start) <= tolerance && abs(x.end - y.end) <= tolerance,
                            "\(url.lastPathComponent): \(x) vs \(y)")
                }
                checked += 1
            }
        }
        print("SMF conversions: \(checked) conversions of \(urls.count) corpus files keep their notes in seconds")
    }
}
