import ArgumentParser
import Composer
import Representations
import Foundation

extension FormEvaluation.Kind: ExpressibleByArgument {}
extension FormEvaluation.Part: ExpressibleByArgument {}

/// `compose evaluate form`: real pieces and generated ones side by side (`Composer.FormEvaluation`).
struct EvaluateFormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "form",
        abstract: "Measure the form of real and generated melodies, grooves or four-part chorales side by side.",
        discussion: """
            The real pieces are the held-out part of --corpus (--held-out, --split-seed: the split the \
            other evaluate commands score; a drum folder with an info.csv uses its validation and test \
            grooves), or with --split train its training part (the rest; info.csv's train grooves), \
            where settings can be tuned without looking at the held-out pieces; every piece of each \
            --generated folder is measured alike, one column per folder.

            melody (first --bars bars, default 16): 2-bar units and bars equal to an earlier one, bars \
            equal to the bar 8 before, range, largest leap, leaps over an octave per 100 notes, the note \
            ending each 4-bar phrase (the longest note of its last bar: length; chord tone of the bar's \
            chord, estimated from the melody as the diatonic triad sounding longest, and as the \
            harmonizer decodes it with --harmony-model or the shipped model), the final note on the tonic, and the copy check: \
            the longest run of bars shared with any tune of --corpus (pitches relative to each tune's \
            tonic, so a copy in another key counts; a real tune is not checked against itself).

            drums (first --bars bars, default 8): bars keeping time (hi-hat or ride on at least 4 \
            steps), kick on beat 1, hits per bar by class, fills (bars whose Jaccard distance from the \
            medoid bar of their 4-bar group is above --fill-threshold) and where they fall.

            satb (whole pieces; parts named Soprano, Alto, Tenor, Bass, else the first four parts with \
            notes): notes per beat, notes off the beat and the longest held pitch per voice, bass \
            intervals, final bass on the tonic (the file's key signature), parallel fifths and octaves \
            per 100 beats.
            """
    )

    @Option(help: "What the folders hold: melody, drums or satb.")
    var kind: FormEvaluation.Kind

    @Option(help: "Folder of real pieces; its held-out part is the \"real\" column.")
    var corpus: String

    @Option(help: "A folder of generated pieces (repeat for several; one column each).")
    var generated: [String] = []

    @OptionGroup var split: SplitOptions<FormEvaluationSplit>

    @Option(name: .customLong("split"), help: "Which part of the split the real pieces are: held-out or train.")
    var part = FormEvaluation.Part.heldOut

    @Option(help: "Bars measured from the start of each melody or groove (default 16 melody, 8 drums; satb: whole pieces).")
    var bars: Int?

    @Option(help: "Keep only the real pieces whose path contains this text (repeat for several), e.g. reels.")
    var only: [String] = []

    @Option(name: .customLong("fill-threshold"), help: "drums: Jaccard distance from the groove above which a bar is a fill.")
    var fillThreshold = 0.5

    @Option(name: .customLong("harmony-model"), help: "melody: harmony model JSON whose chords also judge phrase endings (default: the shipped Models/harmony.json when found).")
    var harmonyModel: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Print the table as Markdown.")
    var markdown = false

    @Flag(name: .shortAndLong, help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        try split.check(zeroAllowed: true)
        if part == .train, split.heldOut == 0 {
            throw ValidationError("--held-out must be above 0 with --split train (the training part is the rest), got \(split.heldOut)")
        }
        if let bars, !FormEvaluation.barsRange.contains(bars) {
            throw ValidationError("--bars must be \(FormEvaluation.barsRange.lowerBound)...\(FormEvaluation.barsRange.upperBound), got \(bars)")
        }
        guard (0...1).contains(fillThreshold) else { throw ValidationError("--fill-threshold must be 0...1, got \(fillThreshold)") }
    }

    func run() throws {
        try InputFolder.require(corpus, option: "--corpus")
        for folder in generated { try InputFolder.require(folder, option: "--generated") }
        var options = FormEvaluation.Options(kind: kind)
        options.bars = bars
        options.split = .heldOutOrAll(fraction: split.heldOut, seed: split.splitSeed)
        options.part = part
        options.only = only
        options.fillThreshold = fillThreshold
        if kind == .melody {
            if let harmonyModel {
                options.harmony = try loadingModel(.harmony) { try ModelCatalog.loadHarmony(from: URL(fileURLWithPath: harmonyModel)) }
            } else {
                options.harmony = try? ModelCatalog.loadHarmony()
            }
        }
        let report: FormEvaluationReport
        do {
            report = try FormEvaluation.run(corpus: URL(fileURLWithPath: corpus), generated: generated.map { URL(fileURLWithPath: $0) },
                                            options: options) { if !json && !quiet { printError($0) } }
        } catch EvaluationError.nothingHeldOut {
            throw ValidationError("--corpus \(corpus): no held-out \(kind) pieces" + (only.isEmpty ? "" : " matching --only"))
        } catch EvaluationError.nothingInTraining {
            throw ValidationError("--corpus \(corpus): no training \(kind) pieces" + (only.isEmpty ? "" : " matching --only"))
        }
        print(json ? try jsonText(report) : markdown ? report.markdown : report.text)
    }
}

/// compose evaluate form.
enum FormEvaluationSplit: SplitStyle {
    static let heldOutHelp = "The real pieces: this held-out fraction of --corpus; 0 = all of it."
    static let defaultHeldOut = DataSplit.defaultFraction
    static let splitSeedHelp = "Seed of the held-out split."
}
