import ArgumentParser
import AudioAnalysis
import Foundation

/// `bench audio-features FILE`: the transcriber's front end alone on one audio file, streamed:
/// decode (libsndfile), mono, resample to 16 kHz (libsamplerate), log-mel frames (FFTW). Prints
/// seconds of audio, seconds taken, seconds per second, and the process's peak RSS (memory must not
/// grow with the length of the audio).
struct AudioFeaturesBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audio-features",
                                                    abstract: "Time the streamed audio front end (decode, resample, log-mel) on one file.")

    @Argument(help: "An audio file libsndfile reads.")
    var file: String

    func run() throws {
        let t0 = Bench.now()
        let stream = try MonoAudioStream(path: file)
        let analyzer = try LogMelAnalyzer()
        var frames = 0
        var checksum = 0.0
        try analyzer.analyse(stream) { block in
            frames += block.count / analyzer.settings.melBins
            checksum += Double(block[0])
        }
        let seconds = Bench.now() - t0
        let audioSeconds = Double(stream.samplesDelivered) / Double(stream.sampleRate)
        let row: [String: Any] = ["row": "audio-features", "file": file, "audioSeconds": audioSeconds, "seconds": seconds,
                                  "secondsPerSecond": seconds / max(audioSeconds, 1e-9), "frames": frames,
                                  "fileRate": stream.info.sampleRate, "channels": stream.info.channelCount,
                                  "peakRSSBytes": Bench.peakRSSBytes(), "checksum": checksum]
        print(String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self))
    }
}
