import TestSupport
@testable import FileIO
import Foundation
import Testing

@Suite struct AtomicFileTests {
    func folder() throws -> URL { try TestPaths.temporaryDirectory("AtomicFileTests") }

    @Test func refusesToReplaceADevice() throws {
        var info = stat()
        try #require(stat("/dev/null", &info) == 0)
        #expect(throws: FileIOError.self) { try AtomicFile.write([1, 2, 3], to: "/dev/null") }
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)   // still a character device
    }

    @Test func followsASymbolicLinkAndKeepsIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.mid"), link = dir.appendingPathComponent("link.mid")
        try Data([0]).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        try AtomicFile.write([7, 8, 9], to: link.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try Data(contentsOf: target) == Data([7, 8, 9]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.mid", "target.mid"])
    }

    @Test func aFailingFillLeavesTheOldFileAndNoTemporary() throws {
        struct Boom: Error {}
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.wav")
        try Data([1]).write(to: file)
        #expect(throws: Boom.self) { try AtomicFile.write(to: file.path) { _ in throw Boom() } }
        #expect(try Data(contentsOf: file) == Data([1]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.wav"])
        #expect(throws: FileIOError.self) { try AtomicFile.write([1], to: dir.path) }   // a directory
    }
}
