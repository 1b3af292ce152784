import AudioAnalysis
import Foundation

/// Transcribes a piano recording to notes, streaming: `MonoAudioStream` (any file libsndfile
/// reads, mixed to mono, resampled to the model's rate) -> `LogMelAnalyzer` (the model's log-mel
/// settings) -> the model in chunks of `chunkFrames` with `contextFrames` of overlap
/// (`ChunkedActivations`) -> `NoteDecoder`, block by block. Memory is bounded by the audio block
/// and the chunk, whatever the length of the recording (an hour included); only the notes found
/// are kept.
///
/// One transcriber holds one model and is used from one thread at a time (a batch makes one per
/// worker).
package final class PianoTranscriber {
    /// The acoustic model.
    package let model: PianoScribeModel
    /// How activations become notes.
    package let settings: NoteDecodingSettings
    /// Frames labelled per model call (`defaultChunkFrames` unless given).
    package let chunkFrames: Int
    /// The default chunk: 200 frames (2 s of audio). Measured on a 60 s file with the default
    /// shape (one core): 100-300 frames all take about 0.03 s of CPU per second of audio, 1000
    /// frames 0.041 s; peak RSS 66 MB at 200 frames, 174 MB at 1000 (the convolutions' im2col
    /// buffers grow with the chunk).
    package static let defaultChunkFrames = 200

    /// - Throws: `TranscriberError.settingOutOfRange` for decoding settings or a chunk out of range.
    package init(model: PianoScribeModel, settings: NoteDecodingSettings = NoteDecodingSettings(), chunkFrames: Int = PianoTranscriber.defaultChunkFrames) throws(TranscriberError) {
        try settings.validate()
        guard (1...1_000_000).contains(chunkFrames) else {
            throw .settingOutOfRange(name: "chunk frames", value: Double(chunkFrames), allowed: "1...1000000")
        }
        self.model = model
        self.settings = settings
        self.chunkFrames = chunkFrames
    }

    /// Frames of silence analysed before a recording: the model's context plus half an analysis
    /// window, plus one (15 with the default log-mel settings and the shipped model's 8 frames of
    /// context: 150 ms).
    static func leadFrames(_ logMel: LogMelSettings, contextFrames: Int) -> Int {
        contextFrames + (logMel.fftSize / 2 + logMel.hop - 1) / logMel.hop + 1
    }

    /// Transcribes the audio file at `path`.
    /// - Parameter progress: called after each block of audio with the fraction of the file done (0...1).
    /// - Throws: `AudioAnalysisError` for a file that cannot be opened or decoded (naming it, with
    ///   the frame reached), `TranscriberError` when the model's output has the wrong shape.
    package func transcribe(path: String, progress: ((Double) -> Void)? = nil) throws -> PianoTranscription {
        let logMel = model.logMel
        let stream = try MonoAudioStream(path: path, sampleRate: logMel.sampleRate)
        let analyzer = try LogMelAnalyzer(settings: logMel)
        let model = self.model
        let chunks = try ChunkedActivations(contextFrames: model.contextFrames, melBins: logMel.melBins, chunkFrames: chunkFrames,
                                            padValue: model.silenceDB) { model.activations(frames: $0, count: $1) }
        let decoder = try NoteDecoder(settings: settings, framesPerSecond: logMel.framesPerSecond)
        var notes: [PianoNote] = []
        let expected = max(1, stream.expectedSampleCount)
        // Lead-in: the recording is analysed after `lead` frames of silent samples, so the frames
        // before its first one are real analysis frames (the window reaching into the audio), as
        // before any later note, rather than the padding's flat silence: a note at 0.0 s was never
        // found (its onset looked like no onset the model had learned). Notes move back by `lead`.
        let lead = Self.leadFrames(logMel, contextFrames: model.contextFrames)
        for activations in try chunks.append(analyzer.append([Float](repeating: 0, count: lead * logMel.hop))) { notes += decoder.append(activations) }
        while let block = try stream.nextBlock() {
            for activations in try chunks.append(analyzer.append(block)) { notes += decoder.append(activations) }
            progress?(min(1, Double(stream.samplesDelivered) / Double(expected)))
        }
        for activations in try chunks.append(analyzer.finish()) { notes += decoder.append(activations) }
        for activations in try chunks.finish() { notes += decoder.append(activations) }
        notes += decoder.finish()
        notes = notes.compactMap { n in
            let onset = max(n.onsetFrame - lead, 0), offset = n.offsetFrame - lead
            return offset > onset ? PianoNote(pitch: n.pitch, onsetFrame: onset, offsetFrame: offset, velocity: n.velocity) : nil
        }
        notes.sort { ($0.onsetFrame, $0.pitch) < ($1.onsetFrame, $1.pitch) }
        let pedal = Self.movedBack(decoder.pedalEvents, by: lead)
        return PianoTranscription(notes: notes, pedalEvents: pedal, framesPerSecond: logMel.framesPerSecond,
                                  frameCount: decoder.framesAppended - lead, sampleCount: stream.samplesDelivered, sampleRate: logMel.sampleRate,
                                  peakBufferedFrames: chunks.peakBufferedFrames, fileInfo: stream.info)
    }

    /// Pedal changes moved back by `lead` frames (the lead-in of silence), none before frame 0; a
    /// press that lay wholly in the lead-in (down and up both at frame 0 then) is dropped, as notes
    /// of no length are.
    static func movedBack(_ events: [PedalEvent], by lead: Int) -> [PedalEvent] {
        var out: [PedalEvent] = []
        for e in events.map({ PedalEvent(frame: max($0.frame - lead, 0), down: $0.down) }) {
            if !e.down, let last = out.last, last.down, last.frame == e.frame { out.removeLast() } else { out.append(e) }
        }
        return out
    }
}
