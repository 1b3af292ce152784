import CCairo
import Foundation
import FileIO

/// The picture file formats cairo writes for us.
public enum PictureFormat: String, Sendable, CaseIterable {
    /// SVG 1.1 (cairo's SVG surface; text becomes glyph outlines).
    case svg
    /// PNG, 8-bit RGBA (cairo's image surface).
    case png

    /// The format named by a path's extension (case-insensitive).
    /// - Throws: `PictureError.unsupportedFormat` for anything but .svg and .png.
    public init(path: String) throws(PictureError) {
        guard let format = PictureFormat(rawValue: (path as NSString).pathExtension.lowercased()) else {
            throw .unsupportedFormat(path: path)
        }
        self = format
    }
}

/// A thin layer over a cairo context: filled rectangles, lines and toy-API text in `RollColour`s,
/// drawn onto an SVG or image surface and written to a file atomically (`AtomicFile`).
final class CairoCanvas {
    let surface: OpaquePointer
    let cr: OpaquePointer
    let format: PictureFormat
    let path: String
    let width: Int, height: Int
    private var temporaryPath: String?

    /// Draws a picture of `width` x `height` pixels with `draw` and writes it to `path` in
    /// `format`: the file appears complete or not at all.
    /// - Throws: `PictureError.cairo` naming `path` when cairo fails; `FileIOError` when the
    ///   file cannot be created or renamed.
    static func write(to path: String, format: PictureFormat, width: Int, height: Int,
                      _ draw: (CairoCanvas) throws -> Void) throws {
        try AtomicFile.write(to: path) { temporary in
            let canvas = CairoCanvas(path: path, temporaryPath: temporary, format: format, width: width, height: height)
            try draw(canvas)
            try canvas.finish()
        }
    }

    private init(path: String, temporaryPath: String, format: PictureFormat, width: Int, height: Int) {
        self.path = path
        self.format = format
        self.width = width
        self.height = height
        switch format {
        case .svg:
            surface = cairo_svg_surface_create(temporaryPath, Double(width), Double(height))
            self.temporaryPath = nil
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
            self.temporaryPath = temporaryPath
        }
        cr = cairo_create(surface)
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Ends drawing: writes the PNG (image surfaces) or flushes the SVG document.
    private func finish() throws {
        try check(cairo_status(cr))
        if let temporaryPath {
            cairo_surface_flush(surface)
            try check(cairo_surface_write_to_png(surface, temporaryPath))
        }
        cairo_surface_finish(surface)
        try check(cairo_surface_status(surface))
    }

    private func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PictureError.cairo(path: path, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Runs `draw` with the origin moved to (`x`, `y`) (a grid cell's corner), then moves it back.
    func translated(x: Double, y: Double, _ draw: () -> Void) {
        cairo_save(cr)
        cairo_translate(cr, x, y)
        draw()
        cairo_restore(cr)
    }

    func setColour(_ c: RollColour, alpha: Double = 1) {
        cairo_set_source_rgba(cr, Double(c.red) / 255, Double(c.green) / 255, Double(c.blue) / 255, alpha)
    }

    func fill(_ r: PictureRect, _ colour: RollColour, alpha: Double = 1) {
        setColour(colour, alpha: alpha)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_fill(cr)
    }

    func stroke(_ r: PictureRect, _ colour: RollColour, lineWidth: Double = 1) {
        setColour(colour)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_stroke(cr)
    }

    func line(from a: (Double, Double), to b: (Double, Double), _ colour: RollColour, width lineWidth: Double = 1, alpha: Double = 1) {
        setColour(colour, alpha: alpha)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, b.0, b.1)
        cairo_stroke(cr)
    }

    /// A filled triangle pointing down with its tip at (x, y).
    func marker(x: Double, y: Double, size: Double, _ colour: RollColour) {
        setColour(colour)
        cairo_move_to(cr, x, y)
        cairo_line_to(cr, x - size / 2, y - size)
        cairo_line_to(cr, x + size / 2, y - size)
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    enum Alignment { case left, right, centre }

    /// Text with its baseline at `y`, aligned on `x`.
    func text(_ s: String, x: Double, y: Double, size: Double, _ colour: RollColour, bold: Bool = false,
              align: Alignment = .left) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, s, &extents)
        let left: Double
        switch align {
        case .left: left = x
        case .right: left = x - extents.x_advance
        case .centre: left = x - extents.x_advance / 2
        }
        setColour(colour)
        cairo_move_to(cr, left, y)
        cairo_show_text(cr, s)
    }

    /// Paints RGB pixels (row-major, `pixelWidth` x `pixelHeight`, 3 bytes each) into `rect`,
    /// scaled without smoothing.
    func image(rgb: [UInt8], pixelWidth: Int, pixelHeight: Int, in rect: PictureRect) {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight))
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        if let data = cairo_image_surface_get_data(image) {
            for row in 0..<pixelHeight {
                let line = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for col in 0..<pixelWidth {
                    let i = (row * pixelWidth + col) * 3
                    line[col] = UInt32(rgb[i]) << 16 | UInt32(rgb[i + 1]) << 8 | UInt32(rgb[i + 2])
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(pixelWidth), rect.height / Double(pixelHeight))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }
}
