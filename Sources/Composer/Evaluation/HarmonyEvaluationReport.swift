import Representations
import Music

/// What `HarmonyEvaluation.run` measured: chord accuracy on lead sheets (per chords-per-bar
/// choice, against the tonic-triad baseline) and four-part writing on chorales (generated voices,
/// Bach's voices of the same chorales and of every chorale read).
public struct HarmonyEvaluationReport: Codable, Sendable {
    /// One chords-per-bar choice on the scored lead sheets.
    public struct ChordRow: Codable, Sendable {
        public var chordsPerBar: Int
        public var sheets: Int
        package var model: HarmonyMetrics.ChordAccuracy
        package var tonicBaseline: HarmonyMetrics.ChordAccuracy
    }
    /// Which pieces were scored and what model scored them, in words.
    public var split: String
    /// Nil without lead sheets.
    public var leadSheets: [ChordRow]?
    /// Nil without chorales.
    package var generated: HarmonyMetrics.FourPartReport?
    package var bachHeldOut: HarmonyMetrics.FourPartReport?
    package var bachAll: HarmonyMetrics.FourPartReport?

    /// Whether the pieces scored were held out of the model's training (false: every piece of
    /// the folders was scored with the shipped model). Not in the JSON; it words the text.
    public var heldOut = true

    enum CodingKeys: String, CodingKey { case split, leadSheets, generated, bachHeldOut, bachAll }

    public init(split: String, heldOut: Bool = true) {
        self.split = split
        self.heldOut = heldOut
    }

    /// The report as the tables `compose evaluate harmonize` prints.
    public var text: String {
        let r = self
        var lines = [r.split]
        let scored = heldOut ? "held-out" : "scored"
        if let rows = r.leadSheets {
            lines.append("")
            lines.append("Lead sheets: chord accuracy per beat (\(rows.first?.sheets ?? 0) \(scored) tunes, \(rows.first?.model.beats ?? 0) beats)")
            lines.append("| chords per bar | HMM root | HMM root+quality | tonic baseline root | tonic baseline root+quality | root gain (points) |")
            lines.append("|---|---|---|---|---|---|")
            for row in rows {
                lines.append(String(format: "| %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %+.1f |", row.chordsPerBar,
                                    row.model.rootAccuracy * 100, row.model.chordAccuracy * 100,
                                    row.tonicBaseline.rootAccuracy * 100, row.tonicBaseline.chordAccuracy * 100,
                                    (row.model.rootAccuracy - row.tonicBaseline.rootAccuracy) * 100))
            }
        }
        if let g = r.generated, let b = r.bachHeldOut, let all = r.bachAll {
            lines.append("")
            lines.append("Chorales: violations per 100 beats (\(g.pieces) \(scored) chorales, \(g.beats) beats; all of DIR: \(all.pieces) chorales, \(all.beats) beats)")
            lines.append("| rule | generated | Bach (same chorales) | Bach (all of DIR) | generated / Bach |")
            lines.append("|---|---|---|---|---|")
            let rules: [(String, (VoiceLeadingRules.Violations) -> Int)] = [
                ("parallel fifths", \.parallelFifths), ("parallel octaves", \.parallelOctaves), ("voice crossing", \.voiceCrossing),
                ("spacing > octave (S-A, A-T)", \.spacing), ("all voice-leading rules", \.voiceLeading),
                ("A/T/B notes out of range", \.range),
            ]
            for (name, count) in rules {
                let gen = g.per100Beats(count(g.violations)), bach = b.per100Beats(count(b.violations))
                lines.append(String(format: "| %@ | %.2f | %.2f | %.2f | %@ |", name, gen, bach, all.per100Beats(count(all.violations)),
                                    bach > 0 ? String(format: "%.2f", gen / bach) : "-"))
            }
            lines.append("")
            lines.append("| voice | generated range | Bach range (same chorales) | textbook range |")
            lines.append("|---|---|---|---|")
            for voice in Voice.allCases {
                func show(_ range: [Int]?) -> String {
                    range.map { "\(PitchName.name(of: UInt8($0[0])))-\(PitchName.name(of: UInt8($0[1]))) (\($0[0])-\($0[1]))" } ?? "-"
                }
                let book = [voice.range.lowerBound, voice.range.upperBound]
                lines.append("| \(voice.name) | \(show(g.ranges[voice.rawValue])) | \(show(b.ranges[voice.rawValue])) | \(show(book)) |")
            }
            lines.append("")
            lines.append(String(format: "Diatonic chords (per beat, reduced to root + family): generated %.1f%% of %d, Bach %.1f%% of %d (same chorales), %.1f%% (all of DIR)",
                                g.diatonicShare * 100, g.chords, b.diatonicShare * 100, b.chords, all.diatonicShare * 100))
            if let a = g.agreementWithBach {
                lines.append(String(format: "Generated chords vs Bach's at the same beats: root %.1f%%, root+quality %.1f%% of %d beats",
                                    a.rootAccuracy * 100, a.chordAccuracy * 100, a.beats))
            }
        }
        return lines.joined(separator: "\n")
    }
}
