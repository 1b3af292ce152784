import Foundation
import Testing
@testable import Representations

/// `MIDIFolder`, which finds the files of every corpus folder (`--corpus`, `train`, `evaluate`).
@Suite struct MIDIFolderTests {
    /// A symlink to a corpus folder lists the same relative paths as the folder (Foundation on
    /// Linux lists nothing under a symlink unless it is resolved).
    @Test func aSymlinkToACorpusFolderListsTheSamePaths() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("MIDIFolderTests-\(UUID().uuidString)")
        let real = dir.appendingPathComponent("real"), link = dir.appendingPathComponent("link")
        defer { try? fm.removeItem(at: dir) }
        try fm.createDirectory(at: real.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["a.mid", "sub/b.MIDI", "c.txt", "d.kar"] { try Data("x".utf8).write(to: real.appendingPathComponent(name)) }
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: "real")
        #expect(MIDIFolder.relativePaths(under: real) == ["a.mid", "sub/b.MIDI"])
        #expect(MIDIFolder.relativePaths(under: link) == ["a.mid", "sub/b.MIDI"])
    }
}
