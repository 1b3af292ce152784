import TestSupport
import Foundation
import Testing

/// End-to-end tests of the `compose` executable as a user runs it: exit codes, messages, files.
@Suite struct ComposeCLITests {
    /// The `compose` binary next to the test bundle (swift test builds every product into one folder).
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("compose")
    static let binaryExists = FileManager.default.isExecutableFile(atPath: binary.path)
    /// The package's root folder (Samples/ and Models/ live there).
    static let packageRoot = TestPaths.packageRoot
    /// Samples/jig-g-major.mid: 16 bars of G major in 6/8 on a flute, made by this project.
    static let jig = packageRoot.appendingPathComponent("Samples/jig-g-major.mid")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `compose` with `arguments`; `environment` entries are added to (nil values removed from) this process's environment;
    /// `directory` is the working folder (default: this process's).
    func run(_ arguments: [String], environment: [String: String?] = [:], directory: URL? = nil) throws -> Result {
        try Self.run(Self.binary, arguments, environment: environment, directory: directory)
    }

    /// Runs `executable` (compose, piano, or a copy of one) with `arguments`, as `run(_:environment:directory:)` does;
    /// `closedInput` gives it /dev/null as standard input instead of this process's.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String?] = [:], directory: URL? = nil,
                    closedInput: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if closedInput { process.standardInput = FileHandle.nullDevice }
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ComposeCLITests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func melodyIsDeterministicAndInspectReportsItsShape() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.mid").path, b = dir.appendingPathComponent("b.mid").path
        let args = ["melody", "--bars", "4", "--key", "G", "--tempo", "120", "--seed", "5"]
        let first = try run(args + ["--out", a])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try run(args + ["--out", b]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))

        let inspect = try run(["inspect", a, "--json"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? Int == 1)
        #expect(json["division"] as? String == "480 ticks per quarter note")
        // 4 bars of 4/4 at 120 bpm: the last note ends exactly at 8 s.
        #expect(json["durationSeconds"] as? Double == 8.0)
        let keys = try #require(json["keySignatures"] as? [[String: Any]])
        #expect(keys.first?["value"] as? String == "G major")
        let tracks = try #require(json["tracks"] as? [[String: Any]])
        #expect(tracks.count == 2)
        #expect(tracks[1]["name"] as? String == "Melody")
        #expect((tracks[1]["notes"] as? Int ?? 0) > 4)
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func renderWritesAWAVOfTheRightLength() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mid = dir.appendingPathComponent("m.mid").path, wav = dir.appendingPathComponent("m.wav").path
        #expect(try run(["melody", "--bars", "2", "--seed", "1", "--out", mid]).status == 0)
        let result = try run(["render", mid, "--out", wav, "--sample-rate", "22050"])
        try #require(result.status == 0, "\(result.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: wav)))
        // RIFF/WAVE, 16-bit stereo at 22050 Hz: find the "data" chunk and count frames.
        #expect(Array(bytes[0..<4]) == Array("RIFF".utf8))
        #expect(Array(bytes[8..<12]) == Array("WAVE".utf8))
        var offset = 12, frames = -1
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if id == "fmt " {
                #expect(Int(bytes[offset + 10]) == 2)                                           // channels
                #expect(Int(bytes[offset + 12]) | Int(bytes[offset + 13]) << 8 | Int(bytes[offset + 14]) << 16 == 22050)  // sample rate
                #expect(Int(bytes[offset + 22]) == 16)                                          // bits per sample
            }
            if id == "data" { frames = size / 4; break }
            offset += 8 + size + (size & 1)
        }
        // 2 bars at 120 bpm = 4 s of music; then the tail (release + FluidSynth's 2 s grace, at most 10 s).
        #expect(frames % 64 == 0)
        #expect(frames >= 4 * 22050 && frames <= 16 * 22050)
        #expect(result.stdout.contains("\(frames) frames at 22050 Hz"))
        // Atomic write: nothing but the two files is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["m.mid", "m.wav"])
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func badInputIsNamedInTheError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gif = dir.appendingPathComponent("picture.mid")
        try Data("GIF89a\u{01}\u{00}".utf8).write(to: gif)
        let inspect = try run(["inspect", gif.path])
        #expect(inspect.status != 0)
        #expect(inspect.stderr.contains(gif.path))
        #expect(inspect.stderr.contains("not a Standard MIDI File"))

        let key = try run(["melody", "--key", "H", "--out", dir.appendingPathComponent("x.mid").path])
        #expect(key.status == 64)   // EX_USAGE
        #expect(key.stderr.contains("--key H"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.mid").path))

        let missing = try run(["render", dir.appendingPathComponent("none.mid").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.mid"))
    }
}
