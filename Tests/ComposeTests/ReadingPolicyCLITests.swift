import Foundation
import Music
import TestSupport
import Testing

/// One reading policy for every command that takes a MIDI file: `melody --primer-file`,
/// `continue`, `drums --primer-file`, `drums --with` and `harmonize` read a damaged file leniently
/// with the one warning line of inspect/render/convert, and refuse it (exit 65) under `--strict`.
extension ComposeCLITests {
    /// A format 0 file at `division` PPQ: a melody C4 E4 G4 C5 (quarters, velocities 80 90 100 110)
    /// on channel 1 and a kick (36) on every beat on channel 10; `afterFirstNoteOn` goes right
    /// after the first note-on, `firstVelocity` is that note's velocity byte.
    static func readingPolicyFile(division: UInt16 = 96, firstVelocity: UInt8 = 80, afterFirstNoteOn: [UInt8] = [],
                                  beforeEnd: [UInt8] = []) -> [UInt8] {
        let q = UInt32(division == 0 ? 96 : division)
        var body: [UInt8] = [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20]                // 120 bpm
        body += [0x00, 0xFF, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08]                        // 4/4
        let pitches: [UInt8] = [60, 64, 67, 72], velocities: [UInt8] = [firstVelocity, 90, 100, 110]
        for (i, pitch) in pitches.enumerated() {
            body += [0x00, 0x90, pitch, velocities[i]]
            if i == 0 { body += afterFirstNoteOn }
            body += [0x00, 0x99, 36, 100]
            body += vlq(q / 2) + [0x89, 36, 0]
            body += vlq(q / 2) + [0x80, pitch, 0]
        }
        body += beforeEnd + [0x00, 0xFF, 0x2F, 0x00]
        return smf(division: division, body)
    }

    /// The four damages of issue 16, each with the kind of warning the lenient reader gives.
    static let damages: [(name: String, bytes: [UInt8], warning: String)] = [
        ("trailing CR/LF", readingPolicyFile() + [0x0D, 0x0A], "after the last chunk"),
        ("a data byte above 127", readingPolicyFile(firstVelocity: 0xD0), "data byte"),
        ("PPQ 0", readingPolicyFile(division: 0), "division"),
        // A sysex after the first note-on, then a note-on of G3 in running status (ended before the end of track).
        ("running status after sysex", readingPolicyFile(afterFirstNoteOn: [0x00, 0xF0, 0x02, 0x7E, 0xF7, 0x00, 0x37, 0x40],
                                                         beforeEnd: [0x00, 0x80, 0x37, 0x00]), "running status"),
    ]

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("melody-markov.json") && shipped("drums-markov.json") && shipped("harmony.json"), "shipped models missing"))
    func everyCommandReadsDamagedFilesLenientlyAndRefusesThemUnderStrict() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, damage) in Self.damages.enumerated() {
            let file = dir.appendingPathComponent("damaged\(index).mid")
            try Data(damage.bytes).write(to: file)
            let out = dir.appendingPathComponent("out\(index).mid").path
            let commands: [[String]] = [
                ["melody", "--primer-file", file.path, "--bars", "2", "--out", out],
                ["continue", file.path, "--bars", "2", "--out", out],
                ["drums", "--model", "markov", "--primer-file", file.path, "--bars", "2", "--out", out],
                ["drums", "--model", "markov", "--with", file.path, "--out", out],
                ["harmonize", file.path, "--out", out],
            ]
            for command in commands {
                try? FileManager.default.removeItem(atPath: out)
                let lenient = try run(command)
                #expect(lenient.status == 0, "\(damage.name): \(command[0]) \(command[1]): \(lenient.stderr)")
                let warnings = lenient.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
                #expect(warnings.count == 1, "\(damage.name): \(command[0]) \(command[1]): \(lenient.stderr)")
                #expect(warnings.first?.hasPrefix("warning: \(file.path): 1 problem(s) repaired while reading, e.g. ") == true,
                        "\(damage.name): \(lenient.stderr)")
                #expect(warnings.first?.lowercased().contains(damage.warning) == true, "\(damage.name): \(lenient.stderr)")
                #expect(FileManager.default.fileExists(atPath: out))

                try? FileManager.default.removeItem(atPath: out)
                let strict = try run(command + ["--strict"])
                #expect(strict.status == 65, "\(damage.name): \(command[0]) \(command[1]) --strict: \(strict.stderr)")
                #expect(strict.stderr.split(separator: "\n").count == 1, "\(strict.stderr)")
                #expect(strict.stderr.contains(file.path), "\(strict.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out))
            }
        }
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("melody-markov.json") && shipped("drums-markov.json") && shipped("harmony.json"), "shipped models missing"))
    func aCleanFileGivesNoWarningInEitherMode() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("clean.mid")
        try Data(Self.readingPolicyFile()).write(to: file)
        let out = dir.appendingPathComponent("out.mid").path
        for strict in [[], ["--strict"]] {
            let r = try run(["harmonize", file.path, "--out", out] + strict)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stderr.contains("warning:"), "\(r.stderr)")
        }
    }
}
