import Foundation
import Music
import Testing

/// End-to-end tests of `compose drums`: a groove from a text primer, written, read back and rendered.
extension ComposeCLITests {
    static let primer = "kick: x...x...x...x... ; snare: ....x.......x... ; hihat: x.x.x.x.x.x.x.x."
    /// (note, tick) of the primer bar at 480 PPQ: kick 36 on the beats, snare 38 on 2 and 4, closed hi-hat 42 on eighths.
    static let primerNotes: Set<[Int]> = Set((0..<4).map { [36, $0 * 480] } + [[38, 480], [38, 1440]] + (0..<8).map { [42, $0 * 240] })

    static func shipped(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Models").appendingPathComponent(name).path)
    }

    /// RMS (full scale = 1) of the 16-bit PCM samples of a WAV file's data chunk, over its first `seconds`.
    func rms(ofWAV url: URL, seconds: Double) throws -> Double {
        let bytes = [UInt8](try Data(contentsOf: url))
        var offset = 12, channels = 2, rate = 44100
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if id == "fmt " {
                channels = Int(bytes[offset + 10])
                rate = Int(bytes[offset + 12]) | Int(bytes[offset + 13]) << 8 | Int(bytes[offset + 14]) << 16
            }
            if id == "data" {
                let count = min(size / 2, Int(seconds * Double(rate)) * channels)
                var sum = 0.0
                for i in 0..<count {
                    let v = Int16(bitPattern: UInt16(bytes[offset + 8 + 2 * i]) | UInt16(bytes[offset + 9 + 2 * i]) << 8)
                    sum += Double(v) * Double(v)
                }
                return (sum / Double(max(count, 1))).squareRoot() / 32768
            }
            offset += 8 + size + (size & 1)
        }
        return 0
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("drums-markov.json") && shipped("drums-rnn.json"), "drum models not in Models/"),
          arguments: ["markov", "rnn"])
    func drumsContinueATextPrimerAndRender(model: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.mid"), b = dir.appendingPathComponent("b.mid"), wav = dir.appendingPathComponent("a.wav")
        // --bars counts the new bars: 1 primer bar + 3.
        let args = ["drums", "--model", model, "--bars", "3", "--tempo", "96", "--seed", "3", "--primer", Self.primer]
        let first = try run(args + ["--out", a.path])
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 bars of 4/4 at 96 bpm, bar 1 as primed"))
        #expect(try run(args + ["--out", b.path]).status == 0)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))

        let score = try Score(contentsOf: a)
        #expect(score.ticksPerQuarter == 480)
        #expect(score.tempoChanges.map(\.microsecondsPerQuarter) == [625_000])
        let notes = score.allNotes
        #expect(!notes.isEmpty && notes.allSatisfy { $0.channel == 9 })
        #expect(Set(notes.filter { $0.start < 1920 }.map { [Int($0.pitch), $0.start] }) == Self.primerNotes)
        #expect(notes.contains { $0.start >= 1920 })
        #expect(notes.allSatisfy { $0.start < 4 * 1920 })
        #expect(Set(notes.map(\.pitch)).isSubset(of: [36, 38, 42, 46, 43, 47, 50, 49, 51]))

        let render = try run(["render", a.path, "--out", wav.path, "--sample-rate", "22050"])
        try #require(render.status == 0, "\(render.stderr)")
        // The primer bar lasts 2.5 s at 96 bpm: the GM drum kit must sound in it.
        #expect(try rms(ofWAV: wav, seconds: 2.5) > 0.001)
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("drums-markov.json"), "drum model not in Models/"))
    func drumsUnderAMelodyFollowItsTempoMeterAndLength() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let melody = dir.appendingPathComponent("m.mid"), song = dir.appendingPathComponent("s.mid")
        try #require(try run(["melody", "--bars", "6", "--meter", "3/4", "--tempo", "100", "--seed", "2", "--out", melody.path]).status == 0)
        let result = try run(["drums", "--model", "markov", "--with", melody.path, "--seed", "1", "--out", song.path])
        try #require(result.status == 0, "\(result.stderr)")
        let m = try Score(contentsOf: melody), s = try Score(contentsOf: song)
        #expect(s.parts.count == m.parts.count + 1)
        #expect(s.tempoChanges == m.tempoChanges)
        #expect(s.timeSignatures.map { [$0.numerator, $0.denominator] } == [[3, 4]])
        let drums = try #require(s.parts.last)
        #expect(drums.name == "Drums")
        #expect(!drums.notes.isEmpty && drums.notes.allSatisfy { $0.channel == 9 })
        let melodyEnd = m.parts.map(\.endTick).max() ?? 0
        #expect(drums.notes.allSatisfy { $0.start < melodyEnd })
        #expect(result.stdout.contains("6 bars of 3/4 under"))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("drums-markov.json"), "drum model not in Models/"))
    func badPrimerLinesAreNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.mid")
        let r = try run(["drums", "--model", "markov", "--primer", "kick: x...x...x...x... ; snare ....x.......x...", "--out", out.path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--primer: primer line 2 \"snare ....x.......x...\": expected \"instrument: steps\""))
        let zero = try run(["drums", "--model", "markov", "--bars", "0", "--primer", Self.primer, "--out", out.path])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("--bars"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          .enabled(if: shipped("drums-markov.json") && shipped("drums-openings.json"), "drum model or openings not in Models/"))
    func aStyleOpensTheGrooveAndAnUnknownStyleIsNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.mid")
        let r = try run(["drums", "--model", "markov", "--style", "funk", "--bars", "4", "--seed", "2", "--out", out.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("4 bars of 4/4 at 120 bpm, bar 1 a learned funk opening"))
        let unknown = try run(["drums", "--model", "markov", "--style", "polka", "--out", out.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no drum style \"polka\" (styles: afrobeat,"))
        let primed = try run(["drums", "--model", "markov", "--style", "funk", "--primer", Self.primer, "--out", out.path])
        #expect(primed.status == 64)
        #expect(primed.stderr.contains("--style funk: a primer gives the opening"))
    }
}
