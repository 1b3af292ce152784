import Foundation
import Testing

/// `compose roll`, `compose inspect --roll` and `compose render --plot` as a user runs them.
extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func rollWritesSVGAndPNGOfTheJigAndNamesBadArguments() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("jig.svg").path, png = dir.appendingPathComponent("jig.png").path
        let result = try run(["roll", Self.jig.path, "--out", svg])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(svg): 1200x391 px, bars 1-16, 76 notes, 1 voice\n")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.contains(#"viewBox="0 0 1200 391""#))

        let part = try run(["roll", Self.jig.path, "--out", png, "--bars", "3-4", "--width", "600"])
        #expect(part.status == 0, "\(part.stderr)")
        // mido agrees: 6 notes sound in ticks 2880-5760 (bars 3-4 of 6/8 at PPQ 480).
        #expect(part.stdout.hasSuffix("bars 3-4, 6 notes, 1 voice\n"), "\(part.stdout)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR width (big-endian at 16) is the --width asked for.
        let ihdrWidth = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(ihdrWidth == 600)

        // Bad arguments are usage errors (64), each on one line naming the argument.
        let beyond = try run(["roll", Self.jig.path, "--out", png, "--bars", "17-24"])
        #expect(beyond.status == 64)
        #expect(beyond.stderr == "Error: --bars 17-24: the file has bars 1-16; give A-B with 1 <= A <= B <= 16\n", "\(beyond.stderr)")
        for ext in ["gif", "jpg"] {
            let path = dir.appendingPathComponent("x.\(ext)").path
            let bad = try run(["roll", Self.jig.path, "--out", path])
            #expect(bad.status == 64 && bad.stderr.contains("\(path): unsupported picture format; use a .svg or .png file name"), "\(bad.stderr)")
        }
        let backwards = try run(["roll", Self.jig.path, "--out", png, "--bars", "4-2"])
        #expect(backwards.status != 0 && backwards.stderr.contains("--bars"), "\(backwards.stderr)")
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func inspectRollDrawsWithoutColourIntoAPipe() throws {
        let result = try run(["inspect", Self.jig.path, "--roll"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Not a terminal and no $COLUMNS from the test runner: 80 columns (or $COLUMNS if set).
        let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
        let rollLines = lines.filter { $0.hasPrefix("bar  ") || $0.hasPrefix("C5   ") || $0.hasPrefix("C6   ") }
        #expect(rollLines.count == 3)
        #expect(rollLines.allSatisfy { $0.count == width })
        #expect(lines.contains("█ Melody: Flute (ch 1)"))
    }

    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"))
    func renderPlotWritesAPNGOfTheAskedWidth() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mid = dir.appendingPathComponent("m.mid").path, wav = dir.appendingPathComponent("m.wav").path
        let png = dir.appendingPathComponent("m.png").path
        #expect(try run(["melody", "--bars", "2", "--seed", "1", "--out", mid]).status == 0)
        let result = try run(["render", mid, "--out", wav, "--sample-rate", "22050", "--plot", png, "--plot-width", "400"])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(png): waveform and spectrogram"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
        #expect(bytes[16..<20].reduce(0) { $0 << 8 | Int($1) } == 400)
        #expect(bytes[20..<24].reduce(0) { $0 << 8 | Int($1) } == 482)     // AudioPlot's fixed panel heights
        let bad = try run(["render", mid, "--out", wav, "--plot", dir.appendingPathComponent("p.jpg").path])
        #expect(bad.status == 64 && bad.stderr.contains("unsupported picture format"), "\(bad.stderr)")
    }
}
