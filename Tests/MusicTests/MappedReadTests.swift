import Foundation
import Testing
import SMF
import TestSupport
@testable import Music

/// `Score.read(contentsOf:options:)` maps a large file and gives back each track's pages as it
/// reads (every 256 KB, and the whole track once read): the score, warnings (with their byte
/// offsets) and errors are those of reading the same bytes from an array on one thread.
@Suite struct MappedReadTests {
    static func described(_ read: () throws -> ScoreReadResult) -> String {
        do {
            let result = try read()
            return "\(result.score) \(result.warnings) \(result.warningCount) \(result.container) \(result.headerOffset)"
        } catch {
            return "\(error)"
        }
    }

    /// A format 1 file of about 1.3 MB: 4 tracks of 25,000 notes each (pitch bends between them),
    /// track 2 with a data byte > 127 near its end and a chunk length 10 bytes too long.
    static func largeDamagedFile() -> [UInt8] {
        var tracks: [[UInt8]] = []
        for t in 0..<4 {
            var body: [UInt8] = [0x00, 0xC0 | UInt8(t), UInt8(t * 8)]
            for i in 0..<25_000 {
                let pitch = UInt8(36 + (i * 7 + t) % 60)
                body += [0x00, 0xE0 | UInt8(t), UInt8(i % 128), UInt8((i / 128) % 128)]
                body += [0x00, 0x90 | UInt8(t), pitch, UInt8(1 + i % 127), 0x30, pitch, 0]
            }
            if t == 2 { body += [0x00, 0x90 | UInt8(t), 60, 0xC8, 0x10, 60, 0] }
            body += [0x00, 0xFF, 0x2F, 0x00]
            tracks.append(body)
        }
        var bytes = mthd(format: 1, ntracks: 4, division: 480)
        for (t, body) in tracks.enumerated() {
            bytes += Array("MTrk".utf8) + be32(UInt32(body.count + (t == 2 ? 10 : 0))) + body
        }
        return bytes
    }

    @Test func aLargeMappedFileReadsAsItsBytesDo() throws {
        let dir = try TestPaths.temporaryDirectory("MappedReadTests")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Self.largeDamagedFile()
        #expect(bytes.count > 1 << 20)
        let url = dir.appendingPathComponent("large.mid")
        try Data(bytes).write(to: url)
        for options in [ReadOptions.strict, .lenient, ReadOptions(mode: .lenient, maxWarnings: 1)] {
            // Errors read from a file name it.
            let expected = Self.described { try Score.read(bytes: bytes, options: options, parallelAbove: .max) }
            let mapped = Self.described { try Score.read(contentsOf: url, options: options) }
            let oneThread = Self.described { try Score.read(contentsOf: url, options: options, parallelAbove: .max) }
            let prefix = options.mode == .strict ? "\(url.path): " : ""
            #expect(mapped == prefix + expected, "\(options.mode)")
            #expect(oneThread == prefix + expected, "\(options.mode)")
        }
        let lenient = try Score.read(contentsOf: url, options: .lenient)
        #expect(lenient.score.parts.map(\.notes.count) == [25_000, 25_000, 25_001, 25_000])
        #expect(lenient.score.parts.map(\.controls.count) == [25_001, 25_001, 25_001, 25_001])
        #expect(lenient.warnings.map(\.kind) == [.dataByteOutOfRange, .chunkLengthTooLong])
        do {
            _ = try Score.read(contentsOf: url, options: .strict)
            Issue.record("the damaged file was read in strict mode")
        } catch let error as SMFError {
            #expect(error.path == url.path)
            #expect(error.kind == .badDataByte)
        }
    }

    @Test(.enabled(if: !TestPaths.midiFiles(in: ["edge"]).isEmpty, "needs ../shared/corpus/edge (or $SMF_TESTS_CORPUS)"))
    func everyEdgeCorpusFileReadsMappedAsFromItsBytes() throws {
        let files = TestPaths.midiFiles(in: ["edge"])
        for url in files {
            let bytes = try [UInt8](Data(contentsOf: url))
            for options in [ReadOptions.strict, .lenient] {
                // The path is named by errors read from a file, not by those read from bytes.
                let expected = Self.described { try Score.read(bytes: bytes, options: options, parallelAbove: .max) }
                let mapped = Self.described { try Score.read(contentsOf: url, options: options, parallelAbove: 0) }
                    .replacingOccurrences(of: "\(url.path): ", with: "")
                #expect(mapped == expected, "\(url.lastPathComponent) \(options.mode)")
            }
        }
    }
}
