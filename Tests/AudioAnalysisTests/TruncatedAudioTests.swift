import Foundation
import Testing
import TestSupport
@testable import AudioAnalysis

/// A file cut short (its data chunk announces more than follows): read to its readable length,
/// with the length its header declares kept for a warning.
@Suite struct TruncatedAudioTests {
    /// full.wav: 44,100 stereo 16-bit frames of a sine (176,400 bytes of audio after a 44-byte
    /// header); cut.wav: its first `bytes` bytes.
    static func secondOfStereo(in dir: URL, keeping bytes: Int) throws -> (full: String, cut: String) {
        let full = dir.appendingPathComponent("full.wav").path
        let cut = dir.appendingPathComponent("cut.wav").path
        #expect(writeAudio(full, format: wav16, sampleRate: 44_100, channels: 2, frames: 44_100, value: sine(440, amplitude: 0.5, rate: 44_100)))
        let data = try Data(contentsOf: URL(fileURLWithPath: full))
        #expect(data.count == 176_444)
        try data.prefix(bytes).write(to: URL(fileURLWithPath: cut))
        return (full, cut)
    }

    @Test func aTruncatedWAVReportsWhatItsHeaderDeclaresAndReadsWhatIsThere() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Keep 100,044 bytes: 25,000 whole frames after the header.
        let (full, cut) = try Self.secondOfStereo(in: dir, keeping: 100_044)

        let stream = try MonoAudioStream(path: cut)
        #expect(stream.info.frameCount == 25_000)
        #expect(stream.info.declaredFrameCount == 44_100)
        #expect(stream.info.isTruncated)
        #expect(try stream.readAll().count == stream.sampleCount(forFrames: 25_000))

        let whole = try MonoAudioStream(path: full)
        #expect(whole.info.frameCount == 44_100 && whole.info.declaredFrameCount == nil && !whole.info.isTruncated)
    }

    @Test func theDeclaredLengthIsReadFromLibsndfilesLog() {
        let wav = "File : cut.wav\nLength : 100044\nRIFF : 176436 (should be 100036)\nWAVE\ndata : 176400 (should be 100000)\nEnd\n"
        #expect(DeclaredLength.frames(inLog: wav, readableFrames: 25_000) == 44_100)
        // A partial last frame is not a frame: 100,003 bytes still make 25,000 frames of 4 bytes.
        #expect(DeclaredLength.frames(inLog: "data : 176400 (should be 100003)", readableFrames: 25_000) == 44_100)
        #expect(DeclaredLength.frames(inLog: "  data : 2000 (should be 1000)", readableFrames: 250) == 500)
        #expect(DeclaredLength.frames(inLog: "data : 176400\nEnd\n", readableFrames: 44_100) == nil)
        #expect(DeclaredLength.frames(inLog: "data : 176400 (should be 100000)", readableFrames: 0) == nil)
        // A header with no audio after it: the frames from the header's block align.
        let empty = "File : hdr.wav\nLength : 44\nRIFF : 6303268 (should be 36)\nWAVE\nfmt  : 16\n  Channels      : 2\n"
            + "  Block Align   : 4\n  Bit Width     : 16\ndata : 6303232 (should be 0)\nEnd\n"
        #expect(DeclaredLength.frames(inLog: empty, readableFrames: 0) == 1_575_808)
    }

    /// A WAV header whose data chunk announces 1 s of stereo 16-bit audio and holds none: the file
    /// reads as empty and says it is truncated (it was transcribed to 0 notes without a word).
    @Test func aHeaderWithNoAudioIsTruncatedNotEmpty() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (_, header) = try Self.secondOfStereo(in: dir, keeping: 44)
        let stream = try MonoAudioStream(path: header)
        #expect(stream.info.frameCount == 0)
        #expect(stream.info.declaredFrameCount == 44_100)
        #expect(stream.info.isTruncated)
    }
}
