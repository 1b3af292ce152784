import Foundation
import SMF
import TestSupport

/// `00 FF 2F 00`: End of Track with delta 0.
let eot: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]

let eotEvent = TrackEvent(delta: 0, event: .meta(.endOfTrack))


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

/// The package root and the shared corpus (TestSupport).
let packageRoot = TestPaths.packageRoot
let corpusRoot = TestPaths.corpusRoot

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL { try TestPaths.temporaryDirectory("SMFTests") }
