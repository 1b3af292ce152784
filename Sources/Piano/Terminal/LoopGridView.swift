import Composer
import Music
import Representations

/// The loops grid as the screen draws it: each cell a small picture of its loop (melody: a contour
/// of its pitches over the two bars and the letters of its notes; drums: cymbals and hi-hats over
/// kick and snare), corners marked A-D, the selected cell in brackets (and reverse video), the
/// playing cell marked ▶ and a cell waiting for the next bar line marked ».
struct LoopGridView: Sendable, Hashable {
    var kind: LoopKind
    var size: Int
    /// The cells (row-major); empty while the first grid is computed.
    var tracks: [LoopTrack]
    var selected: Int
    var playing: Int?
    var queued: Int?
    /// "A phrase 3", "B take.mid", ... in corner order.
    var corners: [String]
    /// A line about the grid: "6 x 6 grid in 94 ms", "computing the grid...".
    var state: String

    /// Heights of the melody contour, low to high.
    static let levels = Array("▁▂▃▄▅▆▇█")

    /// At most `height` lines of at most `width` columns.
    func lines(width: Int, height: Int) -> [String] {
        var out = [Screen.bold + "Loops (\(kind.rawValue))" + Screen.reset
                   + "  arrows: choose the cell that loops (from the next bar line)   Esc: leave   \(state)"]
        out.append("Corners: " + corners.joined(separator: "   "))
        guard tracks.count == size * size else { return Array(out.prefix(height)) }
        let perRow = min(3, max(height - out.count, 0) / size)
        guard perRow > 0 else {
            out.append("(the terminal is too small for a \(size) x \(size) grid)")
            return Array(out.prefix(height))
        }
        let cellWidth = max(width / size, 6)
        let content = min(cellWidth - 4, 32)
        let (low, high) = pitchRange
        for r in 0..<size {
            var rows = [String](repeating: "", count: perRow)
            for c in 0..<size {
                let i = r * size + c
                let track = tracks[i]
                let pictures = kind == .melody ? melodyPicture(track, width: content, low: low, high: high) : drumPicture(track, width: content)
                let isSelected = i == selected
                let open = isSelected ? "[" : " ", close = isSelected ? "]" : " "
                let style = (isSelected ? Screen.reverse : "") + (i == playing ? Screen.litColour : "")
                let playMark = i == playing ? "▶ " : i == queued ? "» " : nil
                let cornerMark = corner(i).map { "\($0):" }
                for line in 0..<perRow {
                    let pad = String(repeating: " ", count: max(cellWidth - content - 4, 0))
                    guard line < 2 else { rows[line] += String(repeating: " ", count: content + 4) + pad; continue }
                    let mark = line == 0 ? playMark ?? (perRow == 1 ? cornerMark : nil) ?? "  " : cornerMark ?? "  "
                    let body = pictures[line]
                    rows[line] += open + mark + (style.isEmpty ? body : style + body + Screen.reset) + close + pad
                }
            }
            out += rows
        }
        return Array(out.prefix(height))
    }

    /// The corner letter of a cell, if it is a corner.
    func corner(_ cell: Int) -> Character? {
        [0, size - 1, size * (size - 1), size * size - 1].firstIndex(of: cell).map { Array("ABCD")[$0] }
    }

    /// The lowest and highest pitch of every cell (one scale for all contours).
    var pitchRange: (Int, Int) {
        let pitches = tracks.flatMap { $0.notes.map { Int($0.pitch) } }
        return (pitches.min() ?? 60, pitches.max() ?? 72)
    }

    /// The steps a column of a `width`-column picture of `steps` steps covers.
    static func columnSteps(_ column: Int, width: Int, steps: Int) -> Range<Int> {
        let s0 = column * steps / width
        return s0 ..< max((column + 1) * steps / width, s0 + 1)
    }

    /// Line 1: the pitch sounding in each column (a block whose height is the pitch between
    /// `low` and `high`; · for a rest); line 2: the letters of the notes, in order.
    func melodyPicture(_ track: LoopTrack, width: Int, low: Int, high: Int) -> [String] {
        var contour = ""
        for column in 0..<width {
            let steps = Self.columnSteps(column, width: width, steps: track.steps)
            let note = track.notes.first { steps.contains($0.start) }
                ?? track.notes.first { $0.start <= steps.lowerBound && steps.lowerBound < $0.start + $0.steps }
            guard let note else { contour.append("·"); continue }
            let level = high == low ? Self.levels.count / 2 : (Int(note.pitch) - low) * (Self.levels.count - 1) / (high - low)
            contour.append(Self.levels[level])
        }
        let letters = track.notes.map { PitchName.name(of: $0.pitch).filter { !$0.isNumber && $0 != "-" } }.joined()
        return [contour, Self.pad(letters, width)]
    }

    /// Line 1: crash or ride *, open hi-hat o, closed hi-hat x, a tom t; line 2: kick K, snare S,
    /// both B (· where nothing plays).
    func drumPicture(_ track: LoopTrack, width: Int) -> [String] {
        var top = "", bottom = ""
        for column in 0..<width {
            let steps = Self.columnSteps(column, width: width, steps: track.steps)
            let drums = Set(track.notes.filter { steps.contains($0.start) }.compactMap { DrumKit.drumClass(ofNote: $0.pitch) })
            top.append(drums.contains(.crash) || drums.contains(.ride) ? "*" : drums.contains(.openHiHat) ? "o"
                       : drums.contains(.closedHiHat) ? "x" : drums.contains(.lowTom) || drums.contains(.midTom) || drums.contains(.highTom) ? "t" : "·")
            bottom.append(drums.contains(.kick) && drums.contains(.snare) ? "B" : drums.contains(.kick) ? "K" : drums.contains(.snare) ? "S" : "·")
        }
        return [top, bottom]
    }

    /// `text` cut or padded with spaces to `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
