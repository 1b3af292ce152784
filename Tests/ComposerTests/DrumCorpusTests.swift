import Foundation
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

/// The Groove MIDI Dataset in `../shared/corpus/drums/gmd` and the shipped drum models.
enum SharedDrums {
    static let folder = SharedCorpus.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/drums/gmd")
    static let available = FileManager.default.fileExists(atPath: folder.path)
        && ProcessInfo.processInfo.environment["COMPOSER_TESTS_NO_CORPUS"] == nil
    static let corpus: DrumCorpus? = available ? try? DrumCorpus.load(directory: folder) : nil
    static func model(_ name: String) -> URL? {
        let url = SharedCorpus.packageRoot.appendingPathComponent("Models").appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}

@Suite(.enabled(if: SharedDrums.available, "../shared/corpus/drums/gmd not found: skipping the Groove MIDI Dataset tests"))
struct DrumCorpusTests {
    @Test func everyCorpusNoteHasAClassAndTheOfficialSplitIsRead() throws {
        let corpus = try #require(SharedDrums.corpus)
        #expect(corpus.fileCount == 979)
        #expect(corpus.skipped.map(\.path) == ["drummer1/session2/111_rock-prog_110_beat_5-4.mid"])
        #expect(corpus.quantization.unmapped.isEmpty)
        #expect(corpus.hasSplitFile)
        #expect(corpus.grooves(.train).count == 896)
        #expect(corpus.grooves(.validation).count == 82)
        #expect(corpus.stepCount == 286_882 + 25_728)
    }

    /// The targets: both models below the unigram baseline on the validation split, the better
    /// at least 15% below it.
    @Test(.enabled(if: SharedDrums.model("drums-markov.json") != nil && SharedDrums.model("drums-rnn.json") != nil, "shipped drum models not found"))
    func shippedModelsBeatTheUnigramOnHeldOutGrooves() throws {
        let corpus = try #require(SharedDrums.corpus)
        let test = corpus.grooves(.validation)
        let unigram = DrumUnigramModel(training: corpus.grooves(.train)).score(test).natsPerStep
        let markov = try MarkovDrumModel.load(from: try #require(SharedDrums.model("drums-markov.json"))).score(test).natsPerStep
        let rnn = try RNNDrumModel.load(from: try #require(SharedDrums.model("drums-rnn.json"))).score(test).natsPerStep
        #expect(abs(unigram - 2.8380) < 0.001)
        #expect(markov < unigram && rnn < unigram)
        #expect(min(markov, rnn) < 0.85 * unigram)
    }
}
