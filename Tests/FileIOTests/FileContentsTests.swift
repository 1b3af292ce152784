import TestSupport
@testable import FileIO
import Foundation
import Testing

/// `FileContents`: a small file read into a buffer, a large one mapped; the pages a reader gives
/// back leave the process's resident set (measured in /proc/self/smaps) and read the same after.
@Suite struct FileContentsTests {
    func folder() throws -> URL { try TestPaths.temporaryDirectory("FileContentsTests") }

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) } }

    @Test func aSmallFileIsReadAndALargeOneMapped() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Self.pattern(100_000)
        let file = dir.appendingPathComponent("a.bin")
        try Data(bytes).write(to: file)
        try FileContents.withContents(of: file.path, mapAbove: 100_001) { contents in
            #expect(!contents.isMapped)
            #expect(Array(contents.bytes) == bytes)
        }
        try FileContents.withContents(of: file.path, mapAbove: 100_000) { contents in
            #expect(contents.isMapped)
            #expect(Array(contents.bytes) == bytes)
        }
        let empty = dir.appendingPathComponent("empty.bin")
        try Data().write(to: empty)
        try FileContents.withContents(of: empty.path, mapAbove: 0) { contents in
            #expect(contents.bytes.count == 0 && !contents.isMapped)
        }
    }

    @Test func aFileThatCannotBeReadIsAnErrorNamingIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.mid").path
        #expect(throws: FileIOError.self) { try FileContents.withContents(of: missing, mapAbove: 0) { _ in } }
        // A directory is refused by name whether its end (lseek) looks long enough to map or not.
        for mapAbove in [0, 1, Int.max] {
            do {
                try FileContents.withContents(of: dir.path, mapAbove: mapAbove) { _ in }
                Issue.record("a directory was read (mapAbove \(mapAbove))")
            } catch let error as FileIOError {
                #expect(error.path == dir.path)
                #expect(error.code == EISDIR)
                #expect(error.description.contains("is a directory"), "\(error)")
            }
        }
    }

    /// Files that are not regular: /dev/null seeks (to 0) and holds nothing; a /proc file cannot
    /// seek to its end and is read from its start to its end.
    @Test func filesThatAreNotRegularAreReadToTheirEnd() throws {
        try FileContents.withContents(of: "/dev/null", mapAbove: 1 << 20) { contents in
            #expect(contents.bytes.count == 0 && !contents.isMapped)
        }
        let stat = try FileContents.withContents(of: "/proc/self/stat", mapAbove: 1) { String(decoding: $0.bytes, as: UTF8.self) }
        #expect(stat.hasPrefix("\(getpid()) ("))
        #expect(stat.hasSuffix("\n"))
    }

    /// The resident size (kB) of the mapping that starts at `address`, from /proc/self/smaps.
    static func residentKB(ofMappingAt address: UnsafeRawPointer) throws -> Int {
        // A /proc file tells no size (st_size 0): read until its end, as any such file is.
        let smaps = try FileContents.withContents(of: "/proc/self/smaps", mapAbove: 1) { String(decoding: $0.bytes, as: UTF8.self) }
        var inside = false
        for line in smaps.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let start = UInt(line[..<dash], radix: 16) {
                inside = start == UInt(bitPattern: address)
            } else if inside, line.hasPrefix("Rss:") {
                return Int(line.split(separator: " ")[1])!
            }
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    @Test func releasedPagesLeaveTheResidentSetAndReadTheSameAfter() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Self.pattern(4 << 20)
        let file = dir.appendingPathComponent("big.bin")
        try Data(bytes).write(to: file)
        try FileContents.withContents(of: file.path, mapAbove: 1) { contents in
            #expect(contents.isMapped)
            let base = UnsafeRawPointer(contents.bytes.baseAddress!)
            var sum = 0
            for b in contents.bytes { sum &+= Int(b) }   // every page touched
            #expect(sum == bytes.reduce(0) { $0 &+ Int($1) })
            let touched = try Self.residentKB(ofMappingAt: base)
            #expect(touched >= 4096 - 64)
            // The middle 2 MB given back, from an offset inside a page: only whole pages go.
            contents.release(1_000_001..<(1_000_001 + 2 << 20))
            let after = try Self.residentKB(ofMappingAt: base)
            #expect(touched - after >= 2048 - 8)
            #expect(Array(contents.bytes) == bytes)
            contents.release(0..<contents.bytes.count)
            #expect(try Self.residentKB(ofMappingAt: base) == 0)
        }
    }

    @Test func aRegularFileIsReadExactlyAtEverySizeAndAPipeToItsEnd() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Sizes around a page and a read's usual pieces: each read whole (one read(2) call when
        // the file still holds what fstat said; the count is not observable here, the bytes are).
        for size in [1, 2, 4095, 4096, 4097, 65_535, 65_536, 65_537] {
            let bytes = Self.pattern(size)
            let file = dir.appendingPathComponent("f\(size).bin")
            try Data(bytes).write(to: file)
            try FileContents.withContents(of: file.path, mapAbove: 1 << 20) { contents in
                #expect(!contents.isMapped)
                #expect(Array(contents.bytes) == bytes, "size \(size)")
            }
        }
        // A FIFO tells no size and comes in pieces: read until its writer closes it.
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let sent = Self.pattern(300_000)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            var at = 0
            while at < sent.count {
                let n = min(7_000, sent.count - at)
                let w = sent[at..<(at + n)].withUnsafeBytes { write(fd, $0.baseAddress, n) }
                guard w > 0 else { break }
                at += w
            }
            close(fd)
        }
        writer.start()
        try FileContents.withContents(of: fifo, mapAbove: 1) { contents in
            #expect(!contents.isMapped)
            #expect(Array(contents.bytes) == sent)
        }
    }
}
