import Foundation
import SMF
import Synth
import TestSupport

/// Helpers shared by the Synth tests: building MIDI files in code, encoding them to bytes without
/// depending on the SMF writer, finding the CLI and the corpus, and a small spectrum analyser.
enum Support {
    /// /usr/share/sounds/sf2/TimGM6mb.sf2 when installed: the tests pin one font so results do not
    /// depend on which package `default-GM.sf2` points at.
    static let timGM6mb = "/usr/share/sounds/sf2/TimGM6mb.sf2"

    static var soundFont: String? {
        FileManager.default.fileExists(atPath: timGM6mb) ? timGM6mb : (try? SoundFontLocator().locate())
    }

    static let packageRoot = TestPaths.packageRoot

    /// ../shared/corpus relative to the package root, if present.
    static var corpus: URL? { TestPaths.corpus("") }

    /// The `fluidsynth` executable on PATH, if any.
    static let fluidsynthCLI: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/fluidsynth"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL { try TestPaths.temporaryDirectory("SynthTests") }

    /// Runs an executable and returns its exit status (output discarded unless it fails).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Renders `midiPath` with the CLI exactly as the brief specifies, to a float WAV, and reads it.
    /// `extra` goes before the file names, e.g. `["-R", "0"]`.
    static func renderWithCLI(midiPath: String, soundFont: String, in dir: URL, format: String = "float",
                              sampleRate: Int = 44100, extra: [String] = []) throws -> RenderedAudio {
        guard let cli = fluidsynthCLI else { throw CocoaError(.fileNoSuchFile) }
        let out = dir.appendingPathComponent("cli-\(format).wav").path
        let result = try run(cli, ["-ni", "-g", "0.2", "-F", out, "-O", format, "-r", "\(sampleRate)"] + extra + [soundFont, midiPath])
        guard result.status == 0, FileManager.default.fileExists(atPath: out) else {
            throw SynthError.wavReadFailed(path: out, reason: "fluidsynth failed: \(result.output)")
        }
        return try WAVReader.read(path: out)
    }

    // MARK: Building files

    static func on(_ delta: UInt32, _ ch: UInt8, _ note: UInt8, _ vel: UInt8 = 100) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.noteOn(channel: ch, note: note, velocity: vel)))
    }
    static func off(_ delta: UInt32, _ ch: UInt8, _ note: UInt8) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.noteOff(channel: ch, note: note, velocity: 64)))
    }
    static func program(_ delta: UInt32, _ ch: UInt8, _ p: UInt8) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.programChange(channel: ch, program: p)))
    }
    static func cc(_ delta: UInt32, _ ch: UInt8, _ c: UInt8, _ v: UInt8) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.controlChange(channel: ch, controller: c, value: v)))
    }
    static func bend(_ delta: UInt32, _ ch: UInt8, _ v: Int16) -> TrackEvent {
        TrackEvent(delta: delta, event: .channel(.pitchBend(channel: ch, value: v)))
    }
    static func tempo(_ delta: UInt32, bpm: Double) -> TrackEvent {
        TrackEvent(delta: delta, event: .meta(.tempo(microsecondsPerQuarter: UInt32((60_000_000 / bpm).rounded()))))
    }
    static func end(_ delta: UInt32 = 0) -> TrackEvent { TrackEvent(delta: delta, event: .meta(.endOfTrack)) }

    /// Middle C (note 60), one quarter note at 120 bpm, PPQ 480, program 0 (piano).
    static func oneNote() -> MIDIFile {
        MIDIFile(format: .singleTrack, division: .ticksPerQuarter(480), tracks: [Track(events: [
            tempo(0, bpm: 120), program(0, 0, 0), on(0, 0, 60), off(480, 0, 60), end(),
        ])])
    }

    /// A format-1 file with several channels, program changes, controllers, pitch bend, a
    /// General MIDI System On sysex, a drum channel, and tempo changes on the conductor track.
    static func multiChannel() -> MIDIFile {
        let conductor = Track(events: [
            tempo(0, bpm: 120),
            TrackEvent(delta: 0, event: .meta(.timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondsPerQuarter: 8))),
            tempo(960, bpm: 90),
            tempo(960, bpm: 150.5),
            end(960),
        ])
        let piano = Track(events: [
            TrackEvent(delta: 0, event: .sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7])),
            program(0, 0, 0), cc(0, 0, 7, 110), cc(0, 0, 10, 40),
            on(0, 0, 60), on(0, 0, 64, 90), on(0, 0, 67, 80),
            off(480, 0, 60), off(0, 0, 64), off(0, 0, 67),
            cc(0, 0, 64, 127),                          // sustain pedal down
            on(0, 0, 72), off(240, 0, 72), on(0, 0, 71), off(240, 0, 71),
            cc(0, 0, 64, 0),
            on(240, 0, 69), off(721, 0, 69),
            on(0, 0, 48, 127), off(1000, 0, 48),
            end(),
        ])
        let strings = Track(events: [
            program(0, 1, 48), cc(0, 1, 91, 100), cc(0, 1, 93, 60),
            on(480, 1, 55, 70),
            bend(240, 1, 2048), bend(120, 1, 4096), bend(120, 1, -3000),
            off(600, 1, 55),
            program(0, 1, 40),                           // violin
            on(13, 1, 62, 100), bend(400, 1, 0), cc(0, 1, 1, 90), off(900, 1, 62),
            end(),
        ])
        let drums = Track(events: [
            on(0, 9, 36), off(120, 9, 36), on(360, 9, 38), off(120, 9, 38),
            on(360, 9, 42), off(60, 9, 42), on(180, 9, 42), off(60, 9, 42),
            on(1, 9, 49, 127), off(100, 9, 49),
            end(1500),
        ])
        return MIDIFile(format: .multiTrack, division: .ticksPerQuarter(480),
                        tracks: [conductor, piano, strings, drums])
    }

    // MARK: Encoding (independent of the SMF writer)

    /// Encodes a file without running status.
    static func encode(_ file: MIDIFile) -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8) + be32(6)
        out += [0, UInt8(file.format.rawValue), UInt8(file.tracks.count >> 8), UInt8(file.tracks.count & 0xFF)]
        out += [UInt8(file.division.word >> 8), UInt8(file.division.word & 0xFF)]
        for track in file.tracks {
            var body: [UInt8] = []
            for e in track.events {
                body += vlq(e.delta)
                switch e.event {
                case .channel(let m):
                    body.append(m.status)
                    switch m {
                    case .noteOn(_, let n, let v), .noteOff(_, let n, let v): body += [n, v]
                    case .polyPressure(_, let n, let p): body += [n, p]
                    case .controlChange(_, let c, let v): body += [c, v]
                    case .programChange(_, let p): body += [p]
                    case .channelPressure(_, let p): body += [p]
                    case .pitchBend(_, let v):
                        let wire = Int(v) + 8192
                        body += [UInt8(wire & 0x7F), UInt8(wire >> 7)]
                    }
                case .sysex(let data): body += [0xF0] + vlq(UInt32(data.count)) + data
                case .escape(let data): body += [0xF7] + vlq(UInt32(data.count)) + data
                case .meta(let m):
                    let data: [UInt8]
                    switch m {
                    case .tempo(let us): data = [UInt8(us >> 16), UInt8((us >> 8) & 0xFF), UInt8(us & 0xFF)]
                    case .endOfTrack: data = []
                    case .timeSignature(let n, let d, let c, let b): data = [n, d, c, b]
                    case .text(_, let bytes): data = bytes
                    default: fatalError("not needed by the tests")
                    }
                    body += [0xFF, m.type] + vlq(UInt32(data.count)) + data
                }
            }
            out += Array("MTrk".utf8) + be32(UInt32(body.count)) + body
        }
        return out
    }

    // MARK: Measuring

    /// Magnitude of the DFT of `x` (Hann-windowed, zero-padded to `size`) at bin `k`, by Goertzel.
    static func goertzel(_ x: [Float], bin k: Double, size n: Int) -> Double {
        let w = 2 * Double.pi * k / Double(n)
        let coeff = 2 * cos(w)
        var s1 = 0.0, s2 = 0.0
        let count = x.count
        for i in 0..<count {
            let hann = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(count - 1))
            let s = Double(x[i]) * hann + coeff * s1 - s2
            s2 = s1
            s1 = s
        }
        let re = s1 - s2 * cos(w)
        let im = s2 * sin(w)
        return (re * re + im * im).squareRoot()
    }

    /// The fundamental of `x` in Hz. The spectrum (Hann window) is scanned from 30 Hz to 2 kHz at
    /// the natural bin spacing; the lowest local maximum within 12 dB of the strongest one is
    /// taken (a piano's second partial can be the strongest), then refined on an 8x zero-padded
    /// grid around it and by parabolic interpolation of the log magnitudes.
    static func fundamental(_ x: [Float], sampleRate: Double) -> Double {
        let n = x.count
        let binHz = sampleRate / Double(n)
        let lo = max(1, Int(30 / binHz)), hi = Int(2000 / binHz)
        let coarse = (lo...hi).map { goertzel(x, bin: Double($0), size: n) }
        let strongest = coarse.max() ?? 0
        guard let peak = (1..<(coarse.count - 1)).first(where: {
            coarse[$0] >= coarse[$0 - 1] && coarse[$0] > coarse[$0 + 1] && coarse[$0] > strongest / 4
        }) else { return 0 }
        let padded = 8 * n
        let center = 8 * (lo + peak)
        let fine = (center - 12...center + 12).map { goertzel(x, bin: Double($0), size: padded) }
        let i = fine.indices.dropFirst().dropLast().max { fine[$0] < fine[$1] }!
        let a = log(fine[i - 1]), b = log(fine[i]), c = log(fine[i + 1])
        let offset = 0.5 * (a - c) / (a - 2 * b + c)
        return (Double(center - 12 + i) + offset) * sampleRate / Double(padded)
    }

    /// RMS in dBFS of frames `range` (mono mix) of `audio`.
    static func rmsDB(_ audio: RenderedAudio, frames range: Range<Int>) -> Double {
        var sum = 0.0
        for f in range {
            let m = 0.5 * Double(audio.samples[2 * f] + audio.samples[2 * f + 1])
            sum += m * m
        }
        let rms = (sum / Double(max(range.count, 1))).squareRoot()
        return rms > 0 ? 20 * log10(rms) : -.infinity
    }

    /// The first frame whose absolute sample (either channel) exceeds `threshold`.
    static func onsetFrame(_ audio: RenderedAudio, threshold: Float = 1e-4) -> Int? {
        for f in 0..<audio.frameCount where max(abs(audio.samples[2 * f]), abs(audio.samples[2 * f + 1])) > threshold {
            return f
        }
        return nil
    }

    /// Index and count of differing samples, for failure messages.
    static func firstDifference(_ a: [Float], _ b: [Float]) -> (index: Int, count: Int)? {
        var first: Int? = nil
        var count = 0
        for i in 0..<min(a.count, b.count) where a[i] != b[i] {
            if first == nil { first = i }
            count += 1
        }
        return first.map { ($0, count) }
    }
}
