import TestSupport
import Foundation
import Synth
import Testing

@Suite("SoundFontLocator")
struct SoundFontLocatorTests {
    /// A temporary directory with empty files `a.sf2` and `b.sf2`.
    func fixture() throws -> (dir: URL, a: String, b: String) {
        let dir = try Support.temporaryDirectory()
        let a = dir.appendingPathComponent("a.sf2").path
        let b = dir.appendingPathComponent("b.sf2").path
        #expect(FileManager.default.createFile(atPath: a, contents: Data()))
        #expect(FileManager.default.createFile(atPath: b, contents: Data()))
        return (dir, a, b)
    }

    @Test func explicitPathWinsOverEverything() throws {
        let f = try fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let locator = SoundFontLocator(environment: ["SOUNDFONT": f.b], candidates: [f.b])
        #expect(try locator.locate(explicitPath: f.a) == f.a)
    }

    @Test func missingExplicitPathIsAnErrorNamingIt() throws {
        let f = try fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let missing = f.dir.appendingPathComponent("nope.sf2").path
        let locator = SoundFontLocator(environment: ["SOUNDFONT": f.b], candidates: [f.b])
        #expect(throws: SynthError.soundFontNotFound(path: missing)) { try locator.locate(explicitPath: missing) }
        #expect(SynthError.soundFontNotFound(path: missing).description.contains(missing))
        // A directory is not a SoundFont either.
        #expect(throws: SynthError.soundFontNotFound(path: f.dir.path)) { try locator.locate(explicitPath: f.dir.path) }
    }

    @Test func environmentComesBeforeTheSystemPaths() throws {
        let f = try fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        #expect(try SoundFontLocator(environment: ["SOUNDFONT": f.a], candidates: [f.b]).locate() == f.a)
        // An empty $SOUNDFONT counts as unset: the candidates, in order.
        #expect(try SoundFontLocator(environment: ["SOUNDFONT": ""], candidates: [f.b, f.a]).locate() == f.b)
    }

    @Test func setButMissingEnvironmentVariableIsAnErrorNamingItAndThePath() throws {
        let f = try fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // A dangling $SOUNDFONT (or one naming a folder) never falls back to a system font.
        let dangling = f.dir.appendingPathComponent("gone.sf2").path
        for path in [dangling, f.dir.path] {
            #expect(throws: SynthError.soundFontVariableNotFound(variable: "SOUNDFONT", path: path)) {
                try SoundFontLocator(environment: ["SOUNDFONT": path], candidates: [f.a]).locate()
            }
        }
        #expect(SynthError.soundFontVariableNotFound(variable: "SOUNDFONT", path: dangling).description
                == "SoundFont not found: $SOUNDFONT is set to \(dangling), which does not exist or is not a regular file; "
                + "point $SOUNDFONT at a .sf2/.sf3 file or unset it.")
        // An explicit path still wins over a bad variable.
        #expect(try SoundFontLocator(environment: ["SOUNDFONT": dangling], candidates: []).locate(explicitPath: f.b) == f.b)
    }

    @Test func nothingFoundListsEveryPlaceAndTheFix() throws {
        let candidates = ["/nonexistent/one.sf2", "/nonexistent/two.sf3"]
        let locator = SoundFontLocator(environment: [:], candidates: candidates)
        let error = try #require(throws: SynthError.self) { try locator.locate() }
        guard case .noSoundFont(let searched) = error else {
            Issue.record("expected .noSoundFont, got \(error)")
            return
        }
        #expect(searched == ["$SOUNDFONT (not set)"] + candidates)
        let message = error.description
        for place in searched { #expect(message.contains(place)) }
        #expect(message.contains("apt-get install --no-install-recommends timgm6mb-soundfont"))
        #expect(message.contains("fluid-soundfont-gm"))
        let unset = try #require(throws: SynthError.self) { try SoundFontLocator(environment: [:], candidates: []).locate() }
        #expect(unset == .noSoundFont(searched: ["$SOUNDFONT (not set)"]))
    }

    @Test func standardPathsAreTheDocumentedOrder() {
        #expect(SoundFontLocator.standardPaths == [
            "/usr/share/sounds/sf2/default-GM.sf2",
            "/usr/share/sounds/sf2/FluidR3_GM.sf2",
            "/usr/share/sounds/sf2/TimGM6mb.sf2",
            "/usr/share/sounds/sf3/default-GM.sf3",
        ])
    }
}
