import TestSupport
import Foundation
import Testing

/// `compose inspect` lists the sequences of a format 2 file, each placed after the one before it.
@Suite struct InspectFormatTwoCLITests {
    @Test(.enabled(if: ComposeCLITests.binaryExists)) func listsTheSequences() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("two.mid")
        let first: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x00, 0x90, 60, 100, 0x83, 0x60, 0x80, 60, 0, 0x83, 0x60, 0xFF, 0x2F, 0x00]
        let second: [UInt8] = [0x00, 0x90, 62, 90, 0x81, 0x70, 0x80, 62, 0, 0x81, 0x70, 0xFF, 0x2F, 0x00]
        try Data(smf(format: 2, division: 480, first, second)).write(to: path)
        let result = try ComposeCLITests().run(["inspect", path.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("SMF format 2, 480 ticks per quarter note, 2 track(s), 2.500 s") == true)
        #expect(lines.contains("  sequence 0 (track 0): from tick 0 (0.000 s), 960 ticks long"))
        #expect(lines.contains("  sequence 1 (track 1): from tick 960 (2.000 s), 480 ticks long"))
    }
}
