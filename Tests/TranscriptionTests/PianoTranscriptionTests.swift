import AudioAnalysis
import Foundation
import Music
import SMF
import Testing
import TestSupport
@testable import Transcription

@Suite struct PianoTranscriptionTests {
    static let found = PianoTranscription(
        notes: [PianoNote(pitch: 60, onsetFrame: 3, offsetFrame: 50, velocity: 80), PianoNote(pitch: 64, onsetFrame: 3, offsetFrame: 20, velocity: 1),
                PianoNote(pitch: 108, onsetFrame: 71, offsetFrame: 72, velocity: 127)],
        pedalEvents: [PedalEvent(frame: 10, down: true), PedalEvent(frame: 60, down: false)],
        framesPerSecond: 100, frameCount: 80, sampleCount: 12_800, sampleRate: 16_000, peakBufferedFrames: 0,
        fileInfo: AudioFileInfo(frameCount: 12_800, sampleRate: 16_000, channelCount: 1, formatName: "WAV (Microsoft)"))

    @Test func scoreHasOnePianoTrackOneTickPerMillisecond() {
        let score = Self.found.score()
        #expect(score.ticksPerQuarter == 500 && score.tempoChanges == [TempoChange(tick: 0, bpm: 120)])
        #expect(score.parts.count == 1 && score.parts[0].name == "Piano")
        #expect(score.parts[0].notes == [Note(pitch: 60, velocity: 80, channel: 0, start: 30, duration: 470),
                                         Note(pitch: 64, velocity: 1, channel: 0, start: 30, duration: 170),
                                         Note(pitch: 108, velocity: 127, channel: 0, start: 710, duration: 10)])
        #expect(score.parts[0].controls == [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 0)),
                                            ControlEvent(tick: 100, message: .controlChange(channel: 0, controller: 64, value: 127)),
                                            ControlEvent(tick: 600, message: .controlChange(channel: 0, controller: 64, value: 0))])
        #expect(score.tempoMap.seconds(atTick: 710) == 0.71)
        #expect(Self.found.audioSeconds == 0.8)
    }

    @Test func writtenFileReadsBackTheSame() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.mid")
        try Self.found.write(to: url)
        let back = try Score(contentsOf: url)
        #expect(back.parts.flatMap(\.notes) == Self.found.score().parts[0].notes)
        #expect(back.parts.flatMap(\.controls) == Self.found.score().parts[0].controls)
        // No temporary file is left beside it (atomic write).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.mid"])
    }
}
