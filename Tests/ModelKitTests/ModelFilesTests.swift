import FileIO
import Foundation
import Testing
@testable import ModelKit

/// A config as a model would declare one.
struct ToyConfig: ModelConfig, Equatable {
    static let formatName = "LittleMozart toy model"
    static let currentVersion = 3
    var format = ToyConfig.formatName
    var version = ToyConfig.currentVersion
    var weights = "toy/weights.safetensors"
    var sizes = [2, 3]
}

@Suite("Model files")
struct ModelFilesTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("modelkit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("configs are written pretty-printed with sorted keys, unescaped slashes and a newline, and read back")
    func roundTrip() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("toy.json")
        try ModelFiles.write(ToyConfig(), to: url)
        let text = String(decoding: try WholeFile.read(url.path), as: UTF8.self)
        #expect(text == """
        {
          "format" : "LittleMozart toy model",
          "sizes" : [
            2,
            3
          ],
          "version" : 3,
          "weights" : "toy/weights.safetensors"
        }

        """)
        #expect(try ModelFiles.read(ToyConfig.self, from: url) == ToyConfig())
        #expect(ModelFiles.isConfig(ToyConfig.self, at: url))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["toy.json"])
        try ModelFiles.write(ToyConfig(), to: url, prettyPrinted: false)
        #expect(String(decoding: try WholeFile.read(url.path), as: UTF8.self)
                == #"{"format":"LittleMozart toy model","sizes":[2,3],"version":3,"weights":"toy/weights.safetensors"}"# + "\n")
    }

    @Test("reading checks the format, then the version, then the layout, naming the file")
    func errors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.json")
        func write(_ text: String) throws { try AtomicFile.write(Array(text.utf8), to: url.path) }

        try write(#"{"format": "LittleMozart RNN drum model", "version": 3}"#)
        #expect(throws: ModelFileError(file: url.path, .wrongFormat(found: "LittleMozart RNN drum model", expected: "LittleMozart toy model"))) {
            try ModelFiles.read(ToyConfig.self, from: url)
        }
        #expect(!ModelFiles.isConfig(ToyConfig.self, at: url))
        try write(#"{"format": "LittleMozart toy model", "version": 4, "weights": "w", "sizes": []}"#)
        #expect(throws: ModelFileError(file: url.path, .unsupportedVersion(found: 4, supported: 3))) {
            try ModelFiles.read(ToyConfig.self, from: url)
        }
        #expect(ModelFiles.isConfig(ToyConfig.self, at: url))
        try write(#"{"format": "LittleMozart toy model", "version": 3, "sizes": []}"#)
        #expect(throws: ModelFileError(file: url.path, .malformed("not a LittleMozart toy model (the JSON does not match the model file format: missing key weights)"))) {
            try ModelFiles.read(ToyConfig.self, from: url)
        }
        try write("MThd not JSON")
        let error = try #require(throws: ModelFileError.self) { try ModelFiles.read(ToyConfig.self, from: url) }
        #expect(error.description == "\(url.path): not a LittleMozart toy model (no JSON with a format and a version)")
        #expect(throws: FileIOError.self) { try ModelFiles.read(ToyConfig.self, from: dir.appendingPathComponent("missing.json")) }
        #expect(!ModelFiles.isConfig(ToyConfig.self, at: dir.appendingPathComponent("missing.json")))
    }
}
