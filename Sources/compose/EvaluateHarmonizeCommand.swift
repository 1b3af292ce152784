import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

/// The report of `compose evaluate harmonize`.
struct HarmonyEvaluationReport: Codable {
    struct ChordRow: Codable {
        var chordsPerBar: Int
        var sheets: Int
        var model: HarmonyMetrics.ChordAccuracy
        var tonicBaseline: HarmonyMetrics.ChordAccuracy
    }
    var split: String
    var leadSheets: [ChordRow]?
    var generated: HarmonyMetrics.FourPartReport?
    var bachHeldOut: HarmonyMetrics.FourPartReport?
    var bachAll: HarmonyMetrics.FourPartReport?
}

struct EvaluateHarmonizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonize",
        abstract: "Measure the harmonizer: chord accuracy on lead sheets, voice-leading rules on chorales.",
        discussion: """
            --corpus DIR may be given twice (lead sheets and chorales); each folder is recognized by its \
            files (four voices = chorales, melody + chord track = lead sheets). A model is trained on the \
            corpus minus a seeded held-out split (--held-out, --split-seed: the same split for both corpora) \
            and scored on the held-out pieces only.

            Lead sheets: per beat, the decoded chord against the lead sheet's chord at the beat (root; \
            root + quality family major/minor/dominant 7th/diminished), for 1 and 2 chords per bar, against \
            a baseline that always plays the key's tonic triad.

            Chorales: each held-out chorale's soprano is harmonized in four parts; rule violations per 100 \
            beats (parallel fifths, parallel octaves, voice crossing, spacing, ranges of alto/tenor/bass), \
            voice ranges and the share of diatonic chords, for the generated voices and for Bach's own \
            voices of the same chorales (and of all of DIR).
            """
    )

    @Option(parsing: .singleValue, help: "A folder of lead sheets or of chorales (give both with two --corpus).")
    var corpus: [String]

    @Option(name: .customLong("held-out"), help: "Held-out fraction scored (the rest trains the model).")
    var heldOut = 0.1

    @Option(name: .customLong("split-seed"), help: "Seed of the held-out split.")
    var splitSeed: UInt64 = 2024

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give --corpus DIR (lead sheets and/or chorales)") }
        guard heldOut > 0 && heldOut < 1 else { throw ValidationError("--held-out must be in (0, 1), got \(heldOut)") }
    }

    func run() throws {
        for dir in corpus { try InputFolder.require(dir, option: "--corpus") }
        var sheets: LeadSheetCorpus?
        var chorales: ChoraleCorpus?
        for dir in corpus {
            let url = URL(fileURLWithPath: dir)
            // Lead-sheet files have two parts: none of them reads as a chorale.
            if let c = try? ChoraleCorpus.load(directory: url), c.chorales.count > c.skipped.count {
                chorales = c
            } else {
                do { sheets = try LeadSheetCorpus.load(directory: url) } catch { throw ValidationError("--corpus \(dir): \(error)") }
            }
        }
        let split = String(format: "held-out %.0f%% (seed %llu); the model is trained on the rest", heldOut * 100, splitSeed)
        let sheetSplit = sheets?.split(heldOutFraction: heldOut, seed: splitSeed)
        let choraleSplit = chorales?.split(heldOutFraction: heldOut, seed: splitSeed)
        var report = HarmonyEvaluationReport(split: split)
        if let test = sheetSplit?.heldOut.sheets {
            let training = sheetSplit!.training.sheets
            let model = try ChordHMM(training: training.map { $0.example(grid: HarmonyModel.leadSheetGrid) })
            report.leadSheets = HarmonyModel.chordsPerBarChoices.map { n in
                let r = HarmonyMetrics.chordAccuracy(model: model, sheets: test, grid: HarmonyModel.leadSheetGrid,
                                                     changesOnlyAtBarLines: n == 1)
                return .init(chordsPerBar: n, sheets: test.count, model: r.model, tonicBaseline: r.tonicBaseline)
            }
        }
        if let choraleSplit, let all = chorales {
            let training = choraleSplit.training.chorales
            report.generated = HarmonyMetrics.generated(choraleSplit.heldOut.chorales, chordModel: try ChordHMM(training: training.map(\.example)),
                                                        voicing: VoicingStatistics(chorales: training))
            report.bachHeldOut = HarmonyMetrics.bach(choraleSplit.heldOut.chorales)
            report.bachAll = HarmonyMetrics.bach(all.chorales)
        }
        if json {
            print(try jsonText(report))
        } else {
            print(text(report))
        }
    }

    func text(_ r: HarmonyEvaluationReport) -> String {
        var lines = [r.split]
        if let rows = r.leadSheets {
            lines.append("")
            lines.append("Lead sheets: chord accuracy per beat (\(rows.first?.sheets ?? 0) held-out tunes, \(rows.first?.model.beats ?? 0) beats)")
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
            lines.append("Chorales: violations per 100 beats (\(g.pieces) held-out chorales, \(g.beats) beats; all of DIR: \(all.pieces) chorales, \(all.beats) beats)")
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
