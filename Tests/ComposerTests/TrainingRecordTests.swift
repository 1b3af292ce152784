import Foundation
import Testing
@testable import Composer
@testable import ModelKit

/// The melody and drum RNNs share one training record (`RNNTrainingRecord<Data>`): their configs
/// must still read and write byte for byte as the shipped files do.
@Suite("RNN training record")
struct TrainingRecordTests {
    static let models = SharedCorpus.packageRoot.appendingPathComponent("Models")

    /// The shipped `name` and its weights, and the same files as `save` writes them again.
    func resaved(_ name: String, _ save: (URL) throws -> Void) throws -> (original: [Data], resaved: [Data]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("training-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try save(folder.appendingPathComponent(name))
        let weights = name.replacingOccurrences(of: ".json", with: ".safetensors")
        return (try [name, weights].map { try Data(contentsOf: Self.models.appendingPathComponent($0)) },
                try [name, weights].map { try Data(contentsOf: folder.appendingPathComponent($0)) })
    }

    @Test func shippedMelodyRNNConfigIsResavedByteForByte() throws {
        let model = try ModelCatalog.loadRNNMelody(from: Self.models.appendingPathComponent("melody-rnn.json"))
        let training = try #require(model.config.training)
        #expect(training.corpus == training.data.corpus && training.splitSeed == 2024 && training.epochs >= training.bestEpoch)
        let files = try resaved("melody-rnn.json") { try model.save(to: $0) }
        #expect(files.original == files.resaved)
    }

    @Test func shippedDrumRNNConfigIsResavedByteForByte() throws {
        let model = try ModelCatalog.loadRNNDrums(from: Self.models.appendingPathComponent("drums-rnn.json"))
        let training = try #require(model.config.training)
        #expect(training.split == "train split of info.csv" && training.history.count == training.epochs)
        let files = try resaved("drums-rnn.json") { try model.save(to: $0) }
        #expect(files.original == files.resaved)
    }
}
