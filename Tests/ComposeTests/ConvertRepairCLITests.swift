import Foundation
import TestSupport
import Testing

/// `compose convert` never writes an invalid SMF: a key signature of 14 sharps (mode byte 2, which
/// the lenient reader keeps as it was) and sysex data bytes above 0x7F are repaired with a line
/// each, or refused under --strict.
@Suite struct ConvertRepairCLITests {
    static let cli = ComposeCLITests()

    /// Format 0: key signature FF 59 02 0E 02, sysex F0 05 43 10 90 01 F7, one note.
    static let damaged = smf(format: 0, division: 96,
                             [0x00, 0xFF, 0x59, 0x02, 0x0E, 0x02,
                              0x00, 0xF0, 0x05, 0x43, 0x10, 0x90, 0x01, 0xF7,
                              0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00,
                              0x00, 0xFF, 0x2F, 0x00])

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func lenientConvertRepairsStrictRefuses() throws {
        let dir = try Self.cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.mid"), output = dir.appendingPathComponent("out.mid")
        try Data(Self.damaged).write(to: input)

        let lenient = try Self.cli.run(["convert", input.path, "--out", output.path])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("repaired 2 event(s) that would break the SMF spec:"))
        #expect(lenient.stdout.contains("track 0, event 0 (tick 0): key signature FF 59 02 0E 02 (valid: 2 data bytes, -7...7 sharps/flats, mode 0 or 1): written as 2 sharps, major"))
        #expect(lenient.stdout.contains("track 0, event 1 (tick 0): sysex data byte 2 is 0x90 (sysex data bytes are 0x00-0x7F): cut after 2 data byte(s) and ended with F7"))
        let written = [UInt8](try Data(contentsOf: output))
        #expect(written == smf(format: 0, division: 96,
                               [0x00, 0xFF, 0x59, 0x02, 0x02, 0x00,
                                0x00, 0xF0, 0x03, 0x43, 0x10, 0xF7,
                                0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00,
                                0x00, 0xFF, 0x2F, 0x00]))

        try? FileManager.default.removeItem(at: output)
        let strict = try Self.cli.run(["convert", input.path, "--out", output.path, "--strict"])
        #expect(strict.status == 65)
        #expect(strict.stderr.split(separator: "\n").count == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains(input.path))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
