import Music

/// A grid of small piano rolls, one per cell, each drawn in its place (`PianoRollLayout` and
/// `PianoRollPicture` per cell): the picture of a latent-loops grid.
public enum LoopGridPicture {
    /// Writes the rolls of `cells` (row-major, `columns` per row, each titled) to `path` (.png or
    /// .svg by its extension), atomically. Every cell is `cellWidth` pixels wide; a row is as high
    /// as its tallest cell.
    /// - Throws: `PictureError` (an unsupported format, a cairo failure, a score that cannot be
    ///   drawn), `FileIOError` when the file cannot be written.
    public static func write(cells: [Score], columns: Int, titles: [String], cellWidth: Int = 300, to path: String) throws {
        precondition(columns >= 1 && titles.count == cells.count, "LoopGridPicture: one title per cell, at least one column")
        let format = try PictureFormat(path: path)
        let layouts = try cells.enumerated().map { i, score in
            try PianoRollLayout(score: score, options: .init(width: max(cellWidth, PianoRollLayout.minimumWidth), rowHeight: 3, laneHeight: 6, title: titles[i]))
        }
        let rows = (layouts.count + columns - 1) / columns
        let width = layouts.map(\.width).max() ?? cellWidth
        let heights = (0..<rows).map { r in layouts[(r * columns) ..< min((r + 1) * columns, layouts.count)].map(\.height).max() ?? 0 }
        try CairoCanvas.write(to: path, format: format, width: width * columns, height: heights.reduce(0, +)) { canvas in
            var y = 0
            for r in 0..<rows {
                for c in 0..<columns where r * columns + c < layouts.count {
                    canvas.translated(x: Double(c * width), y: Double(y)) { PianoRollPicture.draw(layouts[r * columns + c], on: canvas) }
                }
                y += heights[r]
            }
        }
    }
}
