import Foundation
import Music
import Testing
@testable import Composer
@testable import ModelKit
@testable import Representations

@Suite("Model file")
struct ModelFileTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("composer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("save and load give the same model: identical probabilities, discounts and compositions")
    func roundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = SyntheticCorpus.model
        let url = folder.appendingPathComponent("model.json")
        try model.save(to: url)
        // Written atomically: only the final file is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.json"])
        let loaded = try MarkovMelodyModel.load(from: url)
        #expect(loaded.order == model.order)
        #expect(loaded.metricConditioning == model.metricConditioning)
        #expect(loaded.corpus == model.corpus)
        #expect(loaded.smoothingDescription == model.smoothingDescription)
        for mode in Key.Mode.allCases {
            let a = try #require(model.models[mode]), b = try #require(loaded.models[mode])
            #expect(a.discounts == b.discounts)
            #expect(a.ngramCounts == b.ngramCounts)
            for context in [[a.beginID], [17, 200], [0, 300, 301, 302]] {
                for condition in 0..<a.conditionCount {
                    #expect(a.distribution(after: context, condition: condition) == b.distribution(after: context, condition: condition))
                }
            }
        }
        let key = Key(tonic: 9, mode: .minor)
        #expect(try model.compose(bars: 4, key: key, seed: 8) == loaded.compose(bars: 4, key: key, seed: 8))
        // Saving again gives the same bytes (sorted keys, no dates).
        let again = folder.appendingPathComponent("again.json")
        try loaded.save(to: again)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
        // Overwriting an existing file works.
        try model.save(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"format\" : \"LittleMozart Markov melody model\""))
        #expect(text.contains("\"4/4@0: "))
        let keys = ["corpus", "discounts", "encoding", "format", "metricConditioning", "order", "sequences", "smoothing", "version"]
        let positions = keys.map { text.range(of: "\n  \"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test("malformed model files are rejected with clear errors")
    func malformed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.json")
        try SyntheticCorpus.model.save(to: url)
        let good = try String(contentsOf: url, encoding: .utf8)
        let bad = folder.appendingPathComponent("bad.json")
        try good.replacingOccurrences(of: "LittleMozart Markov melody model", with: "something else").write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ModelFileError(file: bad.path, .wrongFormat(found: "something else", expected: "LittleMozart Markov melody model"))) {
            try MarkovMelodyModel.load(from: bad)
        }
        try good.replacingOccurrences(of: "4/4@0: ", with: "4/4@0: 99/99 ").write(to: bad, atomically: true, encoding: .utf8)
        let badToken = #expect(throws: ModelFileError.self) { try MarkovMelodyModel.load(from: bad) }
        #expect(badToken?.description.contains("bad token \"99/99\"") == true)
        try "{}".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try MarkovMelodyModel.load(from: bad) }
        #expect(throws: (any Error).self) { try MarkovMelodyModel.load(from: folder.appendingPathComponent("missing.json")) }
        #expect(throws: (any Error).self) { try SyntheticCorpus.model.save(to: folder.appendingPathComponent("no/such/dir/m.json")) }
    }
}
