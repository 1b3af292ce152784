import FileIO
import ModelKit
import Representations
import Foundation
import Music
import SMF

/// Everything `compose harmonize` needs: a chord HMM learned from lead sheets on a grid of two
/// chords per bar (`leadSheetGrid`; one chord per bar is decoded with it, changes only at bar lines),
/// a chord HMM learned from Bach chorales (one chord per beat) and Bach's voicing statistics.
public struct HarmonyModel: Sendable {
    /// Where the model learned from, for the model file and messages.
    public struct Provenance: Codable, Sendable, Equatable {
        /// The lead-sheet folder's name (its last path component).
        public var leadSheets: String
        /// Lead sheets trained on (after any held-out split).
        public var leadSheetCount: Int
        /// The chorale folder's name (its last path component).
        public var chorales: String
        /// Chorales trained on (after any held-out split).
        public var choraleCount: Int
        /// The held-out fraction left out of training and its seed (0 = trained on everything).
        public var heldOutFraction: Double
        /// Seed of the held-out split (`heldOutSplit`).
        public var splitSeed: UInt64

        public init(leadSheets: String, leadSheetCount: Int, chorales: String, choraleCount: Int, heldOutFraction: Double, splitSeed: UInt64) {
            self.leadSheets = leadSheets
            self.leadSheetCount = leadSheetCount
            self.chorales = chorales
            self.choraleCount = choraleCount
            self.heldOutFraction = heldOutFraction
            self.splitSeed = splitSeed
        }
    }

    /// The chords per bar `compose harmonize --style chords` offers.
    public static let chordsPerBarChoices = [1, 2]

    /// - Throws: `ParameterError` (`chordsPerBar`) unless `chordsPerBar` is one of `chordsPerBarChoices`.
    public static func checkChordsPerBar(_ chordsPerBar: Int) throws(ParameterError) {
        guard chordsPerBarChoices.contains(chordsPerBar) else {
            throw ParameterError("chordsPerBar", value: chordsPerBar, allowed: chordsPerBarChoices.map(String.init).joined(separator: " or "))
        }
    }
    /// The grid the lead-sheet model learns and decodes on: half bars.
    public static let leadSheetGrid = HarmonySlot.Grid.perBar(2)

    /// Learned from lead sheets on `leadSheetGrid`.
    package var leadSheetModel: ChordHMM
    /// Learned from the chorales, one chord per beat.
    package var choraleModel: ChordHMM
    /// Bach's voicing statistics, learned from the chorales.
    package var voicing: VoicingStatistics
    /// Where the model learned from.
    public var provenance: Provenance

    package init(leadSheetModel: ChordHMM, choraleModel: ChordHMM, voicing: VoicingStatistics, provenance: Provenance) {
        self.leadSheetModel = leadSheetModel
        self.choraleModel = choraleModel
        self.voicing = voicing
        self.provenance = provenance
    }

    /// Trains every part of the model by counting.
    /// - Throws: `ComposerError.noTrainingData` when the lead sheets or chorales give no chord.
    public static func train(leadSheets: [LeadSheet], chorales: [Chorale], provenance: Provenance) throws -> HarmonyModel {
        HarmonyModel(leadSheetModel: try ChordHMM(training: leadSheets.map { $0.example(grid: leadSheetGrid) }), choraleModel: try ChordHMM(training: chorales.map(\.example)),
                            voicing: VoicingStatistics(chorales: chorales), provenance: provenance)
    }

    struct File: ModelConfig {
        static let formatName = "LittleMozart harmony model"
        static let currentVersion = 2
        var format: String
        var version: Int
        var description: String
        var provenance: Provenance
        /// "major" / "minor" -> counts, on `leadSheetGrid`.
        var leadSheetCounts: [String: ChordHMM.Counts]
        var choraleCounts: [String: ChordHMM.Counts]
        var voicing: VoicingStatistics
    }

    static func fileCounts(_ hmm: ChordHMM) -> [String: ChordHMM.Counts] {
        Dictionary(uniqueKeysWithValues: hmm.counts.map { ($0.key.rawValue, $0.value) })
    }

    static func hmm(_ counts: [String: ChordHMM.Counts], _ what: String, file: String) throws(ModelFileError) -> ChordHMM {
        var byMode: [Key.Mode: ChordHMM.Counts] = [:]
        for (name, c) in counts {
            guard let mode = Key.Mode(rawValue: name) else { throw ModelFileError(file: file, .malformed("\(what): unknown mode \"\(name)\"")) }
            let n = ChordHMM.stateCount
            guard c.initial.count == n, c.final.count == n, c.transitions.count == 2, c.transitions.allSatisfy({ $0.count == n * n }),
                  c.emissions.count == n * 12 else {
                throw ModelFileError(file: file, .malformed("\(what) \(name): count tables of the wrong size"))
            }
            byMode[mode] = c
        }
        do { return try ChordHMM(counts: byMode) } catch { throw ModelFileError(file: file, .malformed("\(what): \(error)")) }
    }

    /// Writes the model's counts as JSON, atomically (`SMF.AtomicFile`).
    /// - Throws: `FileIOError` naming the path when it cannot be written.
    public func save(to url: URL) throws {
        let file = File(format: File.formatName, version: File.currentVersion,
                        description: "Chord HMMs (lead sheets on a half-bar grid, chorales one chord per beat; 48 key-relative chords: root above the tonic x major/minor/dominant 7th/diminished; counts of first and last chords, transitions into bar-start and mid-bar slots, melody pitch classes above the tonic per chord) and voicing statistics; probabilities are computed on load (see ChordHMM, VoicingStatistics).",
                        provenance: provenance,
                        leadSheetCounts: HarmonyModel.fileCounts(leadSheetModel),
                        choraleCounts: HarmonyModel.fileCounts(choraleModel), voicing: voicing)
        try ModelFiles.write(file, to: url, prettyPrinted: false)
    }

    /// Reads a model written by `save(to:)`.
    /// - Throws: `FileIOError` when the file cannot be read; `ModelFileError` naming the file for a
    ///   wrong format or version, malformed JSON or a count table of the wrong size.
    public static func load(from url: URL) throws -> HarmonyModel {
        let file = try ModelFiles.read(File.self, from: url)
        return HarmonyModel(leadSheetModel: try hmm(file.leadSheetCounts, "lead-sheet model", file: url.path),
                            choraleModel: try hmm(file.choraleCounts, "chorale model", file: url.path),
                            voicing: file.voicing, provenance: file.provenance)
    }
}
