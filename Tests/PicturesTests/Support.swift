import CCairo
import Foundation
import Music
import SMF
import TestSupport

enum Support {
    static let packageRoot = TestPaths.packageRoot

    static func sample(_ name: String) -> String { TestPaths.sample(name) }

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL { try TestPaths.temporaryDirectory("PicturesTests") }

    /// Two bars of 4/4 at PPQ 480: "Lead" (Flute, channel 1) plays C4 (0-480, velocity 127) and
    /// E4 (960-2400, velocity 64); "Drums" (channel 10) a kick at 0 (length 0) and a snare at
    /// 480 (length 60); G major from tick 0, 90 bpm from tick 1920 (120 bpm before, the default).
    static let twoBars = Score(ticksPerQuarter: 480, parts: [
        Part(name: "Lead", notes: [
            Note(pitch: 60, velocity: 127, channel: 0, start: 0, duration: 480),
            Note(pitch: 64, velocity: 64, channel: 0, start: 960, duration: 1440),
        ], controls: [ControlEvent(tick: 0, message: .programChange(channel: 0, program: 73))]),
        Part(name: "Drums", notes: [
            Note(pitch: 36, velocity: 127, channel: 9, start: 0, duration: 0),
            Note(pitch: 38, velocity: 100, channel: 9, start: 480, duration: 60),
        ]),
    ], tempoChanges: [TempoChange(tick: 1920, bpm: 90)], keySignatures: [KeySignature(tick: 0, sharpsFlats: 1, minor: false)])

    /// A PNG read back with cairo: size and opaque pixels as colours.
    struct PNG {
        var width: Int
        var height: Int
        var pixels: [UInt32]   // 0xAARRGGBB, premultiplied (opaque here)

        init(path: String) throws {
            let surface = cairo_image_surface_create_from_png(path)
            defer { cairo_surface_destroy(surface) }
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
            }
            width = Int(cairo_image_surface_get_width(surface))
            height = Int(cairo_image_surface_get_height(surface))
            let stride = Int(cairo_image_surface_get_stride(surface))
            let data = cairo_image_surface_get_data(surface)!
            var pixels: [UInt32] = []
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width { pixels.append(row[x]) }
            }
            self.pixels = pixels
        }

        /// The colour at pixel (x, y), alpha dropped.
        func colour(x: Int, y: Int) -> (Int, Int, Int) {
            let p = pixels[y * width + x]
            return (Int(p >> 16 & 0xFF), Int(p >> 8 & 0xFF), Int(p & 0xFF))
        }
    }
}
