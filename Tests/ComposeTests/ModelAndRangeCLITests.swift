import Foundation
import Testing

/// Options out of the library's ranges (`CompositionLimits`, exit 64) and model files that
/// cannot be used (`ModelCatalog`: 66 not found, 65 not a model of that kind), each one line
/// naming the option or the file.
extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          arguments: [
              (["melody", "--bars", "0"], "--bars must be 1...1000, got 0"),
              (["melody", "--temperature=-1"], "--temperature must be at least 0, got -1.0"),
              (["melody", "--top-p", "2"], "--top-p must be in (0, 1], got 2.0"),
              (["melody", "--tempo", "2"], "--tempo must be 4...1000 bpm, got 2.0"),
              (["melody", "--model", "rnn", "--branch-factor", "65"], "--branch-factor must be 1...64, got 65"),
              (["drums", "--bars", "1001"], "--bars must be 1...1000, got 1001"),
              (["drums", "--top-p", "0"], "--top-p must be in (0, 1], got 0.0"),
              (["genie", "--buttons", "1 2", "--temperature=-1"], "--temperature must be at least 0, got -1.0"),
              (["harmonize", "x.mid", "--chords-per-bar", "3", "--print-chords"], "--chords-per-bar must be 1 or 2, got 3"),
              (["train", "melody", "--corpus", ".", "--order", "7"], "--order must be 1...6, got 7"),
          ])
    func anOptionOutOfItsLibraryRangeIsAUsageError(arguments: [String], message: String) throws {
        let result = try run(arguments + ["--out", "/nonexistent/x"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: \(message)\n"), "\(result.stderr)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func aModelFileThatCannotBeUsedIsNamedOnOneLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.mid").path
        let models = Self.packageRoot.appendingPathComponent("Models")
        let missing = try run(["melody", "--model-file", "/nonexistent/m.json", "--out", out])
        #expect(missing.status == 66 && missing.stderr == "Error: /nonexistent/m.json: no such readable file\n")
        let harmony = models.appendingPathComponent("harmony.json").path
        let other = try run(["drums", "--model", "markov", "--model-file", harmony, "--out", out])
        #expect(other.status == 65)
        #expect(other.stderr == "Error: \(harmony): format is \"LittleMozart harmony model\", expected \"LittleMozart Markov drum model\"\n")
        let folder = try run(["harmonize", Self.jig.path, "--model-file", dir.path, "--out", out])
        #expect(folder.status == 65 && folder.stderr == "Error: \(dir.path): a folder, not a model file\n")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func aShippedModelNotFoundListsThePlacesSearched() throws {
        // A copy of the binary in a folder with no Models/ above it, run from there.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("compose")
        try FileManager.default.copyItem(at: Self.binary, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["drums", "--out", dir.appendingPathComponent("x.mid").path]
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["LITTLEMOZART_MODELS"] = nil
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        #expect(text.hasPrefix("Error: no rnn drum model found (looked in \(dir.appendingPathComponent("Models/drums-rnn.json").path), "), "\(text)")
        #expect(text.hasSuffix("); train one with `compose train drums --model rnn --corpus DIR` or pass --model-file\n"))
        #expect(text.split(separator: "\n").count == 1)
    }
}
