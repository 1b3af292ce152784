import CommandLineSupport
import ArgumentParser
import Foundation
import Transcription

/// `bench transcribe FILE`: Piano Scribe's whole streamed pipeline on one audio file (decode,
/// resample, log-mel, the acoustic model in chunks, note decoding), on one thread. Prints seconds
/// of audio, wall and CPU seconds per second of audio, notes found, and the process's peak RSS
/// (memory must not grow with the length of the audio). Without --model and with no shipped model,
/// an untrained network of the shipped shape is timed (the same arithmetic; the notes mean nothing).
struct TranscribeBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transcribe",
                                                    abstract: "Time Piano Scribe's streamed transcription of one audio file.")

    @Argument(help: "An audio file libsndfile reads.")
    var file: String

    @Option(help: "The model file (default: Models/piano-scribe.json, else an untrained network of the shipped shape).")
    var model: String?

    @Option(name: .customLong("chunk-frames"), help: "Frames labelled per model call.")
    var chunkFrames = PianoTranscriber.defaultChunkFrames

    func run() throws {
        let shipped = URL(fileURLWithPath: "Models/" + PianoScribeModel.fileName)
        let url = model.map { URL(fileURLWithPath: $0) } ?? (FileManager.default.fileExists(atPath: shipped.path) ? shipped : nil)
        let scribe = try url.map(PianoScribeModel.load) ?? PianoScribeModel(network: PianoScribeNetwork(shape: .shipped, seed: 1))
        Allocator.reuseFreedMemory()   // as compose transcribe does
        let transcriber = try PianoTranscriber(model: scribe, chunkFrames: chunkFrames)
        let t0 = Bench.now(), cpu0 = ProcessCPUTime.seconds(), faults0 = Bench.minorPageFaults()
        let result = try transcriber.transcribe(path: file)
        let seconds = Bench.now() - t0, cpu = ProcessCPUTime.seconds() - cpu0
        let row: [String: Any] = ["row": "transcribe", "file": file, "model": url?.path ?? "untrained shipped shape",
                                  "audioSeconds": result.audioSeconds, "seconds": seconds, "cpuSeconds": cpu,
                                  "secondsPerSecond": seconds / max(result.audioSeconds, 1e-9),
                                  "cpuSecondsPerSecond": cpu / max(result.audioSeconds, 1e-9), "frames": result.frameCount,
                                  "notes": result.notes.count, "chunkFrames": chunkFrames, "peakBufferedFrames": result.peakBufferedFrames,
                                  "peakRSSBytes": Bench.peakRSSBytes(), "minorPageFaults": Bench.minorPageFaults() - faults0]
        print(String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self))
    }
}
