import TestSupport
import Foundation
import SMF
import Synth
import Testing

/// `RenderOptions.maximumDurationSeconds`: a file stretched to hours by a damaged delta time is
/// refused before any audio is made (it would otherwise ask for tens of GB of samples).
@Suite struct RenderLimitTests {
    static let renderer: Renderer? = Support.soundFont.flatMap {
        try? Renderer(configuration: SynthesizerConfiguration(soundFontPath: $0, sampleRate: 8000))
    }

    /// One note whose note-off comes `offDelta` ticks later, at 480 PPQN and 120 bpm (960 ticks a second).
    func stretched(offDelta: UInt32) -> MIDIFile {
        MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480),
                 tracks: [Track(events: [Support.tempo(0, bpm: 120), Support.on(0, 0, 60), Support.off(offDelta, 0, 60), Support.end()])])
    }

    @Test(.enabled(if: renderer != nil, "no SoundFont installed"))
    func songsLongerThanTheLimitAreRefusedAtOnce() throws {
        let renderer = try #require(Self.renderer)
        // 0x0FFFFFFF ticks (the largest delta time) = 279,620 s = 77.7 hours.
        let start = Date()
        do {
            _ = try renderer.render(stretched(offDelta: 0x0FFF_FFFF))
            Issue.record("a 77-hour song was rendered")
        } catch let SynthError.tooLong(seconds, limit) {
            // 268,435,455 ticks / 960 per second = 279,620.266 s, timed on 64-frame blocks (8 ms at 8 kHz).
            #expect(abs(seconds - 279_620.265625) <= 0.016, "\(seconds)")
            #expect(limit == 7200)
        }
        #expect(Date().timeIntervalSince(start) < 5)
        // Under a lower limit, a 3-second song is refused too; under the default it renders.
        #expect(throws: SynthError.self) { try renderer.render(stretched(offDelta: 2880), options: RenderOptions(maximumDurationSeconds: 2)) }
        let audio = try renderer.render(stretched(offDelta: 2880))
        #expect(audio.durationSeconds >= 3)
        #expect(throws: SynthError.optionOutOfRange(name: "maximumDurationSeconds", value: "0.0", allowed: "> 0")) {
            try renderer.render(stretched(offDelta: 2880), options: RenderOptions(maximumDurationSeconds: 0))
        }
    }
}

/// Streaming to a WAV file: the largest file a render could make is checked before anything is
/// rendered or created, so a huge `maximumDurationSeconds` can never exhaust memory or disk.
@Suite struct RenderOutputLimitTests {
    @Test(.enabled(if: RenderLimitTests.renderer != nil, "no SoundFont installed"))
    func aSongTooLongForAWAVFileIsRefusedBeforeRendering() throws {
        let renderer = try #require(RenderLimitTests.renderer)
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("long.wav").path
        let start = Date()
        // 279,620 s at 8000 Hz, 16-bit stereo: about 8.9 GB, more than a WAV file's 4 GiB.
        let file = RenderLimitTests().stretched(offDelta: 0x0FFF_FFFF)
        do {
            _ = try renderer.render(file, toWAV: path, options: RenderOptions(maximumDurationSeconds: 1e9))
            Issue.record("a 77-hour render was started")
        } catch let SynthError.outputTooLarge(errorPath, bytes, available, limit) {
            #expect(errorPath == path)
            #expect(limit == .wavFormat)
            #expect(available == Int64(UInt32.max) - 80)
            // (last event block + 1 + 10 s of tail = 1250 blocks + 2) * 64 frames * 4 bytes.
            let last = try PlayerSchedule(file: file, sampleRate: 8000).lastEventBlock
            #expect(last > 34_952_000)
            #expect(bytes == Int64(last + 1 + 1250 + 2) * 64 * 4, "\(bytes)")
        }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "nothing was created")
        // A short song streams to the file: the summary matches what is in it.
        let summary = try renderer.render(stretched(seconds: 3), toWAV: path)
        let read = try WAVReader.read(path: path)
        #expect(read.frameCount == summary.frameCount && read.sampleRate == 8000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["long.wav"])
    }

    func stretched(seconds: UInt32) -> MIDIFile { RenderLimitTests().stretched(offDelta: seconds * 960) }
}
