import Music

/// A rectangle in picture coordinates: pixels from the top-left corner, y down.
package struct PictureRect: Sendable, Hashable {
    package var x: Double
    package var y: Double
    package var width: Double
    package var height: Double
    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    package var maxX: Double { x + width }
    package var maxY: Double { y + height }
}

/// What to draw and where, for a piano-roll picture of a score: every coordinate in pixels, computed
/// here (pure Swift, no drawing), so the cairo layer (`PianoRollPicture`) only paints it.
///
/// From top to bottom: an optional title, a row of bar numbers, a row of tempo markers, a row of
/// key and time-signature markers, the pitch rows (highest pitch on top, whole octaves C...B around
/// the melodic notes; keyboard and note names at the left), the drum lanes (channel 10, one per GM
/// percussion key used, highest key on top so the kick sits at the bottom), then the legend (one
/// colour per track/channel with its GM instrument name). Time runs left to right, linear in ticks.
public struct PianoRollLayout: Sendable {
    /// Layout settings; all lengths in pixels.
    public struct Options: Sendable, Hashable {
        /// Picture width, >= 240.
        public var width: Int
        /// 1-based inclusive bar range to show; nil for the whole score.
        public var bars: ClosedRange<Int>?
        /// Height of one semitone row.
        public var rowHeight: Double
        /// Height of one drum lane.
        public var laneHeight: Double
        /// A title line on top (e.g. the file name), or nil for none.
        public var title: String?

        /// Options with the given width (pixels), bar range (1-based, inclusive), row and lane
        /// heights (pixels) and title.
        public init(width: Int = 1200, bars: ClosedRange<Int>? = nil, rowHeight: Double = 8, laneHeight: Double = 12,
                    title: String? = nil) {
            self.width = width
            self.bars = bars
            self.rowHeight = rowHeight
            self.laneHeight = laneHeight
            self.title = title
        }
    }

    /// One note's rectangle.
    package struct NoteBox: Sendable, Hashable {
        package var rect: PictureRect
        /// Index into `voices`.
        package var voice: Int
        /// Fill opacity from the note-on velocity: `0.3 + 0.7 * velocity / 127`.
        package var opacity: Double
        package var note: Note
    }

    /// One semitone row of the keyboard axis.
    package struct PitchRow: Sendable, Hashable {
        /// MIDI note 0-127.
        package var pitch: UInt8
        /// The row's band across the plot, from the left of the keyboard to the right edge.
        package var rect: PictureRect
        /// C#, D#, F#, G#, A#: drawn as a black key with a shaded row.
        package var isBlackKey: Bool
        /// Note name shown at the left ("C4"): every C, or every pitch when rows are >= 12 px high.
        package var label: String?
    }

    /// One drum lane: a GM percussion key on channel 10.
    package struct DrumLane: Sendable, Hashable {
        package var key: UInt8
        /// Short lane name ("kick", "snare", "closed hi-hat"; see `DrumLaneNames`).
        package var name: String
        package var rect: PictureRect
    }

    /// A vertical grid line at a bar or beat start.
    package struct GridLine: Sendable, Hashable {
        package enum Kind: Sendable, Hashable { case bar, beat }
        package var kind: Kind
        package var tick: Int
        package var x: Double
        /// The bar number written above a bar line, when there is room for it (every 1, 2, 4 ...
        /// bars); such bar lines are drawn darker than the others.
        package var label: String?
    }

    /// A tempo, key or time-signature change, drawn as a tick mark in its marker row with a label.
    package struct Marker: Sendable, Hashable {
        package enum Kind: Sendable, Hashable { case tempo, key, meter }
        package var kind: Kind
        package var tick: Int
        package var x: Double
        /// "120 bpm", "G major", "6/8".
        package var text: String
        /// Baseline y of the label and of the tick mark's bottom.
        package var y: Double
        /// Where the label starts (4 px right of the mark, or after the previous label at the same place).
        package var labelX: Double
        /// False when the label would start over 40 px from its mark (the mark is still drawn).
        package var labelled: Bool
    }

    /// One legend line: a colour swatch and the voice's label.
    package struct LegendEntry: Sendable, Hashable {
        package var voice: Int
        package var swatch: PictureRect
        package var text: String
        /// Baseline origin of the text.
        package var textX: Double
        package var textY: Double
    }

    /// Picture width in pixels (`Options.width`).
    public let width: Int
    /// Picture height in pixels: title, marker rows, pitch rows, drum lanes and legend.
    public let height: Int
    /// The notes' region: x from the first shown tick to the last, y from the top pitch row to the
    /// bottom drum lane.
    package let plot: PictureRect
    /// The keyboard strip left of the plot (key shapes; note names are left of it).
    package let keyboard: PictureRect
    package let firstTick: Int
    /// One past the last shown tick.
    package let endTick: Int
    /// Horizontal scale: `plot.width / (endTick - firstTick)`.
    package let pixelsPerTick: Double
    package let voices: [RollVoice]
    package let notes: [NoteBox]
    package let rows: [PitchRow]
    package let lanes: [DrumLane]
    package let grid: [GridLine]
    package let markers: [Marker]
    package let legend: [LegendEntry]
    /// The title's baseline origin and text.
    package let title: (text: String, x: Double, y: Double)?

    // Fixed metrics, in pixels.
    package static let margin = 8.0
    package static let titleHeight = 20.0
    package static let markerRowHeight = 14.0
    package static let labelFontSize = 9.0
    package static let titleFontSize = 12.0
    package static let keyWidth = 16.0
    package static let legendRowHeight = 16.0
    /// Narrowest picture in pixels; a narrower `Options.width` throws `PictureError.tooNarrow`.
    public static let minimumWidth = 240
    /// Narrowest note: shorter notes (and zero-length drum hits) are widened to this.
    package static let minimumNoteWidth = 2.0
    package static let minimumDrumHitWidth = 3.0

    /// An estimate of a label's width in the sans-serif font the pictures use (DejaVu Sans averages
    /// about 0.6 em per character), used to keep labels apart without measuring fonts.
    package static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// Computes the layout of `score`.
    /// - Throws: `PictureError.tooNarrow` when `options.width < 240`; `PictureError.barRange` when
    ///   `options.bars` is not within the score's bars (`BarGrid`).
    public init(score: Score, options: Options = Options()) throws(PictureError) {
        guard options.width >= Self.minimumWidth else {
            throw .tooNarrow(width: options.width, minimum: Self.minimumWidth)
        }
        let grid = BarGrid(score: score)
        let tpq = score.ticksPerQuarter
        var range = 1...grid.bars.count
        if let bars = options.bars {
            guard bars.lowerBound >= 1, bars.upperBound <= grid.bars.count else {
                throw .barRange(first: bars.lowerBound, last: bars.upperBound, barCount: grid.bars.count)
            }
            range = bars
        }
        let shownBars = Array(grid.bars[(range.lowerBound - 1)...(range.upperBound - 1)])
        let firstTick = shownBars.first!.start, endTick = shownBars.last!.end
        self.firstTick = firstTick
        self.endTick = endTick
        width = options.width
        let m = Self.margin

        // Voices and the notes in the window.
        let allVoices = RollVoice.voices(of: score)
        voices = allVoices
        var voiceOf: [Int: Int] = [:]   // part << 4 | channel -> voice index
        for v in allVoices { voiceOf[v.part << 4 | Int(v.channel)] = v.index }
        var shown: [(note: Note, voice: Int)] = []
        for (p, part) in score.parts.enumerated() {
            for n in part.notes where n.start < endTick && (n.end > firstTick || n.start >= firstTick) {
                shown.append((n, voiceOf[p << 4 | Int(n.channel)]!))
            }
        }
        let melodic = shown.filter { $0.note.channel != 9 }.map(\.note.pitch)
        let drumKeys = Set(shown.filter { $0.note.channel == 9 }.map(\.note.pitch)).sorted(by: >)
        var lowPitch = 0, highPitch = -1
        if let lo = melodic.min(), let hi = melodic.max() {
            lowPitch = Int(lo) / 12 * 12
            highPitch = min(127, Int(hi) / 12 * 12 + 11)
        } else if drumKeys.isEmpty {
            (lowPitch, highPitch) = (60, 71)      // nothing to show: one empty octave from C4
        }

        // Horizontal: labels, keyboard, plot.
        let rowLabelsEvery = options.rowHeight >= 12
        var axisLabels = drumKeys.map { DrumLaneNames.laneName(of: $0) }
        if highPitch >= lowPitch { axisLabels.append("C#10") }
        let labelWidth = (axisLabels.map { Self.textWidth($0, fontSize: Self.labelFontSize) }.max() ?? 0) + 6
        let keyboardX = m + labelWidth, keyboardWidth = highPitch >= lowPitch ? Self.keyWidth : 0
        let plotX = keyboardX + keyboardWidth + 2
        let plotWidth = Double(options.width) - m - plotX
        let pixelsPerTick = plotWidth / Double(max(endTick - firstTick, 1))
        self.pixelsPerTick = pixelsPerTick
        func x(_ tick: Int) -> Double { plotX + Double(tick - firstTick) * pixelsPerTick }

        // Vertical: title, bar numbers, tempo markers, signature markers, rows, lanes, legend.
        var y = m
        if let text = options.title {
            title = (text, m, y + Self.titleFontSize)
            y += Self.titleHeight
        } else {
            title = nil
        }
        let barNumberBaseline = y + Self.labelFontSize + 1
        let tempoBaseline = barNumberBaseline + Self.markerRowHeight
        let signatureBaseline = tempoBaseline + Self.markerRowHeight
        let rollTop = signatureBaseline + 5
        var rows: [PitchRow] = []
        if highPitch >= lowPitch {
            for pitch in stride(from: highPitch, through: lowPitch, by: -1) {
                let top = rollTop + Double(highPitch - pitch) * options.rowHeight
                let pc = pitch % 12
                rows.append(PitchRow(pitch: UInt8(pitch),
                                     rect: PictureRect(x: keyboardX, y: top, width: Double(options.width) - m - keyboardX, height: options.rowHeight),
                                     isBlackKey: [1, 3, 6, 8, 10].contains(pc),
                                     label: pc == 0 || rowLabelsEvery ? PitchName.name(of: UInt8(pitch)) : nil))
            }
        }
        self.rows = rows
        let lanesTop = rollTop + Double(rows.count) * options.rowHeight + (rows.isEmpty || drumKeys.isEmpty ? 0 : 4)
        lanes = drumKeys.enumerated().map { i, key in
            DrumLane(key: key, name: DrumLaneNames.laneName(of: key),
                     rect: PictureRect(x: m, y: lanesTop + Double(i) * options.laneHeight,
                                       width: Double(options.width) - 2 * m, height: options.laneHeight))
        }
        let rollBottom = lanesTop + Double(drumKeys.count) * options.laneHeight
        plot = PictureRect(x: plotX, y: rollTop, width: plotWidth, height: rollBottom - rollTop)
        keyboard = PictureRect(x: keyboardX, y: rollTop, width: keyboardWidth, height: Double(rows.count) * options.rowHeight)

        // Notes.
        var rowTop: [Int: Double] = [:]
        for r in rows { rowTop[Int(r.pitch)] = r.rect.y }
        var laneTop: [UInt8: Double] = [:]
        for l in lanes { laneTop[l.key] = l.rect.y }
        notes = shown.map { n, voice in
            let drum = n.channel == 9
            let left = x(max(n.start, firstTick))
            let right = x(min(n.end, endTick))
            let minimum = drum ? Self.minimumDrumHitWidth : Self.minimumNoteWidth
            let top = drum ? laneTop[n.pitch]! + 2 : rowTop[Int(n.pitch)]! + 0.5
            let h = drum ? options.laneHeight - 4 : options.rowHeight - 1
            // Notes 4 px or wider end 1 px early, so that repeated notes stay apart.
            let span = right - left >= 4 ? right - left - 1 : right - left
            return NoteBox(rect: PictureRect(x: left, y: top, width: max(span, minimum), height: h),
                           voice: voice, opacity: 0.3 + 0.7 * Double(n.velocity) / 127, note: n)
        }

        // Bar and beat lines; bar numbers every 1, 2, 4 ... bars so that they stay >= 28 px apart.
        let meanBarWidth = Double(endTick - firstTick) * pixelsPerTick / Double(shownBars.count)
        var every = 1
        while Double(every) * meanBarWidth < 28 { every *= 2 }
        var lines: [GridLine] = []
        for bar in shownBars {
            let numbered = (bar.number - 1) % every == 0
            // Bars under 4 px wide get only their numbered lines (a file may hold a million bars).
            guard numbered || meanBarWidth >= 4 else { continue }
            lines.append(GridLine(kind: .bar, tick: bar.start, x: x(bar.start), label: numbered ? String(bar.number) : nil))
            let beatTicks = bar.beatLength(ticksPerQuarter: tpq)
            if Double(beatTicks) * pixelsPerTick >= 6 {
                for beat in bar.beatStarts(ticksPerQuarter: tpq).dropFirst() {
                    lines.append(GridLine(kind: .beat, tick: beat, x: x(beat), label: nil))
                }
            }
        }
        lines.append(GridLine(kind: .bar, tick: endTick, x: x(endTick), label: nil))
        self.grid = lines

        // Markers: the tempo, key and meter in force at the first tick, then every change in the window.
        func inForce<T>(_ items: [T], tick: (T) -> Int) -> [T] {
            let before = items.last { tick($0) <= firstTick }
            return (before.map { [$0] } ?? []) + items.filter { tick($0) > firstTick && tick($0) < endTick }
        }
        var tempoMarks: [(Int, String)] = inForce(score.tempoChanges, tick: \.tick).map { change in
            (max(change.tick, firstTick), "\(Int(change.bpm.rounded())) bpm")
        }
        if case .ticksPerQuarter = score.division, !score.tempoChanges.contains(where: { $0.tick <= firstTick }) {
            tempoMarks.insert((firstTick, "120 bpm"), at: 0)     // the SMF default until the first Set Tempo
        }
        var signatureMarks: [(Int, Marker.Kind, String)] = []
        for k in inForce(score.keySignatures, tick: \.tick) { signatureMarks.append((max(k.tick, firstTick), .key, k.key.description)) }
        for t in inForce(score.timeSignatures, tick: \.tick) {
            signatureMarks.append((max(t.tick, firstTick), .meter, "\(t.numerator)/\(t.denominator)"))
        }
        signatureMarks.sort { ($0.0, $0.1 == .meter ? 0 : 1) < ($1.0, $1.1 == .meter ? 0 : 1) }
        var markers: [Marker] = []
        // A label starts 4 px right of its mark, or after the previous label in its row when that
        // is at most 40 px further; at the right edge it ends 4 px left of its mark instead. A label
        // that cannot be placed so is left out.
        let rightEdge = Double(options.width) - m
        func place(_ items: [(tick: Int, kind: Marker.Kind, text: String)], baseline: Double) {
            var free = -Double.infinity
            for item in items {
                let mx = x(item.tick), textWidth = Self.textWidth(item.text, fontSize: Self.labelFontSize)
                var labelX = max(mx + 4, free)
                var fits = labelX - mx <= 40
                if labelX + textWidth > rightEdge {
                    labelX = mx - 4 - textWidth
                    fits = labelX >= free
                }
                if fits { free = labelX + textWidth + 8 }
                markers.append(Marker(kind: item.kind, tick: item.tick, x: mx, text: item.text, y: baseline,
                                      labelX: labelX, labelled: fits))
            }
        }
        place(tempoMarks.map { ($0.0, .tempo, $0.1) }, baseline: tempoBaseline)
        place(signatureMarks.map { ($0.0, $0.1, $0.2) }, baseline: signatureBaseline)
        self.markers = markers

        // Legend, flowed in rows under the roll.
        var legend: [LegendEntry] = []
        var lx = m, ly = rollBottom + 8
        for v in allVoices {
            let w = 14 + Self.textWidth(v.label, fontSize: Self.labelFontSize + 1) + 16
            if lx > m && lx + w > Double(options.width) - m {
                lx = m
                ly += Self.legendRowHeight
            }
            legend.append(LegendEntry(voice: v.index, swatch: PictureRect(x: lx, y: ly + 2, width: 10, height: 10),
                                      text: v.label, textX: lx + 14, textY: ly + 11))
            lx += w
        }
        self.legend = legend
        height = Int((legend.isEmpty ? rollBottom : ly + Self.legendRowHeight) + m)
    }

    /// The x of `tick` (may lie outside the plot for ticks outside the window).
    package func x(ofTick tick: Int) -> Double { plot.x + Double(tick - firstTick) * pixelsPerTick }
}
