import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation

struct TrainHarmonyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmony",
        abstract: "Train the harmony model (chord HMMs and voicing statistics) from lead sheets and four-part chorales.",
        discussion: """
            Counts only (a few seconds): chord HMMs for 1 and 2 chords per bar from the lead sheets \
            (melody + chord track), a chord-per-beat HMM and Bach's voicing statistics from the chorales. \
            --held-out F leaves out the seeded split that `compose evaluate harmonize` scores.
            """
    )

    @Option(help: "Folder of lead sheets (melody track + chord track), e.g. ../shared/corpus/leadsheets.")
    var leadsheets: String

    @Option(help: "Folder of four-part chorales (Soprano, Alto, Tenor, Bass tracks), e.g. ../shared/corpus/chorales.")
    var chorales: String

    @OptionGroup var split: SplitOptions<HarmonyTrainingSplit>

    @Option(help: "Where to write the model JSON (default Models/harmony.json).")
    var out: String?

    func validate() throws {
        try split.check(zeroAllowed: true)
    }

    func run() throws {
        try InputFolder.require(leadsheets, option: "--leadsheets")
        try InputFolder.require(chorales, option: "--chorales")
        let out = self.out ?? ShippedModel.harmony.defaultTrainingOutput
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: self.out == nil, corpora: [("--leadsheets", leadsheets), ("--chorales", chorales)])
        let start = Date()
        var sheets = try LeadSheetCorpus.load(directory: URL(fileURLWithPath: leadsheets))
        var choraleCorpus = try ChoraleCorpus.load(directory: URL(fileURLWithPath: chorales))
        for s in sheets.skipped { printError("skipped \(s.path): \(s.reason)") }
        for s in choraleCorpus.skipped { printError("skipped \(s.path): \(s.reason)") }
        let (heldOut, splitSeed) = (split.heldOut, split.splitSeed)
        if heldOut > 0 {
            sheets = LeadSheetCorpus(sheets: try sheets.split(.heldOut(fraction: heldOut, seed: splitSeed)).training)
            choraleCorpus = ChoraleCorpus(chorales: try choraleCorpus.split(.heldOut(fraction: heldOut, seed: splitSeed)).training)
        }
        let provenance = HarmonyModel.Provenance(
            leadSheets: URL(fileURLWithPath: leadsheets).standardizedFileURL.lastPathComponent, leadSheetCount: sheets.sheets.count,
            chorales: URL(fileURLWithPath: chorales).standardizedFileURL.lastPathComponent, choraleCount: choraleCorpus.chorales.count,
            heldOutFraction: heldOut, splitSeed: splitSeed)
        let model = try HarmonyModel.train(leadSheets: sheets.sheets, chorales: choraleCorpus.chorales, provenance: provenance)
        try writing("model", out) { try model.save(to: URL(fileURLWithPath: out)) }
        print(String(format: "%@: trained on %d lead sheets and %d chorales (%d voiced beats) in %.1f s",
                     out, sheets.sheets.count, choraleCorpus.chorales.count, model.voicing.beats, Date().timeIntervalSince(start)))
    }
}
