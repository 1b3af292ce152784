import Foundation
import SMF

// Byte-vector builders for hand-written test files. Offsets in the tests are counted from the start
// of the file: a file made by `smf(...)` has its MThd at 0-13 and the first MTrk header at 14-21, so
// the first track's body starts at offset 22.

/// `MThd` chunk: "MThd", length 6, format, ntracks, division word.
func mthd(format: UInt16 = 0, ntracks: UInt16 = 1, division: UInt16 = 96) -> [UInt8] {
    Array("MThd".utf8) + [0, 0, 0, 6] + be16(format) + be16(ntracks) + be16(division)
}

/// A chunk: 4-byte type, 32-bit big-endian length of `body`, then `body`.
func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
    Array(type.utf8) + be32(UInt32(body.count)) + body
}

/// An `MTrk` chunk with `body` (no End of Track is added).
func mtrk(_ body: [UInt8]) -> [UInt8] { chunk("MTrk", body) }

/// A whole file: MThd (ntracks = number of bodies) then one MTrk per body.
func smf(format: UInt16 = 0, division: UInt16 = 96, _ bodies: [UInt8]...) -> [UInt8] {
    smf(format: format, division: division, tracks: bodies)
}

func smf(format: UInt16 = 0, division: UInt16 = 96, tracks bodies: [[UInt8]]) -> [UInt8] {
    mthd(format: format, ntracks: UInt16(bodies.count), division: division) + bodies.flatMap(mtrk)
}

/// `00 FF 2F 00`: End of Track with delta 0.
let eot: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]

let eotEvent = TrackEvent(delta: 0, event: .meta(.endOfTrack))

func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

/// A format 0, 96 PPQ file with one track holding `events`.
func oneTrackFile(_ events: [TrackEvent]) -> MIDIFile {
    MIDIFile(format: .singleTrack, division: .ticksPerQuarter(96), tracks: [Track(events: events)])
}

/// The error `body` throws, which must be an `SMFError`.
func smfError(_ body: () throws -> Void) -> SMFError? {
    do {
        try body()
        return nil
    } catch let e as SMFError {
        return e
    } catch {
        return nil
    }
}

/// The package root (the folder holding Package.swift), found from this source file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/SMFTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// `../shared/corpus` relative to the package root, or `$SMF_TESTS_CORPUS` when set (e.g. to a missing
/// folder, to check that the corpus tests skip cleanly).
let corpusRoot: URL = ProcessInfo.processInfo.environment["SMF_TESTS_CORPUS"].map { URL(fileURLWithPath: $0) }
    ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("SMFTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
