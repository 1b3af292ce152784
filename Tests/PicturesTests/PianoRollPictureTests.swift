import TestSupport
import Foundation
import Testing
import Music
import SMF
@testable import Pictures

/// The cairo layer: what the SVG and PNG files actually hold, checked against the layout.
@Suite struct PianoRollPictureTests {
    /// Filled rectangles cairo's SVG surface writes, as `<path style="...fill:rgb(R%,G%,B%);
    /// fill-opacity:A;" d="M x0 y0 L x1 y0 L x1 y1 L x0 y1 Z M x0 y0 "/>`.
    struct SVGRect {
        var fill: String
        var opacity: Double
        var rect: PictureRect
    }

    static func filledRects(in svg: String) -> [SVGRect] {
        let pattern = #"fill:(rgb\([^)]*\));fill-opacity:([0-9.]+);" d="M ([0-9.]+) ([0-9.]+) L ([0-9.]+) ([0-9.]+) L ([0-9.]+) ([0-9.]+) L ([0-9.]+) ([0-9.]+) Z"#
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            func group(_ i: Int) -> String { String(svg[Range(m.range(at: i), in: svg)!]) }
            let x0 = Double(group(3))!, y0 = Double(group(4))!, x1 = Double(group(5))!, y1 = Double(group(8))!
            return SVGRect(fill: group(1), opacity: Double(group(2))!, rect: PictureRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
        }
    }

    /// cairo's SVG colour syntax for a palette colour: percentages with up to 6 decimals.
    static func svgColour(_ c: RollColour) -> String {
        func pct(_ v: UInt8) -> String {
            var s = String(format: "%.6f", Double(v) / 255 * 100)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s + "%"
        }
        return "rgb(\(pct(c.red)),\(pct(c.green)),\(pct(c.blue)))"
    }

    @Test func svgOfTheJigHasOneRectangleAtEachNotesLayoutPosition() throws {
        let score = try Score(contentsOf: URL(fileURLWithPath: Support.sample("jig-g-major.mid")))
        let layout = try PianoRollLayout(score: score, options: .init(title: "jig-g-major.mid"))
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("jig.svg").path
        try PianoRollPicture.write(layout, to: path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains(#"width="1200pt" height="391pt" viewBox="0 0 1200 391""#))

        // The jig: 76 notes of one voice (Flute, channel 1), 16 bars of 6/8 at PPQ 480.
        #expect(layout.notes.count == 76 && layout.voices.count == 1)
        #expect(layout.endTick == 16 * 1440)
        let flute = Self.svgColour(RollColour.voice(0))
        let rects = Self.filledRects(in: svg).filter { $0.fill == flute && $0.rect.y >= layout.plot.y && $0.rect.maxY <= layout.plot.maxY }
        #expect(rects.count == 76)
        // cairo writes coordinates in 1/256 px steps: match each note within 0.01 px.
        let unmatched = layout.notes.filter { note in
            !rects.contains { abs($0.rect.x - note.rect.x) < 0.01 && abs($0.rect.y - note.rect.y) < 0.01
                && abs($0.rect.width - note.rect.width) < 0.01 && abs($0.rect.height - note.rect.height) < 0.01
                && abs($0.opacity - note.opacity) < 1e-5 }
        }
        #expect(unmatched.isEmpty, "notes without their rectangle: \(unmatched.prefix(3).map(\.note))")
        // The first note, D5 at tick 0 for a dotted quarter... : check one position from first principles:
        // x = plot.x, width = duration x plot width / 23040 ticks - 1.
        let first = layout.notes.min { ($0.note.start, $0.note.pitch) < ($1.note.start, $1.note.pitch) }!
        #expect(first.note.start == 0)
        #expect(abs(first.rect.x - layout.plot.x) < 1e-9)
        #expect(abs(first.rect.width - (Double(first.note.duration) * layout.plot.width / 23040 - 1)) < 1e-9)
        // The legend swatch: full opacity, 10 x 10, below the plot.
        #expect(Self.filledRects(in: svg).contains { $0.fill == flute && $0.rect.y > layout.plot.maxY && abs($0.rect.width - 10) < 0.01 })
    }

    @Test func pngHasTheLayoutsSizeAndTheNoteColoursAtKnownPixels() throws {
        let layout = try PianoRollLayout(score: Support.twoBars, options: .init(width: 835))
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("two.png").path
        try PianoRollPicture.write(layout, to: path)
        let png = try Support.PNG(path: path)
        #expect(png.width == 835 && png.height == 207)

        func rgb(_ c: RollColour) -> (Int, Int, Int) { (Int(c.red), Int(c.green), Int(c.blue)) }
        func near(_ a: (Int, Int, Int), _ b: (Int, Int, Int), _ tolerance: Int = 1) -> Bool {
            abs(a.0 - b.0) <= tolerance && abs(a.1 - b.1) <= tolerance && abs(a.2 - b.2) <= tolerance
        }
        // C4 (velocity 127, opaque) covers x 59...154, y 139.5...146.5: its middle is the flute colour.
        #expect(png.colour(x: 100, y: 142) == rgb(RollColour.voice(0)))
        // E4 (velocity 64) over a white-key row: the colour at opacity 0.3 + 0.7 x 64 / 127.
        let e4 = RollColour.voice(0).over(.white, alpha: 0.3 + 0.7 * 64 / 127)
        #expect(near(png.colour(x: 300, y: 111), rgb(e4)), "\(png.colour(x: 300, y: 111)) vs \(e4)")
        // The kick (velocity 127, drums voice) at x 59...62 in the lowest lane.
        #expect(png.colour(x: 60, y: 169) == rgb(RollColour.voice(1)))
        // Empty row of C#4 (a black key): shaded; of D4: white. The picture's corner: white.
        #expect(png.colour(x: 200, y: 135) == rgb(.blackKeyRow))
        #expect(png.colour(x: 200, y: 127) == rgb(.white))
        #expect(png.colour(x: 0, y: 0) == rgb(.white))
        // A bar line (1 px at x = 443, antialiased over 442.5...443.5 = pixel 442 half, 443 half).
        let bar = png.colour(x: 443, y: 60)
        #expect(bar != rgb(.white) && bar.0 < 230)
    }

    @Test func unsupportedExtensionsAreRefusedAndNoFileIsLeft() throws {
        let layout = try PianoRollLayout(score: Support.twoBars)
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("roll.gif").path
        #expect(throws: PictureError.unsupportedFormat(path: path)) { try PianoRollPicture.write(layout, to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
