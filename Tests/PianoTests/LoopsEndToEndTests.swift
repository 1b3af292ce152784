import TestSupport
import Composer
import Foundation
import Music
@testable import Piano
import SMF
import Testing

/// `:loops` in the running piano (in the end-to-end suite, so it never runs at the same time as
/// the other tmux tests): phrases and files as corners, one-line errors, the grid, arrows, the
/// switch on a bar line, the recording, and the sound in the WAV.
extension EndToEndTests {
    /// RMS and peak (dBFS) of a WAV between two times (seconds), measured with numpy.
    static func level(_ wav: String, from start: Double, to end: Double) -> (rms: Double, peak: Double)? {
        let script = """
            import sys, numpy as np
            from scipy.io import wavfile
            r, x = wavfile.read(sys.argv[1])
            x = x.astype(np.float64) / 32768
            x = x.mean(axis=1) if x.ndim == 2 else x
            s = x[int(float(sys.argv[2]) * r):int(float(sys.argv[3]) * r)]
            db = lambda v: 20 * np.log10(v) if v > 0 else -200.0
            print(db(np.sqrt(np.mean(s ** 2))) if len(s) else -200.0, db(np.max(np.abs(s))) if len(s) else -200.0)
            """
        guard let python = E2E.which("python3") else { return nil }
        let out = E2E.run([python, "-c", script, wav, String(start), String(end)]).output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return out.count == 2 ? (out[0], out[1]) : nil
    }

    @Test(.enabled(if: LoopsCornersTests.melodyModel != nil && E2E.which("python3") != nil, "needs Models/loops-melody.json and python3 with numpy/scipy"))
    func loopsGridPlaysSwitchesOnABarLineAndIsRecorded() throws {
        let model = try #require(LoopsCornersTests.melodyModel)
        let samples = LoopsCornersTests.samples
        let files = ["jig-g-major.mid", "primer.mid", "melody-d-minor.mid", "jig-g-major.mid"]
        // The grid the piano will make, computed here the same way, and the first cell along the top
        // row that differs from cell 0 (neighbouring cells can decode alike).
        let corners = try files.map { try LoopCorner.read(file: samples + "/" + $0, kind: .melody) }
        let grid = LoopGrid.compute(model: model, corners: corners, size: 6)
        let target = try #require((1..<6).first { grid.cells[$0] != grid.cells[0] && grid.track($0, channel: 2).notes.count >= 3 },
                                  "the top row's cells all decode alike")

        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wav = dir + "/out.wav"
        let started = Date()
        let s = try PianoSession(arguments: ["--audio-file", wav, "--release-timeout", "150", "--no-reverb"], width: 110, height: 36, dir: dir)
        defer { s.close() }
        s.waitFor("LittleMozart piano")
        Thread.sleep(forTimeInterval: 1)
        // Two phrases, a pause after each: corners A and B.
        for phrase in [["z", "c", "b"], ["b", "c", "z"]] {
            for key in phrase { s.type(key); Thread.sleep(forTimeInterval: 0.2) }
            Thread.sleep(forTimeInterval: 1.2)
        }
        // One-line errors.
        s.command("loops corner 5 x.mid")
        var screen = s.waitFor("the corner must be 1-4 or A-D, got \"5\"")
        #expect(screen.contains("the corner must be 1-4 or A-D, got \"5\""))
        s.command("loops corner 3 missing.mid")
        screen = s.waitFor("Corner C: cannot read \(dir)/missing.mid")
        #expect(screen.contains("Corner C: cannot read"))
        s.command("loops")
        screen = s.waitFor("Corners: A phrase 1   B phrase 2   C sampled   D sampled", 20)
        #expect(screen.contains("Corners: A phrase 1   B phrase 2   C sampled   D sampled"))
        screen = s.waitFor("6 x 6 melody loops in", 30)
        // The corners are marked (their letters are the reconstructions of C E G and G E C as
        // quantized from the typing's timing, which a loaded machine can bunch).
        #expect(screen.contains("[A:") && screen.contains("B:") && screen.contains("C:") && screen.contains("D:"))
        screen = s.waitFor("[▶ ", 5)                  // cell 0 plays from the first bar line
        #expect(screen.contains("[▶ "))
        let loopsStarted = Date().timeIntervalSince(started)
        // Four files as corners: what was taken is said; the grid is made again.
        for (i, file) in files.enumerated() { s.command("loops corner \(i + 1) \(samples)/\(file)") }
        screen = s.waitFor("Corners: A jig-g-major.mid   B primer.mid   C melody-d-minor.mid   D jig-g-major.mid", 20)
        screen = s.waitFor(30) { $0.contains("grid in ") && !$0.contains("computing") && $0.contains("6 x 6 melody loops in") }
        #expect(screen.contains("6 x 6 melody loops in"))
        Thread.sleep(forTimeInterval: 1.6)           // the new grid's cell 0 plays from a bar line
        s.command("record")
        s.waitFor("REC ")
        Thread.sleep(forTimeInterval: 3.2)           // two bars of 6/8 at 120 bpm: 3 s
        for _ in 0..<target { s.keys("Right") }
        screen = s.waitFor(5) { $0.contains("[» ") || $0.contains("[▶ ") }
        screen = s.waitFor("[▶ ", 5)                  // the selected cell plays from the next bar line
        #expect(screen.contains("[▶ "))
        Thread.sleep(forTimeInterval: 3.2)
        s.command("loops off")
        screen = s.waitFor("Loops off.")
        #expect(!screen.contains("Corners:"))
        s.command("save take")
        screen = s.waitFor("Saved ", 10)
        s.command("quit")
        screen = s.waitForExit()
        #expect(screen.contains("PIANO-EXIT=0"))
        #expect(screen.contains("stty:icanon"))

        // The recording: loop notes on channel 3, on the loop's 16th grid, cell 0 then the target
        // cell from its first step on a bar line.
        let score = try Score(contentsOf: URL(fileURLWithPath: dir + "/take.mid"))
        let loopNotes = score.allNotes.filter { $0.channel == 2 }.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) }
        try #require(loopNotes.count >= 6, "\(loopNotes.count) loop notes recorded")
        #expect(score.parts.flatMap(\.programs).contains(UInt8(LoopsMode.melodyProgram)))
        let tick = 120.0                               // a 16th at 480 ticks per quarter
        let steps = loopNotes.map { Double($0.start - loopNotes[0].start) / tick }
        #expect(steps.allSatisfy { abs($0 - $0.rounded()) < 0.02 }, "onsets off the 16th grid: \(steps)")
        let played = zip(steps, loopNotes).map { (Int($0.rounded()), $1.pitch) }
        let first = grid.track(0, channel: 2), next = grid.track(target, channel: 2)
        func onsets(_ t: LoopTrack) -> Set<[Int]> { Set(t.notes.map { [$0.start, Int($0.pitch)] }) }
        // Some phase of cell 0 and some later bar line explain every note: before it cell 0, from it the target cell.
        let barSteps = grid.meter.stepsPerBar, loopSteps = first.steps
        var explained: (phase: Int, bar: Int)?
        search: for phase in 0..<loopSteps {
            for bar in stride(from: (barSteps - phase % barSteps) % barSteps, through: played.last!.0 + 1, by: barSteps) {
                let before = played.filter { $0.0 < bar }, after = played.filter { $0.0 >= bar }
                guard before.count >= 2, after.count >= 2 else { continue }
                if before.allSatisfy({ onsets(first).contains([($0.0 + phase) % loopSteps, Int($0.1)]) }),
                   after.allSatisfy({ onsets(next).contains([($0.0 - bar) % loopSteps, Int($0.1)]) }) {
                    explained = (phase, bar)
                    break search
                }
            }
        }
        #expect(explained != nil, "the recorded loop notes are not cell 0 then cell \(target) switched on a bar line: \(played)")

        // The sound: silence before any key, the loop's notes after the grid came (no key pressed then).
        let quiet = try #require(Self.level(wav, from: 0.1, to: 0.9))
        #expect(quiet.peak < -60, "before any key: peak \(quiet.peak) dBFS")
        let loud = try #require(Self.level(wav, from: loopsStarted + 0.5, to: loopsStarted + 4))
        #expect(loud.peak > -35 && loud.rms > -55, "while the loop played: RMS \(loud.rms), peak \(loud.peak) dBFS")
    }
}
