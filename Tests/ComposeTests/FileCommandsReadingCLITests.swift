import Foundation
import TestSupport
import Testing

/// `render`, `roll` and `play` read MIDI files as every other command does: a damaged file
/// leniently with one warning line, refused under `--strict` (exit 65, one line naming the file).
extension ComposeCLITests {
    /// The reading-policy file with its End of Track removed (the track runs to its chunk's end).
    static let missingEndOfTrack: [UInt8] = {
        var bytes = readingPolicyFile()
        bytes.removeLast(4)                                  // 00 FF 2F 00
        let length = UInt32(bytes.count - 22)                // after MThd (14) and the MTrk header (8)
        bytes.replaceSubrange(18..<22, with: withUnsafeBytes(of: length.bigEndian, Array.init))
        return bytes
    }()

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func renderRollAndPlayTakeStrict() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let damages = [("missing End of Track", Self.missingEndOfTrack, "end of track")] + Self.damages.map { ($0.name, $0.bytes, $0.warning) }
        for (index, (name, bytes, warning)) in damages.enumerated() {
            let file = dir.appendingPathComponent("damaged\(index).mid")
            try Data(bytes).write(to: file)
            let wav = dir.appendingPathComponent("out\(index).wav").path, png = dir.appendingPathComponent("out\(index).png").path
            let played = dir.appendingPathComponent("played\(index).wav").path
            let commands: [(arguments: [String], out: String)] = [
                (["render", file.path, "--out", wav], wav),
                (["roll", file.path, "--out", png], png),
                (["play", file.path, "--audio-file", played], played),
            ]
            for (command, out) in commands {
                let lenient = try run(command)
                #expect(lenient.status == 0, "\(name): \(command[0]): \(lenient.stderr)")
                let warnings = lenient.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: \(file.path): 1 problem(s) repaired") }
                #expect(warnings.count == 1, "\(name): \(command[0]): \(lenient.stderr)")
                #expect(warnings.first?.lowercased().contains(warning) == true, "\(name): \(command[0]): \(lenient.stderr)")
                #expect(FileManager.default.fileExists(atPath: out), "\(name): \(command[0])")

                try? FileManager.default.removeItem(atPath: out)
                let strict = try run(command + ["--strict"])
                #expect(strict.status == 65, "\(name): \(command[0]) --strict: \(strict.stderr)")
                #expect(strict.stderr.split(separator: "\n").count == 1, "\(command[0]) --strict: \(strict.stderr)")
                #expect(strict.stderr.contains(file.path) && strict.stderr.contains("offset"), "\(command[0]) --strict: \(strict.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out), "\(name): \(command[0]) --strict wrote \(out)")
            }
        }
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func evaluateTranscribeTakesStrict() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refs = dir.appendingPathComponent("refs"), estimates = dir.appendingPathComponent("estimates")
        for folder in [refs, estimates] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(Self.missingEndOfTrack).write(to: folder.appendingPathComponent("take.mid"))
        }
        let reference = refs.appendingPathComponent("take.mid").path, estimate = estimates.appendingPathComponent("take.mid").path
        let lenient = try run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", estimates.path, "--json"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        // One warning line per file, each naming it; the file scored against itself: F1 1.
        let warnings = lenient.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings.count == 2, "\(lenient.stderr)")
        for path in [reference, estimate] {
            #expect(warnings.filter { $0.hasPrefix("warning: \(path): 1 problem(s) repaired while reading") }.count == 1, "\(lenient.stderr)")
        }
        #expect(warnings.allSatisfy { $0.lowercased().contains("end of track") }, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("\"f1\" : 1"), "\(lenient.stdout)")

        let strict = try run(["evaluate", "transcribe", "--midi", refs.path, "--estimates", estimates.path, "--strict"])
        #expect(strict.status == 65, "\(strict.stderr)")
        #expect(strict.stderr.split(separator: "\n").count == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains(reference) && strict.stderr.contains("offset"), "\(strict.stderr)")
        #expect(strict.stdout.isEmpty)
    }
}
