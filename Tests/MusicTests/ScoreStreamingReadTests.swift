import Foundation
import Testing
import SMF
import TestSupport
@testable import Music

/// `Score.read(bytes:options:)` (notes paired while the bytes are parsed, tracks on several threads
/// for large files) gives exactly the score, warnings and errors of reading a `MIDIFile` and then
/// `Score(file:)`, on every file of the shared corpus, one thread and several.
@Suite struct ScoreStreamingReadTests {
    static func viaFile(_ bytes: [UInt8], _ options: ReadOptions) -> String {
        do {
            let result = try MIDIFile.read(bytes: bytes, options: options)
            return "\(Score(file: result.file)) \(result.warnings) \(result.warningCount) \(result.container) \(result.headerOffset)"
        } catch {
            return "\(error)"
        }
    }

    static func streamed(_ bytes: [UInt8], _ options: ReadOptions, parallelAbove: Int) -> String {
        do {
            let result = try Score.read(bytes: bytes, options: options, parallelAbove: parallelAbove)
            return "\(result.score) \(result.warnings) \(result.warningCount) \(result.container) \(result.headerOffset)"
        } catch {
            return "\(error)"
        }
    }

    @Test(.enabled(if: !TestPaths.midiFiles(in: ["edge", "songs", "drums", "melody", "chorales", "leadsheets"]).isEmpty,
                   "needs ../shared/corpus (or $SMF_TESTS_CORPUS)"))
    func everyCorpusFileReadsAsThroughAMIDIFile() throws {
        // Every mode and both paths on the varied folders; the thousands of small tunes of the
        // others (a minute in a debug build) in the common mode and the one-thread path they take.
        let varied = TestPaths.midiFiles(in: ["edge", "songs", "drums"])
        let tunes = TestPaths.midiFiles(in: ["melody", "chorales", "leadsheets"])
        var compared = 0
        for url in varied {
            let bytes = try [UInt8](Data(contentsOf: url))
            for options in [ReadOptions.strict, .lenient, ReadOptions(mode: .lenient, maxWarnings: 2)] {
                let expected = Self.viaFile(bytes, options)
                #expect(Self.streamed(bytes, options, parallelAbove: .max) == expected, "\(url.lastPathComponent) one thread")
                #expect(Self.streamed(bytes, options, parallelAbove: 0) == expected, "\(url.lastPathComponent) threads")
                compared += 1
            }
        }
        for url in tunes {
            let bytes = try [UInt8](Data(contentsOf: url))
            #expect(Self.streamed(bytes, .lenient, parallelAbove: .max) == Self.viaFile(bytes, .lenient), "\(url.lastPathComponent)")
            compared += 1
        }
        #expect(compared == varied.count * 3 + tunes.count)
    }

    /// Damaged files, read on several threads: the warnings of each track come back in file order
    /// with their byte offsets, interleaved with those of the chunk walk.
    @Test func warningsOfTracksReadApartKeepTheirPlaceAndOffsets() throws {
        // Track 0: a data byte 0xC8 clamped (offset 14 + 8 + 3 = 25); then 3 junk bytes between
        // chunks; track 1: no End of Track (added); track 2: a real-time byte dropped.
        let t0 = mtrk([0x00, 0x90, 60, 0xC8, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00])
        let t1 = mtrk([0x00, 0x90, 62, 100, 0x60, 0x80, 62, 0])
        let t2 = mtrk([0x00, 0xF8, 0x00, 0x90, 64, 100, 0x60, 0x80, 64, 0, 0x00, 0xFF, 0x2F, 0x00])
        let bytes = mthd(format: 1, ntracks: 3, division: 96) + t0 + [0x01, 0x02, 0x03] + t1 + t2
        let sequential = Self.viaFile(bytes, .lenient)
        #expect(Self.streamed(bytes, .lenient, parallelAbove: 0) == sequential)
        let result = try Score.read(bytes: bytes, options: .lenient, parallelAbove: 0)
        #expect(result.warnings.map(\.kind) == [.dataByteOutOfRange, .junkBetweenChunks, .missingEndOfTrack, .systemMessageInTrack])
        #expect(result.warnings.map(\.offset) == [25, 34, 53, 62])
        #expect(result.score.parts.map { $0.notes.map(\.pitch) } == [[60], [62], [64]])
        #expect(result.score.parts[0].notes[0].velocity == 127)
    }

    /// Strict reading on several threads throws the first error in file order, as one thread does.
    @Test func strictErrorsAreTheFirstInFileOrder() {
        let good = mtrk([0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00])
        let bad = mtrk([0x00, 0x90, 60, 0xC8, 0x00, 0xFF, 0x2F, 0x00])
        // A bad track 1, then a truncated chunk: the data byte error comes first.
        let bytes = mthd(format: 1, ntracks: 3, division: 96) + good + bad + Array(mtrk([0, 0xFF, 0x2F, 0]).dropLast())
        let expected = Self.viaFile(bytes, .strict)
        #expect(expected.contains("track 1, byte offset 45"))
        #expect(Self.streamed(bytes, .strict, parallelAbove: 0) == expected)
        #expect(Self.streamed(bytes, .strict, parallelAbove: .max) == expected)
    }
}
