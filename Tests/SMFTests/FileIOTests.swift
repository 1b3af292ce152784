import TestSupport
import FileIO
import Foundation
import Testing
import SMF

@Suite("Reading and writing files")
struct FileIOTests {
    static let sample = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(480), tracks: [
        Track(events: [TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: 600_000))), eotEvent]),
        Track(events: [
            TrackEvent(delta: 0, event: .channel(.noteOn(channel: 0, note: 60, velocity: 90))),
            TrackEvent(delta: 480, event: .channel(.noteOn(channel: 0, note: 60, velocity: 0))),
            eotEvent,
        ]),
    ])

    /// Names in `dir`, sorted.
    func listing(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func writeThenReadBack() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("song.mid")
        try Self.sample.write(to: url)
        #expect(try listing(dir) == ["song.mid"])  // no temporary file left behind
        #expect(try [UInt8](Data(contentsOf: url)) == Self.sample.bytes())
        #expect(try MIDIFile(contentsOf: url) == Self.sample)

        try Self.sample.write(to: url, runningStatus: false)
        #expect(try [UInt8](Data(contentsOf: url)) == Self.sample.bytes(runningStatus: false))
        #expect(try listing(dir) == ["song.mid"])
    }

    @Test func overwriteReplacesTheWholeFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("a.mid")
        try Data(repeating: 0x55, count: 10_000).write(to: url)
        try Self.sample.write(to: url)
        #expect(try [UInt8](Data(contentsOf: url)) == Self.sample.bytes())
    }

    @Test func writeIntoMissingDirectoryNamesThePath() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("missing/song.mid")
        do {
            try Self.sample.write(to: url)
            Issue.record("expected an error")
        } catch let e as FileIOError {
            #expect(e.operation == .write)
            #expect(e.path == url.path)
            #expect(e.code == ENOENT)
            #expect(e.description.hasPrefix("cannot write \(url.path): "))
        }
        #expect(try listing(dir).isEmpty)
    }

    @Test func existingDirectoryIsRefusedAndLeftAlone() throws {
        // The destination is an existing non-empty directory: AtomicFile refuses it before writing
        // anything; no temporary file is left and the directory is as it was.
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("taken.mid")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data([1]).write(to: target.appendingPathComponent("inside"))
        do {
            try Self.sample.write(to: target)
            Issue.record("expected an error")
        } catch let e as FileIOError {
            #expect(e.operation == .write)
            #expect(e.path == target.path)
            #expect(e.reason == "it exists and is a directory; refusing to replace it")
        }
        #expect(try listing(dir) == ["taken.mid"])
        #expect(try listing(target) == ["inside"])
    }

    @Test func readMissingFileNamesThePath() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.mid")
        do {
            _ = try MIDIFile(contentsOf: url)
            Issue.record("expected an error")
        } catch let e as FileIOError {
            #expect(e == FileIOError(.read, path: url.path, code: ENOENT, reason: "No such file or directory"))
            #expect(e.description == "cannot read \(url.path): No such file or directory")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func readDirectoryIsAnError() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: FileIOError(.read, path: dir.path, code: EISDIR, reason: "is a directory")) {
            try MIDIFile(contentsOf: dir)
        }
    }

    @Test func parseErrorsFromFilesCarryThePath() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gif = dir.appendingPathComponent("picture.mid")
        try Data("GIF89a\u{1}\u{0}".utf8).write(to: gif)
        do {
            _ = try MIDIFile(contentsOf: gif)
            Issue.record("expected an error")
        } catch let e as SMFError {
            #expect(e.kind == .notMIDI)
            #expect(e.path == gif.path)
            #expect(e.description == "\(gif.path): byte offset 0: expected \"MThd\": this is not a Standard MIDI File (it is a GIF image)")
        }
        let empty = dir.appendingPathComponent("empty.mid")
        try Data().write(to: empty)
        #expect(throws: SMFError(.notMIDI, track: nil, offset: 0,
                                 expected: "\"MThd\": this is not a Standard MIDI File (the data is empty)",
                                 path: empty.path)) {
            try MIDIFile(contentsOf: empty)
        }
    }

    @Test func nonFileURLsAreRejected() throws {
        let url = URL(string: "https://example.com/a.mid")!
        #expect(throws: FileIOError.self) { try MIDIFile(contentsOf: url) }
        #expect(throws: FileIOError.self) { try Self.sample.write(to: url) }
    }
}
