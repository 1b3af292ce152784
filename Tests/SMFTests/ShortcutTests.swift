import TestSupport
import Foundation
@testable import SMF
import Testing

/// Lenient reading takes a shortcut for clean files (the strict parser, then a check that nothing
/// would be warned about). It must give exactly what the full lenient parse gives.
@Suite("Lenient clean-file shortcut")
struct ShortcutTests {
    static func bothPaths(_ bytes: [UInt8]) -> (ReadResult?, ReadResult?) {
        var full = ReadOptions.lenient
        full.skipCleanFileShortcut = true
        return ((try? MIDIFile.read(bytes: bytes, options: .lenient)), (try? MIDIFile.read(bytes: bytes, options: full)))
    }

    @Test func handMadeCasesAgree() {
        let cases: [[UInt8]] = [
            smf(noteOn + eot),
            smf(noteOn),                                                        // no End of Track
            smf(eot + noteOn + eot),                                            // events after it
            smf([0x00, 0xFF, 0x51, 0x02, 0x0C, 0x35] + eot),                  // short tempo
            smf([0x00, 0xFF, 0x54, 0x05, 0x60, 0x00, 0x00, 0x7D, 0x70] + eot), // SMPTE offset out of range
            smf([0x00, 0xFF, 0x54, 0x05, 0x60, 0x00, 0x00, 0x07, 0x10] + eot), // SMPTE offset in range
            smf([0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40] + eot),            // huge delta
            smf(format: 0, eot, eot),                                           // format 0, two tracks
            mthd(ntracks: 0),                                                   // no tracks
            mthd() + chunk("XFIH", [1]) + mtrk(eot),                            // unknown chunk
        ]
        for bytes in cases {
            let (short, full) = Self.bothPaths(bytes)
            #expect(short == full, "\(bytes)")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpusRoot.path), "../shared/corpus not found"))
    func corpusAgrees() throws {
        let urls = CorpusTests.files(in: ["songs", "edge"]) + CorpusTests.files(in: ["melody", "drums"]).enumerated()
            .filter { $0.offset % 10 == 0 }.map(\.element)
        for url in urls {
            let (short, full) = Self.bothPaths(try [UInt8](Data(contentsOf: url)))
            #expect(short == full, "\(url.lastPathComponent)")
        }
    }
}
