import FileIO
import ModelKit
import Music
import Representations
import Foundation

/// Learned opening bars and fills of 4/4 grooves, by style: what `compose drums` starts from and
/// fills with without a primer (`DrumArrangement`). For each style label of the GMD (the top level
/// of `info.csv`'s `style`: "rock", "funk", "jazz" ...), the bars of the training split's beats
/// (not its fill files) that keep time (`DrumGrooveKeeper.keepsTime`), most common first, with how
/// often each was played; and the fills drummers played in those beats before a 4-bar boundary.
public struct DrumOpenings: ModelConfig, Hashable, Sendable {
    /// One opening bar: its 16 step sets (`DrumHits` raw values) and how many bars of the
    /// training beats of its style were exactly it.
    public struct Bar: Codable, Hashable, Sendable {
        /// The 16 steps of a 4/4 bar, each a 9-bit `DrumHits` raw value (0-511, 0 = rest).
        public var steps: [Int]
        /// How many bars of the training beats of its style were exactly this bar.
        public var count: Int
        /// A bar from its 16 step sets and its count; values are not checked here (the file's
        /// loader checks them).
        public init(steps: [Int], count: Int) { self.steps = steps; self.count = count }
    }

    /// The `format` string the file carries.
    public static let formatName = "LittleMozart drum openings"
    /// The file layout version (2: with `fills`).
    public static let currentVersion = 2
    /// The file's `format` string (``formatName``).
    public var format = DrumOpenings.formatName
    /// The file's layout version (``currentVersion``).
    public var version = DrumOpenings.currentVersion
    /// How the bars were computed, for people reading the file.
    public var source: String
    /// Style label -> its most common time-keeping bars, most common first.
    public var styles: [String: [Bar]]
    /// Style label -> the fills its drummers played (`learn`), most common first.
    public var fills: [String: [Bar]]

    /// Openings described by `source`, with the bars and fills of each style label.
    public init(source: String, styles: [String: [Bar]], fills: [String: [Bar]] = [:]) {
        self.source = source
        self.styles = styles
        self.fills = fills
    }

    /// The `source` of the shipped file.
    public static let shippedSource = "the train split of the GMD (info.csv split train): every bar of each 4/4 beat (not fill) file that strikes a hi-hat or ride on at least 4 steps, counted by the file's top-level style label; the 8 most common bars per style. Fills: in every whole 8-bar window of those beats, bars 4 and 8 when they are fills (Jaccard distance over 0.5 from their 4-bar group's medoid, as evaluate form measures), keep time and strike a tom at least 6 times"

    /// Least tom strikes in a learned fill: the drummers' fills that move around the kit. With
    /// 6 (8.6 toms a fill on average), 1.5 fills in 8 bars give the drummers' tom rate within
    /// 30% (docs/drums.md); with 4 (6.9 a fill) it fell short.
    public static let minimumFillToms = 6

    /// The style labels, sorted.
    public var styleNames: [String] { styles.keys.sorted() }

    /// The top-level style label of a GMD file path ("drummer1/session1/1_funk_80_beat_4-4.mid"
    /// -> "funk"; "…_jazz-funk_116_…" -> "jazz", as `info.csv`'s "jazz/funk"), nil for other names.
    public static func style(ofPath path: String) -> String? {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let fields = file.split(separator: "_")
        guard fields.count >= 5 else { return nil }
        return fields[1].split(separator: "-").first.map(String.init)
    }

    /// Whether a GMD file path names a beat (not a fill).
    static func isBeat(path: String) -> Bool { path.contains("_beat_") }

    /// Learns the openings from training grooves named by their GMD paths: every bar of the 4/4
    /// beats that keeps time, counted by style; the `perStyle` most common of each style. Fills:
    /// in every whole 8-bar window of those beats, bars 4 and 8 when they are fills
    /// (`DrumGrooveMetrics.fills`), keep time and strike a tom at least `minimumFillToms` times,
    /// counted by style (all of them).
    public static func learn(from grooves: [DrumGroove], perStyle: Int = 8, source: String) -> DrumOpenings {
        var counts: [String: [[Int]: Int]] = [:]
        var fillCounts: [String: [[Int]: Int]] = [:]
        for g in grooves where g.meter == .common && isBeat(path: g.name) {
            guard let style = style(ofPath: g.name) else { continue }
            let ids = g.ids
            func bar(_ b: Int) -> [Int] { Array(ids[(b * 16)..<(b * 16 + 16)]) }
            for b in 0..<g.bars where DrumGrooveKeeper.keepsTime(bar(b)) {
                counts[style, default: [:]][bar(b), default: 0] += 1
            }
            for w in 0..<(g.bars / 8) {
                let isFill = DrumGrooveMetrics.fills(g.bars((w * 8)..<(w * 8 + 8)), bars: 8)
                for b in [3, 7] where isFill[b] {
                    let fill = bar(w * 8 + b)
                    guard DrumGrooveKeeper.keepsTime(fill), DrumGrooveKeeper.tomStrikes(fill) >= minimumFillToms else { continue }
                    fillCounts[style, default: [:]][fill, default: 0] += 1
                }
            }
        }
        return DrumOpenings(source: source, styles: counts.mapValues { sortedBars($0).prefix(perStyle).map { $0 } },
                            fills: fillCounts.mapValues { sortedBars($0) })
    }

    /// Counted bars, most common first (then by their steps).
    static func sortedBars(_ counted: [[Int]: Int]) -> [Bar] {
        counted.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
            .map { Bar(steps: $0.key, count: $0.value) }
    }

    /// Reads an openings file.
    /// - Throws: `FileIOError` when unreadable; `ModelFileError` for malformed JSON.
    public static func load(from url: URL) throws -> DrumOpenings {
        try ModelFiles.read(DrumOpenings.self, from: url)
    }

    /// Writes the file atomically.
    public func save(to url: URL) throws {
        try ModelFiles.write(self, to: url)
    }
}
