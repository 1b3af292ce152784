import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite struct EvaluationNLLReportTests {
    @Test func addsPredictionsMergesAndDivides() {
        var r = NLLReport()
        r.sequences = 1
        r.add(distribution: [0.5, 0.25, 0.25], actual: 0)   // argmax hit, ln 2
        r.add(distribution: [0.5, 0.25, 0.25], actual: 2)   // miss, ln 4
        r.add(distribution: [0.2, 0.4, 0.4], actual: 2)     // a tie goes to the first largest: miss
        #expect(r.steps == 3 && r.correct == 1)
        #expect(abs(r.totalNats - (log(2) + log(4) + log(2.5))) < 1e-12)
        var tokens = NLLReport(sequences: 2)
        tokens.add(logProbability: -3, steps: 2)
        #expect(tokens.steps == 2 && tokens.correct == 0 && tokens.totalNats == 3 && tokens.natsPerStep == 1.5 && tokens.accuracy == 0)
        let sum = r + tokens
        #expect(sum.sequences == 3 && sum.steps == 5 && sum.correct == 1)
        #expect(abs(sum.natsPerStep - (log(2) + log(4) + log(2.5) + 3) / 5) < 1e-12)
        #expect(abs(sum.accuracy - 0.2) < 1e-15)
        #expect(NLLReport().natsPerStep == 0 && NLLReport().accuracy == 0)
        var zero = NLLReport()
        zero.add(distribution: [1, 0], actual: 1)
        #expect(abs(zero.totalNats - -log(Double.leastNormalMagnitude)) < 1e-9)
    }

    @Test func codableKeysAreTheCounts() throws {
        let data = try JSONEncoder().encode(NLLReport(sequences: 1, steps: 2, totalNats: 0.5, correct: 1))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["sequences", "steps", "totalNats", "correct"])
    }
}

@Suite struct EvaluationGenieMetricsTests {
    /// Original C4 E4 E4 A3 gives buttons 4 8 8 1 (each pitch placed in 57...64).
    static let original = [60, 64, 64, 57]
    static let cMajor = Key(tonic: 0, mode: .major)

    @Test func buttonsOfTheOriginal() {
        #expect(GenieDecoder.buttons(for: Self.original) == [4, 8, 8, 1])
    }

    @Test func followingMelodyScoresOne() {
        var m = GenieMetrics()
        m.add(decoded: [60, 62, 62, 59], original: Self.original, buttons: [4, 8, 8, 1], key: Self.cMajor)
        #expect(m == GenieMetrics(upDown: 2, upDownFollowed: 2, presses: 3, pressesFollowed: 3, moved: 2, sameWay: 2, notes: 4, inKey: 4))
        #expect(m.contourUpDown == 1 && m.contourOverall == 1 && m.originalDirection == 1 && m.inKeyShare == 1)
    }

    @Test func contraryMelodyAndSums() {
        var m = GenieMetrics()
        // Up 4 buttons but down 2 semitones; a repeated button but 7 semitones up; down but up; Bb not in C major.
        m.add(decoded: [60, 58, 65, 71], original: Self.original, buttons: [4, 8, 8, 1], key: Self.cMajor)
        #expect(m == GenieMetrics(upDown: 2, upDownFollowed: 0, presses: 3, pressesFollowed: 0, moved: 2, sameWay: 0, notes: 4, inKey: 3))
        #expect(m.contourUpDown == 0 && m.contourOverall == 0 && m.originalDirection == 0 && m.inKeyShare == 0.75)
        m.add(decoded: [60, 62, 62, 59], original: Self.original, buttons: [4, 8, 8, 1], key: Self.cMajor)
        #expect(m.contourUpDown == 0.5 && m.contourOverall == 0.5 && m.originalDirection == 0.5 && m.inKeyShare == 0.875)
        // A repeated button may move up to 2 semitones; an unmoving original does not count for direction.
        m.add(decoded: [64, 66], original: [62, 62], buttons: [4, 4], key: Self.cMajor)
        #expect(m.presses == 7 && m.pressesFollowed == 4 && m.upDown == 4 && m.moved == 4 && m.notes == 10 && m.inKey == 8)
        #expect(m.contourOverall == 4.0 / 7 && m.inKeyShare == 0.8)
    }

    @Test func emptyCountsGiveZeroShares() {
        let m = GenieMetrics()
        #expect(m.contourUpDown == 0 && m.contourOverall == 0 && m.originalDirection == 0 && m.inKeyShare == 0)
    }

    @Test func evaluationRowsOnSyntheticTunes() throws {
        let corpus = MelodyCorpus(tunes: SyntheticCorpus.tunes(count: 20))
        let report = try GenieEvaluation.run(corpus: corpus, split: .heldOut(fraction: 0.25, seed: 1), markov: nil, rnn: nil,
                                             temperature: 0.5, seed: 1)
        #expect(report.tunes == 5 && report.tuneNoun == "held-out tune" && report.split == "25%, split seed 1")
        #expect(report.rows.map(\.melodies) == ["original tunes", "genie, temperature 0", "genie, temperature 0.5", "constraints only (uniform)"])
        let original = report.rows[0]
        // The buttons never contradict the original pitches.
        #expect(original.contourUpDown == 1 && original.originalDirection == 1 && original.rnnLogPPerNote == nil)
        #expect(report.rows.allSatisfy { $0.notes == original.notes })
        #expect(throws: EvaluationError.nothingHeldOut(kind: "tune")) {
            try GenieEvaluation.run(corpus: corpus, split: .all, markov: nil, rnn: nil, temperature: 0.5, seed: 1)
        }
    }
}

@Suite struct EvaluationDataSplitTests {
    @Test func everyCorpusSplitsTheSameWay() throws {
        let tunes = SyntheticCorpus.tunes(count: 20)
        let corpus = MelodyCorpus(tunes: tunes)
        let held = try corpus.split(.heldOut(fraction: 0.1, seed: DataSplit.defaultSeed))
        #expect(held.heldOut.map(\.name) == heldOutSplit(tunes, heldOutFraction: 0.1, seed: 2024).heldOut.map(\.name))
        #expect(held.training.count == 18 && held.heldOut.count == 2)
        let all = try corpus.split(.all)
        #expect(all.training.isEmpty && all.heldOut.map(\.name) == tunes.map(\.name))
        #expect(throws: CorpusError.noSplitTable) { try corpus.split(.corpusSplit) }
        #expect(DataSplit.heldOutOrAll(fraction: 0) == .all)
        #expect(DataSplit.heldOutOrAll(fraction: 0.1) == .shipped)
    }

    @Test func drumCorpusSplitHoldsOutValidationAndTest() throws {
        let corpus = EvaluationDrumTests.corpus(hasSplitFile: true)
        let (training, heldOut) = try corpus.split(.corpusSplit)
        #expect(training.count == 20 && heldOut.map(\.name) == ["synthetic20", "synthetic21", "synthetic22", "synthetic23"])
        let plain = EvaluationDrumTests.corpus(hasSplitFile: false)
        #expect(throws: CorpusError.noSplitTable) { try plain.split(.corpusSplit) }
    }
}

@Suite struct EvaluationDrumTests {
    /// 24 synthetic grooves: 20 train, 2 validation, 2 test.
    static func corpus(hasSplitFile: Bool, splits: [DrumCorpus.Split]? = nil) -> DrumCorpus {
        let grooves = SyntheticGrooves.grooves()
        let splits = splits ?? Array(repeating: .train, count: 20) + [.validation, .validation, .test, .test]
        return DrumCorpus(grooves: Array(zip(grooves, splits)).map { (groove: $0.0, split: $0.1) }, fileCount: grooves.count, skipped: [],
                          quantization: DrumQuantizationReport(), hasSplitFile: hasSplitFile)
    }

    @Test func unigramFromCountsEqualsUnigramFromGrooves() throws {
        let grooves = SyntheticGrooves.grooves(count: 5)
        let counts = DrumUnigramModel.stepSetCounts(of: grooves)
        #expect(counts.count == 512 && counts.reduce(0, +) == 5 * 128)
        #expect(try DrumUnigramModel(counts: counts).probabilities == DrumUnigramModel(training: grooves).probabilities)
        #expect(throws: ParameterError.self) { try DrumUnigramModel(counts: [1, 2]) }
        #expect(SyntheticGrooves.markov.trainingData?.stepSetCounts == DrumUnigramModel.stepSetCounts(of: SyntheticGrooves.grooves()))
    }

    @Test func scoresValidationAndTestWithTheModelsUnigram() throws {
        var options = DrumEvaluation.Options()
        options.following = 1
        let report = try DrumEvaluation.run(corpus: Self.corpus(hasSplitFile: true), corpusName: "synthetic",
                                            models: [("markov", SyntheticGrooves.markov)], options: options)
        let test = Array(SyntheticGrooves.grooves().suffix(4))
        #expect(report.scoredSplits == ["validation": 2, "test": 2] && report.grooves == 4 && report.steps == 4 * 128)
        #expect(report.nll.map(\.model) == ["markov", "unigram", "uniform"])
        // The model was trained on all 24 grooves: its recorded counts, not the 20 train rows, make the unigram.
        let unigram = DrumUnigramModel(training: SyntheticGrooves.grooves()).score(test).natsPerStep
        #expect(report.nll[1].natsPerStep == unigram && report.nll[1].belowUnigram == 0)
        #expect(report.nll[0].natsPerStep == SyntheticGrooves.markov.score(test).natsPerStep)
        #expect(abs(report.nll[2].natsPerStep - log(512)) < 1e-12)
        #expect(report.nll[2].belowUnigram == 1 - report.nll[2].natsPerStep / unigram)
        #expect(report.split.hasPrefix("info.csv validation and test splits: 2 + 2 = 4 grooves scored (train split: 20 grooves)"))
        #expect(report.primers == 4 && report.continuation.count == 2)
    }

    @Test func noTrainingGroovesMeansNoUnigram() throws {
        var options = DrumEvaluation.Options()
        options.following = 1
        let corpus = Self.corpus(hasSplitFile: true, splits: Array(repeating: .validation, count: 24))
        let report = try DrumEvaluation.run(corpus: corpus, corpusName: "synthetic", models: [], options: options)
        #expect(report.nll.map(\.model) == ["uniform"] && report.nll[0].belowUnigram == nil)
        #expect(report.split.hasSuffix("no training grooves known: no unigram baseline"))
        #expect(report.text(following: 1).contains("   6.2383           -  "))
        let trainOnly = Self.corpus(hasSplitFile: true, splits: Array(repeating: .train, count: 24))
        #expect(throws: EvaluationError.nothingHeldOut(kind: "groove")) {
            try DrumEvaluation.run(corpus: trainOnly, corpusName: "synthetic", models: [], options: options)
        }
    }
}

@Suite(.enabled(if: SharedDrums.available, "../shared/corpus/drums/gmd not found: skipping the Groove MIDI Dataset tests"))
struct EvaluationShippedDrumTests {
    /// Both shipped drum models record the step-set counts of the train split of info.csv, which
    /// give the unigram of `compose evaluate drums`: 2.8380 nats/step on the held-out grooves.
    @Test(.enabled(if: SharedDrums.model("drums-markov.json") != nil && SharedDrums.model("drums-rnn.json") != nil, "shipped drum models not found"))
    func shippedModelsRecordTheTrainSplitCounts() throws {
        let corpus = try #require(SharedDrums.corpus)
        let counts = DrumUnigramModel.stepSetCounts(of: corpus.grooves(.train))
        #expect(counts.reduce(0, +) == 286_882)
        let markov = try MarkovDrumModel.load(from: try #require(SharedDrums.model("drums-markov.json")))
        let rnn = try RNNDrumModel.load(from: try #require(SharedDrums.model("drums-rnn.json")))
        #expect(markov.trainingData?.stepSetCounts == counts)
        #expect(rnn.trainingData?.stepSetCounts == counts)
        let heldOut = try corpus.split(.corpusSplit).heldOut
        #expect(abs(try DrumUnigramModel(counts: counts).score(heldOut).natsPerStep - 2.8380) < 0.0001)
    }
}

@Suite struct EvaluationHarmonyTests {
    /// C F G C in four voices (quarters), transposed by `shift` semitones, in C major.
    static func chorale(_ shift: Int) -> Chorale {
        let lines: [[Int]] = [[72, 72, 74, 72], [67, 69, 71, 67], [64, 65, 67, 64], [48, 53, 55, 48]]
        let voices = lines.map { line in line.enumerated().map { Note(pitch: UInt8($0.element + shift), start: $0.offset * 480, duration: 480) } }
        return Chorale(name: "c\(shift)", key: Key(tonic: 0, mode: .major), voices: voices,
                       timeSignatures: [TimeSignature(tick: 0, numerator: 4, denominator: 4)], ticksPerQuarter: 480)
    }
    static let corpus = ChoraleCorpus(chorales: [0, 0, 0, 0].map(chorale))

    @Test func heldOutTrainsOnTheRestAndAllUsesTheGivenModel() throws {
        let held = try HarmonyEvaluation.run(leadSheets: nil, chorales: Self.corpus, split: .heldOut(fraction: 0.5, seed: 1), model: nil)
        #expect(held.split == "held-out 50% (seed 1); the model is trained on the rest" && held.heldOut)
        #expect(held.generated?.pieces == 2 && held.bachHeldOut?.pieces == 2 && held.bachAll?.pieces == 4 && held.leadSheets == nil)
        #expect(held.bachAll?.beats == 16)
        let hmm = try ChordHMM(training: Self.corpus.chorales.map(\.example))
        let model = HarmonyModel(leadSheetModel: hmm, choraleModel: hmm, voicing: VoicingStatistics(chorales: Self.corpus.chorales),
                                 provenance: .init(leadSheets: "a", leadSheetCount: 1, chorales: "b", choraleCount: 4, heldOutFraction: 0, splitSeed: 1))
        let all = try HarmonyEvaluation.run(leadSheets: nil, chorales: Self.corpus, split: .all, model: model)
        #expect(!all.heldOut && all.generated?.pieces == 4 && all.bachHeldOut == all.bachAll)
        #expect(all.split == "every piece scored with the shipped model (trained on 1 lead sheets of a and 4 chorales of b): not held-out if these pieces come from them")
        #expect(all.text.contains("(4 scored chorales, 16 beats;"))
        // Every chord of these chorales is diatonic, and the model learned them from these very chorales.
        #expect(all.generated?.agreementWithBach?.rootAccuracy == 1)
        // The JSON keys are the report's, without `heldOut`.
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(all)) as? [String: Any])
        #expect(Set(object.keys) == ["split", "generated", "bachHeldOut", "bachAll"])
    }

    @Test func allNeedsAModelAndCorpusSplitNeedsATable() {
        #expect(throws: EvaluationError.nothingHeldOut(kind: "piece")) {
            try HarmonyEvaluation.run(leadSheets: nil, chorales: Self.corpus, split: .all, model: nil)
        }
        #expect(throws: CorpusError.noSplitTable) {
            try HarmonyEvaluation.run(leadSheets: nil, chorales: Self.corpus, split: .corpusSplit, model: nil)
        }
    }
}
