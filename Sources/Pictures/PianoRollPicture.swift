/// Paints a `PianoRollLayout` with cairo and writes it as SVG or PNG: the layout decides every
/// position; this only draws, in this order: background, row shading, grid, notes (voice colour,
/// velocity as opacity), keyboard and labels, markers, legend, title.
public enum PianoRollPicture {
    /// Writes `layout` to `path` (format from its extension, .svg or .png), atomically.
    /// - Throws: `PictureError.unsupportedFormat`, `PictureError.cairo`, or `FileIOError` when the
    ///   file cannot be written.
    public static func write(_ layout: PianoRollLayout, to path: String) throws {
        let format = try PictureFormat(path: path)
        try CairoCanvas.write(to: path, format: format, width: layout.width, height: layout.height) { canvas in
            draw(layout, on: canvas)
        }
    }

    static func draw(_ layout: PianoRollLayout, on c: CairoCanvas) {
        let font = PianoRollLayout.labelFontSize
        let plot = layout.plot
        c.fill(PictureRect(x: 0, y: 0, width: Double(layout.width), height: Double(layout.height)), .white)

        // Row shading: black-key rows, alternate drum lanes, octave separators.
        for row in layout.rows where row.isBlackKey {
            c.fill(PictureRect(x: plot.x, y: row.rect.y, width: plot.width, height: row.rect.height), .blackKeyRow)
        }
        for (i, lane) in layout.lanes.enumerated() where i % 2 == 0 {
            c.fill(PictureRect(x: plot.x, y: lane.rect.y, width: plot.width, height: lane.rect.height), .drumLaneRow)
        }
        for row in layout.rows where row.pitch % 12 == 0 {
            c.line(from: (plot.x, row.rect.maxY), to: (plot.maxX, row.rect.maxY), .beatLine)
        }

        // Grid: beats light, bars darker, bar numbers above.
        for line in layout.grid where line.kind == .beat {
            c.line(from: (line.x, plot.y), to: (line.x, plot.maxY), .beatLine, width: 0.75)
        }
        for line in layout.grid where line.kind == .bar {
            let major = line.label != nil || line.tick == layout.endTick
            c.line(from: (line.x, plot.y), to: (line.x, plot.maxY), major ? .barLine : .minorBarLine, width: 1)
            if let label = line.label {
                c.text(label, x: line.x + 2, y: plot.y - 2 * PianoRollLayout.markerRowHeight - 5, size: font, .text)
            }
        }

        // Notes.
        for box in layout.notes {
            c.fill(box.rect, layout.voices[box.voice].colour, alpha: box.opacity)
        }

        // Keyboard: white keys, black keys, note names; drum lane names.
        let kb = layout.keyboard
        if kb.width > 0 {
            c.fill(kb, .white)
            for row in layout.rows where row.isBlackKey {
                c.fill(PictureRect(x: kb.x, y: row.rect.y, width: kb.width * 0.62, height: row.rect.height), .text)
            }
            for row in layout.rows where row.pitch % 12 == 0 || row.pitch % 12 == 5 {
                c.line(from: (kb.x, row.rect.maxY), to: (kb.maxX, row.rect.maxY), .barLine, width: 0.5)
            }
            c.stroke(kb, .barLine, lineWidth: 0.5)
        }
        for row in layout.rows {
            if let label = row.label {
                c.text(label, x: kb.x - 3, y: row.rect.maxY - 0.5, size: font, .text, align: .right)
            }
        }
        for lane in layout.lanes {
            c.text(lane.name, x: plot.x - 4, y: lane.rect.maxY - (lane.rect.height - font) / 2 - 1, size: font, .text, align: .right)
        }

        // Markers: tempo in red, key and meter in blue.
        for marker in layout.markers {
            let colour: RollColour = marker.kind == .tempo ? .tempoMarker : .signatureMarker
            c.marker(x: marker.x, y: marker.y + 3, size: 5, colour)
            if marker.labelled {
                c.text(marker.text, x: marker.labelX, y: marker.y, size: font, colour)
            }
        }

        // Legend and title.
        for entry in layout.legend {
            c.fill(entry.swatch, layout.voices[entry.voice].colour)
            c.text(entry.text, x: entry.textX, y: entry.textY, size: font + 1, .text)
        }
        if let title = layout.title {
            c.text(title.text, x: title.x, y: title.y, size: PianoRollLayout.titleFontSize, .text, bold: true)
        }
    }
}
