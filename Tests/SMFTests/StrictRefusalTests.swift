import Testing
import SMF
import TestSupport

/// `--strict` refuses what lenient reading repairs (issue 16): a track chunk without End of Track,
/// events after End of Track, a standard meta event of the wrong length (a 3-byte key signature).
/// Strict reading throws one error naming the track and byte offset; lenient reading repairs with a
/// warning at the same offset.
@Suite struct StrictRefusalTests {
    static func strictError(_ bytes: [UInt8]) -> SMFError? {
        do {
            _ = try MIDIFile(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingEndOfTrack() throws {
        // Data from offset 22, 8 bytes: the chunk ends at offset 30 with no End of Track.
        let bytes = smf(format: 0, division: 96, [0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0])
        let error = try #require(Self.strictError(bytes))
        #expect(error.kind == .endOfTrack)
        #expect(error.track == 0)
        #expect(error.offset == 30)
        #expect(error.description == "track 0, byte offset 30: expected End of Track (FF 2F 00) as the last event of the track chunk that ends at offset 30")
        let lenient = try MIDIFile.read(bytes: bytes, options: .lenient)
        #expect(lenient.warnings.map(\.kind) == [.missingEndOfTrack])
        #expect(lenient.warnings.map(\.offset) == [30])
        #expect(lenient.file.tracks[0].events.last == TrackEvent(delta: 0, event: .meta(.endOfTrack)))
        #expect(lenient.file.tracks[0].events.count == 3)
    }

    @Test func eventsAfterEndOfTrack() throws {
        // End of Track (FF at offset 23), then a note: the chunk ends at offset 34.
        let bytes = smf(format: 0, division: 96, [0x00, 0xFF, 0x2F, 0x00, 0x00, 0x90, 60, 100, 0x60, 0x80, 60, 0])
        let error = try #require(Self.strictError(bytes))
        #expect(error.kind == .endOfTrack)
        #expect(error.offset == 23)
        let lenient = try MIDIFile.read(bytes: bytes, options: .lenient)
        #expect(lenient.warnings.map(\.kind) == [.eventsAfterEndOfTrack])
        #expect(lenient.warnings.map(\.offset) == [23])
        #expect(lenient.file.tracks[0].events.map(\.delta) == [0, 96, 0])
    }

    @Test func threeByteKeySignature() throws {
        // FF 59 03 02 00 00 at offset 23: D major with a stray third byte.
        let bytes = smf(format: 0, division: 96, [0x00, 0xFF, 0x59, 0x03, 0x02, 0x00, 0x00, 0x00, 0xFF, 0x2F, 0x00])
        let error = try #require(Self.strictError(bytes))
        #expect(error.kind == .badMetaLength)
        #expect(error.track == 0)
        #expect(error.offset == 23)
        #expect(error.description == "track 0, byte offset 23: expected a key signature meta event of 2 data byte(s), found 3")
        let lenient = try MIDIFile.read(bytes: bytes, options: .lenient)
        #expect(lenient.warnings.map(\.kind) == [.metaLength])
        #expect(lenient.warnings.map(\.offset) == [23])
        #expect(lenient.file.tracks[0].events.first?.event == .meta(.keySignature(sharpsFlats: 2, minor: false)))
    }

    @Test func rightLengthsAndAFinalEndOfTrackAreAccepted() throws {
        let bytes = smf(format: 0, division: 96, [0x00, 0xFF, 0x59, 0x02, 0x02, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0xFF, 0x2F, 0x00])
        let file = try MIDIFile(bytes: bytes)
        #expect(file.tracks[0].events.map(\.event) == [.meta(.keySignature(sharpsFlats: 2, minor: false)), .meta(.sequenceNumber(nil)), .meta(.endOfTrack)])
    }
}
