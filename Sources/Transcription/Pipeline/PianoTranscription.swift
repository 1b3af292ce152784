import AudioAnalysis
import Foundation
import Music
import SMF

/// What `PianoTranscriber` found in one recording: notes and sustain-pedal changes on the frame
/// grid, and how long the audio was.
package struct PianoTranscription: Sendable, Hashable {
    /// The notes, sorted by onset frame, then pitch; never two of one key at once.
    package var notes: [PianoNote]
    /// Sustain pedal changes in frame order (empty when the model has no pedal head).
    package var pedalEvents: [PedalEvent]
    /// Frames per second (100 with the default log-mel settings).
    package var framesPerSecond: Double
    /// Frames analysed: `1 + sampleCount / hop`.
    package var frameCount: Int
    /// Mono samples analysed, at `sampleRate`.
    package var sampleCount: Int
    /// The model's sample rate in Hz.
    package var sampleRate: Int
    /// The most log-mel frames held at once while transcribing (memory check).
    package var peakBufferedFrames: Int
    /// The audio file's header as libsndfile read it (its own rate and length; for a truncated
    /// file, `AudioFileInfo.declaredFrameCount` is the length its header declares).
    package var fileInfo: AudioFileInfo

    /// Length of the audio in seconds.
    package var audioSeconds: Double { Double(sampleCount) / Double(sampleRate) }

    /// Ticks per quarter note of the MIDI written: with 120 bpm, one tick is one millisecond.
    package static let ticksPerQuarter = 500

    /// Milliseconds (= ticks) of frame `frame`.
    package func tick(ofFrame frame: Int) -> Int { Int((Double(frame) * 1000 / framesPerSecond).rounded()) }

    /// The transcription as a score: one track "Piano" on channel 1, Acoustic Grand Piano (program
    /// 0), 120 bpm at 500 ticks per quarter (one tick per millisecond), the notes with their
    /// velocities, and the sustain pedal as controller 64 (127 down, 0 up).
    package func score() -> Score {
        let notes = self.notes.map { n in
            Note(pitch: UInt8(n.pitch), velocity: UInt8(n.velocity), channel: 0, start: tick(ofFrame: n.onsetFrame),
                 duration: tick(ofFrame: n.offsetFrame) - tick(ofFrame: n.onsetFrame))
        }
        var controls = [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 0))]
        controls += pedalEvents.map {
            ControlEvent(tick: tick(ofFrame: $0.frame), message: .controlChange(channel: 0, controller: 64, value: $0.down ? 127 : 0))
        }
        return Score(ticksPerQuarter: Self.ticksPerQuarter, parts: [Part(name: "Piano", notes: notes, controls: controls)],
                     tempoChanges: [TempoChange(tick: 0, bpm: 120)])
    }

    /// Writes `score()` as a Standard MIDI File, atomically.
    /// - Throws: `FileIOError` when the file cannot be written.
    package func write(to url: URL) throws {
        try score().write(to: url)
    }
}
