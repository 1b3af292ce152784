import ArgumentParser
import Foundation
import Music
import SMF

/// Reads every file into a `Score` (notes) with `Score.read(contentsOf:options:)`, one file after
/// another: file read, SMF parse and note pairing in one pass, as `symusic.Score(path)` does on the
/// peer side (files of 1 MB or more have their tracks parsed on several threads).
struct ReadBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Read MIDI files into notes (MB/s).")

    @Argument(help: "Folders (searched recursively for .mid) or files.")
    var paths: [String]

    @Option(help: "Timed runs; the best is reported.")
    var runs = 5

    func run() throws {
        let files = try Bench.midiFiles(paths)
        let bytes = Bench.totalBytes(files)
        var failed = 0
        var notes = 0
        let urls = files.map { URL(fileURLWithPath: $0) }
        let (times, _) = Bench.time(runs: runs) {
            failed = 0
            notes = 0
            for url in urls {
                do {
                    let score = try Score.read(contentsOf: url, options: .lenient).score
                    for part in score.parts { notes += part.notes.count }
                } catch {
                    failed += 1
                }
            }
        }
        // The SMF parse alone (no notes), for the profile of where the time goes.
        let (parseTimes, _) = Bench.time(runs: runs) {
            for url in urls { _ = try? MIDIFile.read(contentsOf: url, options: .lenient) }
        }
        // Best of N (both sides): on a shared machine the median carries other processes' load.
        let t = times.min()!
        Bench.report(["row": "read", "files": files.count, "failed": failed, "bytes": bytes, "notes": notes,
                      "seconds": t, "runs": times, "mbPerSecond": Double(bytes) / 1e6 / t,
                      "parseOnlySeconds": Bench.median(parseTimes)])
    }
}

/// Writes scores back to SMF bytes in memory (`Score.bytes()`), as
/// `symusic.Score.dumps_midi()` does; the scores are read once before timing.
struct WriteBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "Write scores to SMF bytes (MB/s of output).")

    @Argument(help: "Folders (searched recursively for .mid) or files.")
    var paths: [String]

    @Option(help: "Timed runs; the median is reported.")
    var runs = 5

    func run() throws {
        let files = try Bench.midiFiles(paths)
        let scores = files.compactMap { try? Score(file: MIDIFile.read(contentsOf: URL(fileURLWithPath: $0), options: .lenient).file) }
        var written = 0
        let (times, _) = Bench.time(runs: runs) {
            written = 0
            for score in scores { written += score.bytes().count }
        }
        let t = Bench.median(times)
        Bench.report(["row": "write", "files": scores.count, "bytesWritten": written, "inputBytes": Bench.totalBytes(files),
                      "seconds": t, "runs": times, "mbPerSecond": Double(written) / 1e6 / t])
    }
}

/// Generates a large multi-track SMF: 16 tracks of notes, controllers and pitch-bend sweeps,
/// with running status, deterministic (no randomness), about `--megabytes` MB.
struct MakeLargeFile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-large", abstract: "Write a large multi-track test SMF.")

    @Argument(help: "Where to write the .mid file.")
    var out: String

    @Option(help: "Approximate size in MB (10^6 bytes).")
    var megabytes = 24

    func run() throws {
        // One bar of a track (PPQN 480, 16th notes): 16 notes (on + off = 2 events of ~3 bytes with
        // running status) and 8 pitch-bend and 4 controller events: about 150 bytes.
        let trackCount = 16
        let bytesPerBar = 150
        let bars = megabytes * 1_000_000 / (trackCount * bytesPerBar)
        var tracks: [Track] = [Track(events: [
            TrackEvent(delta: 0, event: .meta(.tempo(microsecondsPerQuarter: 500_000))),
            TrackEvent(delta: 0, event: .meta(.timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8))),
            TrackEvent(delta: UInt32(bars * 1920), event: .meta(.endOfTrack)),
        ])]
        for t in 0..<trackCount {
            let channel = UInt8(t)
            var events: [TrackEvent] = [
                TrackEvent(delta: 0, event: .meta(.text(.trackName, Array("Track \(t + 1)".utf8)))),
                TrackEvent(delta: 0, event: .channel(.programChange(channel: channel, program: UInt8(t * 8)))),
            ]
            events.reserveCapacity(bars * 44 + 3)
            for bar in 0..<bars {
                for step in 0..<16 {
                    let pitch = UInt8(36 + (bar * 7 + step * 5 + t * 3) % 60)
                    let velocity = UInt8(40 + (step * 13 + bar) % 80)
                    if step % 2 == 0 {
                        let bend = Int16((step * 512 + bar * 64) % 16384 - 8192)
                        events.append(TrackEvent(delta: 0, event: .channel(.pitchBend(channel: channel, value: bend))))
                    }
                    if step % 4 == 0 {
                        events.append(TrackEvent(delta: 0, event: .channel(.controlChange(channel: channel, controller: 11, value: UInt8((bar + step) % 128)))))
                    }
                    events.append(TrackEvent(delta: 0, event: .channel(.noteOn(channel: channel, note: pitch, velocity: velocity))))
                    events.append(TrackEvent(delta: 120, event: .channel(.noteOn(channel: channel, note: pitch, velocity: 0))))
                }
            }
            events.append(TrackEvent(delta: 0, event: .meta(.endOfTrack)))
            tracks.append(Track(events: events))
        }
        let file = MIDIFile(format: .multiTrack, division: .ticksPerQuarter(480), tracks: tracks)
        try file.write(to: URL(fileURLWithPath: out))
        let size = Bench.totalBytes([out])
        Bench.report(["row": "make-large", "path": out, "bytes": size, "tracks": tracks.count])
    }
}
