import Foundation
import Music
import Testing

/// `compose evaluate form` on small folders written here.
@Suite struct EvaluateFormCLITests {
    let cli = ComposeCLITests()

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func drumsRealAndGeneratedSideBySide() throws {
        let dir = try cli.temporaryDirectory(), generated = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: generated) }
        let evaluate = EvaluateCLITests()
        try evaluate.writeGrooves(3, in: dir)        // two bars each; groove 1 has a fourth kick
        try evaluate.writeGrooves(1, in: generated)
        let r = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--generated", generated.path,
                             "--held-out", "0", "--bars", "2", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let columns = try #require(report["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["real", generated.lastPathComponent])
        #expect(columns.map { $0["pieces"] as? Int } == [3, 1])
        let real = try #require(columns[0]["drums"] as? [String: Any])
        #expect(real["timeKeeperShare"] as? Double == 1 && real["kickOnOneShare"] as? Double == 1 && real["fillShare"] as? Double == 0)
        #expect((real["hitsPerBar"] as? [String: Double])?["kick"] == 13.0 / 6)
        #expect(report["realPieces"] as? [String] == ["groove0.mid", "groove1.mid", "groove2.mid"])

        let text = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--held-out", "0", "--bars", "4", "-q"])
        try #require(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("real: 0 grooves (0 windows) from \(dir.path) (3 shorter than 4 bars left out)"))
        let kickRow = text.stdout.split(separator: "\n").first { $0.hasPrefix("kick on beat 1 ") }
        #expect(kickRow?.hasSuffix(" -") == true)

        let bad = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--bars", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--bars must be 1...1000, got 0"))
        let none = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--held-out", "0", "--only", "nothing"])
        #expect(none.status == 64 && none.stderr.contains("no held-out drums pieces matching --only"))
    }

    @Test(.enabled(if: ComposeCLITests.binaryExists, "compose binary not built next to the tests"))
    func trainSplitIsTheRestOfTheHeldOutSplit() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try EvaluateCLITests().writeGrooves(6, in: dir)
        func realPieces(_ extra: [String]) throws -> [String] {
            let r = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--held-out", "0.5", "--bars", "2", "--json"] + extra)
            try #require(r.status == 0, "\(r.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require(report["realPieces"] as? [String])
        }
        let heldOut = try realPieces([]), train = try realPieces(["--split", "train"])
        #expect(try realPieces(["--split", "held-out"]) == heldOut)
        // The two parts are disjoint and together the whole folder, each in corpus order.
        #expect(!heldOut.isEmpty && !train.isEmpty && Set(heldOut).isDisjoint(with: train))
        #expect((heldOut + train).sorted() == (0..<6).map { "groove\($0).mid" })
        #expect(train == train.sorted() && heldOut == heldOut.sorted())

        let zero = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--held-out", "0", "--split", "train"])
        #expect(zero.status == 64 && zero.stderr.contains("--held-out must be above 0 with --split train"))
        let bad = try cli.run(["evaluate", "form", "--kind", "drums", "--corpus", dir.path, "--split", "test"])
        #expect(bad.status == 64 && bad.stderr.contains("'test'") && bad.stderr.contains("--split"))
    }
}
