import Foundation
import Testing
@testable import Composer
@testable import ModelKit

@Suite("Model catalog")
struct ModelCatalogTests {
    static let models = SharedCorpus.packageRoot.appendingPathComponent("Models")

    @Test func searchPathHoldsTheWorkingFolderOnceAfterTheExecutablesFolders() {
        let path = ModelCatalog.searchPath(for: "harmony.json").map(\.path)
        let executable = ModelCatalog.executable().deletingLastPathComponent()
        #expect(path.first == executable.appendingPathComponent("Models/harmony.json").path
                || ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"] != nil)
        #expect(path.contains(URL(fileURLWithPath: "Models/harmony.json").path))
        #expect(Set(path).count == path.count)
    }

    @Test func shippedModelsAreFoundAboveTheTestExecutable() throws {
        for model in ShippedModel.allCases where ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"] == nil {
            #expect(try ModelCatalog.locate(model).standardizedFileURL.path == Self.models.appendingPathComponent(model.fileName).standardizedFileURL.path)
        }
    }

    @Test func aMissingFileIsNotFoundWithItselfAsTheOnlyPlaceSearched() {
        let missing = URL(fileURLWithPath: "/nonexistent/model.json")
        #expect(throws: ModelFileError(file: missing.path, .notFound(searched: [missing.path]))) {
            try ModelCatalog.loadHarmony(from: missing)
        }
    }

    @Test func aFolderOrAnotherModelsFileIsMalformed() {
        #expect(throws: ModelFileError(file: Self.models.path, .malformed("a folder, not a model file"))) {
            try ModelCatalog.loadMarkovMelody(from: Self.models)
        }
        let harmony = Self.models.appendingPathComponent("harmony.json")
        #expect(throws: ModelFileError(file: harmony.path, .wrongFormat(found: "LittleMozart harmony model", expected: "LittleMozart Markov melody model"))) {
            try ModelCatalog.loadMarkovMelody(from: harmony)
        }
    }

    @Test func theNamedFileIsLoaded() throws {
        let model = try ModelCatalog.loadMelody(.markov, from: Self.models.appendingPathComponent("melody-markov.json"))
        #expect(model.kind == .markov)
        #expect(ShippedModel.melody(.rnn) == .melodyRNN && ShippedModel.melody(.markov).fileName == "melody-markov.json")
    }
}
