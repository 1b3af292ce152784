#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Music

/// A piano roll as lines of terminal text, one character cell holding two semitones with Unicode
/// half blocks: "▀" upper pitch sounding, "▄" lower, "█" both. Time runs left to right, linear in
/// ticks, the whole score fitted to the given width; bar lines are "│" where a bar is at least 4
/// columns wide. Layout, top to bottom: bar numbers, pitch lines (whole octaves around the melodic
/// notes, highest on top, a note name at each C), one line per drum lane (channel 10, "█" per hit,
/// lane names from `DrumLaneNames`), and a legend. With `colour`, each voice (track/channel) is
/// drawn in its palette colour (xterm 256-colour escapes; the cell's two halves may differ).
public struct TerminalPianoRoll: Sendable {
    /// The columns of the label area at the left of every line.
    package let labelWidth: Int
    /// Number of time columns.
    package let columns: Int
    package let firstTick: Int
    package let endTick: Int
    let score: Score
    let voices: [RollVoice]

    /// Narrowest roll in terminal columns, labels included.
    public static let minimumWidth = 20

    /// - Parameters:
    ///   - score: what to draw; all of it, whole bars (`BarGrid`).
    ///   - width: terminal columns to fill, >= 20.
    /// - Throws: `PictureError.tooNarrow` when `width < 20`.
    public init(score: Score, width: Int) throws(PictureError) {
        guard width >= Self.minimumWidth else { throw .tooNarrow(width: width, minimum: Self.minimumWidth) }
        self.score = score
        voices = RollVoice.voices(of: score)
        let drumNames = Set(score.allNotes.filter { $0.channel == 9 }.map(\.pitch)).map { DrumLaneNames.laneName(of: $0) }
        labelWidth = min(max(5, (drumNames.map(\.count).max() ?? 0) + 1), width / 3)
        columns = width - labelWidth
        let grid = BarGrid(score: score)
        firstTick = 0
        endTick = grid.bars.last!.end
    }

    /// The column holding `tick`.
    package func column(ofTick tick: Int) -> Int {
        Int(Double(tick - firstTick) * Double(columns) / Double(max(endTick - firstTick, 1)))
    }

    /// The lines of the roll, each exactly `width` cells wide (the label area then the time
    /// columns; plus escapes when `colour`), without trailing newlines; the legend lines come last.
    public func lines(colour: Bool) -> [String] {
        // Which voice sounds in each (pitch, column): the loudest note overlapping the column.
        var cells: [Int: [Int: (voice: Int, velocity: UInt8)]] = [:]   // pitch (drums: 1000 + key) -> column -> voice
        var voiceOf: [Int: Int] = [:]
        for v in voices { voiceOf[v.part << 4 | Int(v.channel)] = v.index }
        for (p, part) in score.parts.enumerated() {
            for n in part.notes {
                let row = n.channel == 9 ? 1000 + Int(n.pitch) : Int(n.pitch)
                let first = column(ofTick: n.start)
                // The last column the note overlaps (a zero-length note still takes its start column).
                let last = max(first, min(columns - 1, column(ofTick: max(n.end - 1, n.start))))
                for c in first...last where c < columns {
                    if cells[row]?[c].map({ $0.velocity < n.velocity }) ?? true {
                        cells[row, default: [:]][c] = (voiceOf[p << 4 | Int(n.channel)]!, n.velocity)
                    }
                }
            }
        }
        let grid = BarGrid(score: score)
        let barColumns = columns / max(grid.bars.count, 1) >= 4 ? Set(grid.bars.map { column(ofTick: $0.start) }) : []
        func pad(_ s: String) -> String {
            s.count >= labelWidth ? String(s.prefix(labelWidth - 1)) + " " : s + String(repeating: " ", count: labelWidth - s.count)
        }
        var painter = CellPainter(colour: colour)
        var lines: [String] = []

        // Bar numbers, each left-aligned at its bar's column when it fits.
        var header = [Character](repeating: " ", count: columns)
        var free = 0
        for bar in grid.bars {
            let c = column(ofTick: bar.start), text = Array(String(bar.number))
            guard c >= free, c + text.count <= columns else { continue }
            for (i, ch) in text.enumerated() { header[c + i] = ch }
            free = c + text.count + 1
        }
        lines.append(pad("bar") + String(header))

        // Pitch lines, two semitones per line (C#/C, D#/D, F/E, G/F#, A/G#, B/A#), from the line of
        // the highest note to that of the lowest; a note name at each C and on the bottom line.
        let melodic = score.allNotes.filter { $0.channel != 9 }.map { Int($0.pitch) }
        if let lo = melodic.min(), let hi = melodic.max() {
            func lineBottom(_ p: Int) -> Int { p / 12 * 12 + p % 12 / 2 * 2 }
            let bottom = lineBottom(lo)
            for lower in stride(from: lineBottom(hi), through: bottom, by: -2) {
                painter.reset()
                let label = lower % 12 == 0 || lower == bottom ? PitchName.name(of: UInt8(lower)) : ""
                var line = pad(label)
                for c in 0..<columns {
                    line += painter.cell(top: cells[lower + 1]?[c]?.voice, bottom: cells[lower]?[c]?.voice,
                                         barLine: barColumns.contains(c))
                }
                lines.append(line + painter.end())
            }
        }
        // Drum lanes, highest key on top.
        for row in cells.keys.filter({ $0 >= 1000 }).sorted(by: >) {
            painter.reset()
            var line = pad(DrumLaneNames.laneName(of: UInt8(row - 1000)))
            for c in 0..<columns {
                let v = cells[row]?[c]?.voice
                line += painter.cell(top: v, bottom: v, barLine: barColumns.contains(c))
            }
            lines.append(line + painter.end())
        }
        // Legend: "█ label" per voice, in as few lines as the width allows.
        var legendLine = ""
        var legendWidth = 0
        for v in voices {
            let entryWidth = 2 + v.label.count + 2
            if legendWidth > 0 && legendWidth + entryWidth > labelWidth + columns {
                lines.append(String(legendLine.dropLast(2)))
                legendLine = ""
                legendWidth = 0
            }
            painter.reset()
            legendLine += painter.cell(top: v.index, bottom: v.index, barLine: false) + painter.end() + " " + v.label + "  "
            legendWidth += entryWidth
        }
        if !legendLine.isEmpty { lines.append(String(legendLine.dropLast(2))) }
        return lines
    }

    /// The width of the terminal on standard output (ioctl TIOCGWINSZ), else `$COLUMNS`, else 80.
    public static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return 80
    }

    /// The roll as one string, lines joined with "\n" and a final newline.
    public func render(colour: Bool) -> String {
        lines(colour: colour).joined(separator: "\n") + "\n"
    }

    /// Turns a cell's two halves into a character and, with colour, the fewest SGR escapes.
    struct CellPainter {
        let colour: Bool
        private var current: (fg: Int?, bg: Int?) = (nil, nil)
        init(colour: Bool) { self.colour = colour }

        mutating func reset() { current = (nil, nil) }

        /// "\u{1B}[0m" when colours are on and some are set, else "".
        mutating func end() -> String {
            defer { current = (nil, nil) }
            return colour && (current.fg != nil || current.bg != nil) ? "\u{1B}[0m" : ""
        }

        mutating func cell(top: Int?, bottom: Int?, barLine: Bool) -> String {
            let ch: String, fg: Int?, bg: Int?
            switch (top, bottom) {
            case (nil, nil): ch = barLine ? "│" : " "; fg = barLine ? 244 : nil; bg = nil
            case (let t?, nil): ch = "▀"; fg = RollColour.voice(t).xterm256Index; bg = nil
            case (nil, let b?): ch = "▄"; fg = RollColour.voice(b).xterm256Index; bg = nil
            case (let t?, let b?) where t == b: ch = "█"; fg = RollColour.voice(t).xterm256Index; bg = nil
            case (let t?, let b?): ch = "▀"; fg = RollColour.voice(t).xterm256Index; bg = RollColour.voice(b).xterm256Index
            }
            guard colour, fg != current.fg || bg != current.bg else { return ch }
            var escape = "\u{1B}[0m"
            if let fg { escape += "\u{1B}[38;5;\(fg)m" }
            if let bg { escape += "\u{1B}[48;5;\(bg)m" }
            current = (fg, bg)
            return escape + ch
        }
    }
}
