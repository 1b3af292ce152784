import ModelKit
import Representations

/// How a 4/4 groove without a primer is laid out, from the learned openings and fills
/// (`DrumOpenings`): its opening bar, the bars that hold a learned fill, and the bars whose
/// downbeat has a crash. `DrumStepModel.compose` plays the opening as bar 1, each fill in its bar,
/// and lets the model play every other step, kept in time by `DrumGrooveKeeper`.
public struct DrumArrangement: Hashable, Sendable {
    /// The style label the opening and fills come from ("rock", "funk" ...).
    public var style: String
    /// Bar 1: 16 step sets (`DrumHits` raw values, 0-511), a crash added on its downbeat when
    /// `crashBars` holds bar 0.
    public var opening: [Int]
    /// 0-based bar index -> the learned fill played there, 16 step sets (`DrumHits` raw values).
    public var fills: [Int: [Int]]
    /// 0-based bars whose downbeat strikes a crash: the first bar of each 4-bar phrase (0, 4,
    /// 8 ...: bar 1, and the bars after the places of fills).
    public var crashBars: Set<Int>

    /// An arrangement of its parts (not checked: `DrumStepModel.compose` ignores fills and crash
    /// bars past the groove's end).
    public init(style: String, opening: [Int], fills: [Int: [Int]], crashBars: Set<Int>) {
        self.style = style
        self.opening = opening
        self.fills = fills
        self.crashBars = crashBars
    }

    /// The share of bars before a 4-bar boundary that is not also an 8-bar one (bars 4, 12 ...)
    /// that hold a fill; every bar before an 8-bar boundary (bars 8, 16 ...) holds one. With
    /// these, 1.5 bars in 8 are fills (18.8%; the drummers' validation grooves: 18.6%).
    public static let fourBarFillShare = 0.5

    /// Whether the 0-based bar `bar` is one before an 8-bar boundary (bars 8, 16 ...), where a
    /// fill always comes, or before a 4-bar one (bars 4, 12 ...), where one comes at
    /// `fourBarFillShare`.
    static func fillPlace(bar: Int) -> (eightBar: Bool, fourBar: Bool) {
        ((bar + 1) % 8 == 0, (bar + 1) % 4 == 0)
    }
}

extension DrumOpenings {
    /// Lays out a groove of `bars` bars (seeded): an opening bar drawn from `style`'s bars (every
    /// style's when nil; the style is then the drawn bar's), in proportion to how often drummers
    /// played each; a fill in every bar before an 8-bar boundary and, at
    /// `DrumArrangement.fourBarFillShare`, before a 4-bar one, drawn from the style's learned fills (every style's when
    /// it has none); a crash on the downbeat of the first bar of each 4-bar phrase (1, 5, 9 ...),
    /// where drummers land after a fill.
    /// - Throws: `ComposerError.unknownStyle` for a style the openings do not hold.
    public func arrangement(style: String?, bars: Int, seed: UInt64) throws -> DrumArrangement {
        var rng = SeededGenerator(seed: seed ^ 0x0BE2_1A65)
        let (chosenStyle, opening) = try drawOpening(style: style, rng: &rng)
        let pool = fills[chosenStyle].flatMap { $0.isEmpty ? nil : $0 } ?? styleNames.flatMap { fills[$0] ?? [] }
        var fillBars: [Int: [Int]] = [:]
        let crashBars = Set(stride(from: 0, to: max(bars, 1), by: 4))
        for b in 1..<max(bars, 1) {
            let place = DrumArrangement.fillPlace(bar: b)
            guard place.fourBar, !pool.isEmpty else { continue }
            // One draw per candidate bar, so a bar's choice does not shift the later ones.
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let fill = Self.draw(pool, rng: &rng)
            guard place.eightBar || u < DrumArrangement.fourBarFillShare else { continue }
            fillBars[b] = fill.steps
        }
        var first = opening.steps
        first[0] |= DrumHits.crash.rawValue
        return DrumArrangement(style: chosenStyle, opening: first, fills: fillBars, crashBars: crashBars)
    }

    /// A bar of `style` (every style's when nil) drawn in proportion to the counts, with its style.
    func drawOpening(style: String?, rng: inout SeededGenerator) throws -> (style: String, bar: Bar) {
        let bars: [(style: String, bar: Bar)]
        if let style {
            guard let b = styles[style] else { throw ComposerError.unknownStyle(style, known: styleNames) }
            bars = b.map { (style, $0) }
        } else {
            bars = styleNames.flatMap { name in styles[name]!.map { (name, $0) } }
        }
        guard !bars.isEmpty else { throw ComposerError.unknownStyle(style ?? "", known: styleNames) }
        let i = Self.drawIndex(bars.map(\.bar.count), rng: &rng)
        return bars[i]
    }

    /// One of `bars`, drawn in proportion to their counts.
    static func draw(_ bars: [Bar], rng: inout SeededGenerator) -> Bar {
        bars[drawIndex(bars.map(\.count), rng: &rng)]
    }

    /// An index drawn in proportion to `counts` (the first when they sum to 0).
    static func drawIndex(_ counts: [Int], rng: inout SeededGenerator) -> Int {
        let total = counts.reduce(0, +)
        var r = Int(rng.next() % UInt64(max(1, total)))
        for (i, c) in counts.enumerated() {
            if r < c { return i }
            r -= c
        }
        return 0
    }
}
