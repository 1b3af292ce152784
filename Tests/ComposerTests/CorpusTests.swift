import Foundation
import Music
import SMF
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite("Corpus")
struct CorpusTests {
    @Test("a folder is read recursively; unreadable and empty files are skipped and counted")
    func loadFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("composer-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        // An E minor tune written under a G major signature, 1024 PPQ, with a half-bar pickup rest.
        let pitches = [64, 67, 71, 64, 66, 67, 69, 71, 72, 71, 69, 67, 66, 64, 71, 64]
        let tune = Score(ticksPerQuarter: 1024, parts: [Part(notes: pitches.enumerated().map { note($1, 2048 + $0 * 512, 512) })],
                         timeSignatures: [TimeSignature(numerator: 4, denominator: 4)],
                         keySignatures: [KeySignature(sharpsFlats: 1, minor: false)])
        try tune.write(to: folder.appendingPathComponent("sub/deeper/tune.MID"))
        try tune.write(to: folder.appendingPathComponent("a.midi"))
        try Data([0x4D, 0x54, 0x68, 0x64, 0, 0]).write(to: folder.appendingPathComponent("sub/broken.mid"))
        try Score(parts: [Part()]).write(to: folder.appendingPathComponent("empty.mid"))
        try Data("not midi".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        var calls: [(Int, Int)] = []
        let corpus = try MelodyCorpus.load(directory: folder) { calls.append(($0, $1)) }
        #expect(corpus.fileCount == 4)
        #expect(corpus.tunes.map(\.name) == ["a.midi", "sub/deeper/tune.MID"])
        #expect(corpus.skipped.map(\.path) == ["empty.mid", "sub/broken.mid"])
        #expect(corpus.skipped[0].reason == "no notes")
        #expect(calls.map(\.0) == [1, 2, 3, 4] && calls.allSatisfy { $0.1 == 4 })
        let t = corpus.tunes[0]
        #expect(t.key == Key(tonic: 4, mode: .minor))
        #expect(t.meter == .common && t.startPosition == 8)
        #expect(t.tokens.first == .note(offset: 0, steps: 2) && t.tokens.count == 16)
        #expect(t.endsOnTonic)
        let notes = folder.appendingPathComponent("notes.txt")
        #expect(throws: CorpusError.notAFolder(path: notes.path)) { try MelodyCorpus.load(directory: notes) }
        let empty = folder.appendingPathComponent("nothing")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: CorpusError.empty(path: empty.path, kind: "melody")) { try MelodyCorpus.load(directory: empty) }
    }

    @Test("the split is seeded, disjoint and complete")
    func split() throws {
        let corpus = MelodyCorpus(tunes: SyntheticCorpus.tunes(count: 50))
        let (a, b) = try corpus.split(.heldOut(fraction: 0.1, seed: 5))
        #expect(b.count == 5 && a.count == 45)
        #expect(Set(a.map(\.name)).isDisjoint(with: b.map(\.name)))
        #expect(try corpus.split(.heldOut(fraction: 0.1, seed: 5)).heldOut.map(\.name) == b.map(\.name))
        #expect(try corpus.split(.heldOut(fraction: 0.1, seed: 6)).heldOut.map(\.name) != b.map(\.name))
    }

    @Test("shared melody corpus: every file reads, keys and modes are decided",
          .enabled(if: SharedCorpus.available, "../shared/corpus not found: corpus tests skipped"))
    func sharedCorpus() throws {
        let corpus = try #require(SharedCorpus.corpus)
        #expect(corpus.fileCount == 1261)
        #expect(corpus.skipped.isEmpty)
        #expect(corpus.tunes.count == 1261)
        let minor = corpus.tuneCount(.minor)
        print("shared corpus: \(corpus.tunes.count) tunes (\(corpus.tuneCount(.major)) major, \(minor) minor), \(corpus.tokenCount) tokens;",
              "last note is the tonic in \(corpus.tunes.filter(\.endsOnTonic).count)")
        // Nottingham writes minor tunes as major: some of them must have become minor.
        #expect(corpus.tunes.filter { $0.name.hasPrefix("nottingham/") && $0.key.mode == .minor }.count > 50)
        #expect((150...300).contains(minor))
        // Most tunes end on the tonic of the decided key.
        #expect(Double(corpus.tunes.filter(\.endsOnTonic).count) / Double(corpus.tunes.count) > 0.75)
    }

    @Test("shared melody corpus: held-out NLL beats the unigram and uniform baselines",
          .enabled(if: SharedCorpus.available, "../shared/corpus not found: corpus tests skipped"))
    func heldOutNLL() throws {
        let (train, test) = try #require(SharedCorpus.split)
        let model = try #require(SharedCorpus.model)
        let markov = model.score(test.tunes)
        let unigram = UnigramMelodyModel(training: train.tunes).score(test.tunes)
        let uniform = UniformMelodyModel().score(test.tunes)
        print("held-out (10%, seed 2024) order \(model.order):", markov)
        print("  unigram:", unigram)
        print("  uniform:", uniform)
        #expect(test.tunes.count == 126)
        #expect(abs(uniform.natsPerStep - log(609)) < 1e-12)
        #expect(markov.natsPerStep < 2.6)
        #expect(markov.natsPerStep < unigram.natsPerStep - 1)
        #expect(unigram.natsPerStep < uniform.natsPerStep - 2)
    }
}
