import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct EvaluateHarmonizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonize",
        abstract: "Measure the harmonizer: chord accuracy on lead sheets, voice-leading rules on chorales.",
        discussion: """
            --corpus DIR may be given twice (lead sheets and chorales); each folder is recognized by its \
            files (four voices = chorales, melody + chord track = lead sheets). A model is trained on the \
            corpus minus a seeded held-out split (--held-out, --split-seed: the same split for both corpora) \
            and scored on the held-out pieces only; with --held-out 0 every piece is scored with the \
            shipped model (Models/harmony.json, or --model-file).

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

    @OptionGroup var split: SplitOptions<HarmonyEvaluationSplit>

    @Option(name: .customLong("model-file"), help: "With --held-out 0: the harmony model JSON (default: the shipped Models/harmony.json).")
    var modelFile: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give --corpus DIR (lead sheets and/or chorales)") }
        try split.check(zeroAllowed: true)
    }

    func run() throws {
        var sheets: LeadSheetCorpus?, chorales: ChoraleCorpus?
        for dir in corpus {
            try InputFolder.require(dir, option: "--corpus")
            switch try Result(catching: { try HarmonyEvaluation.Corpus.load(directory: URL(fileURLWithPath: dir)) })
                .mapError({ ValidationError("--corpus \(dir): \($0)") }).get() {
            case .leadSheets(let s): sheets = s
            case .chorales(let c): chorales = c
            }
        }
        var model: HarmonyModel?
        if split.heldOut == 0 {
            model = try loadingModel(.harmony) { try ModelCatalog.loadHarmony(from: modelFile.map { URL(fileURLWithPath: $0) }) }
        }
        let report = try HarmonyEvaluation.run(leadSheets: sheets, chorales: chorales, split: .heldOutOrAll(fraction: split.heldOut, seed: split.splitSeed), model: model)
        print(json ? try jsonText(report) : report.text)
    }
}
