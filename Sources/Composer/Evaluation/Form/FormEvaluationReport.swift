/// What `FormEvaluation.run` measured: one column per source (the real pieces first, then each
/// folder of generated ones), each with the summary of its kind.
public struct FormEvaluationReport: Codable, Sendable {
    /// One source's measures.
    public struct Column: Codable, Sendable {
        /// "real" for the corpus's held-out pieces, else the folder's name.
        public var name: String
        /// The folder as given.
        public var folder: String
        /// Pieces measured (drums: grooves, each cut into `DrumFormSummary.grooves` windows), and
        /// pieces left out for being shorter than the bars measured.
        public var pieces: Int
        public var shorterThanBars: Int
        /// The summary of the report's kind (the others are nil).
        public var melody: MelodyFormSummary?
        public var drums: DrumFormSummary?
        public var satb: ChoraleFormSummary?
    }

    public var kind: FormEvaluation.Kind
    /// Bars measured from the start of each piece (nil: whole pieces, SATB).
    public var bars: Int?
    /// Which corpus pieces are "real", in words.
    public var split: String
    /// The real pieces measured (paths relative to the corpus folder).
    public var realPieces: [String]
    public var columns: [Column]

    var rows: [(String, [String])] {
        let perColumn: [[(String, String)]] = columns.map { c in
            c.melody?.rows ?? c.drums?.rows ?? c.satb?.rows ?? []
        }
        guard let labels = perColumn.first(where: { !$0.isEmpty })?.map(\.0) else { return [] }
        return labels.enumerated().map { i, label in
            (label, zip(columns, perColumn).map { c, rows in c.pieces == 0 || i >= rows.count ? "-" : rows[i].1 })
        }
    }

    /// The table `compose evaluate form` prints: a line saying what was measured, then one row per
    /// measure with a column per source.
    public var text: String {
        let unit = kind == .drums ? "grooves" : kind == .melody ? "tunes" : "chorales"
        let measured = bars.map { kind == .drums ? "; every whole \($0)-bar window of each groove" : "; first \($0) bars of each tune" } ?? "; whole pieces"
        var lines = ["\(kind.rawValue): \(split)" + measured]
        for c in columns {
            let windows = c.drums.map { " (\($0.grooves) windows)" } ?? ""
            lines.append("  \(c.name): \(c.pieces) \(unit)\(windows) from \(c.folder)"
                         + (c.shorterThanBars > 0 ? " (\(c.shorterThanBars) shorter than \(bars ?? 0) bars left out)" : ""))
        }
        let table = rows
        let first = max(8, table.map(\.0.count).max() ?? 8)
        let widths = columns.indices.map { i in max(columns[i].name.count, table.map { $0.1[i].count }.max() ?? 0) }
        lines.append("")
        lines.append("measure".padded(first) + zip(columns, widths).map { "  " + String(repeating: " ", count: $1 - $0.name.count) + $0.name }.joined())
        for (label, values) in table {
            lines.append(label.padded(first) + zip(values, widths).map { "  " + String(repeating: " ", count: $1 - $0.count) + $0 }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// The same table as GitHub Markdown (for docs).
    public var markdown: String {
        func header(_ c: Column) -> String { c.name + (c.drums.map { " (\(c.pieces) grooves, \($0.grooves) windows)" } ?? " (\(c.pieces))") }
        var lines = ["| measure | " + columns.map(header).joined(separator: " | ") + " |",
                     "|---|" + columns.map { _ in "---|" }.joined()]
        for (label, values) in rows { lines.append("| \(label) | " + values.joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}
