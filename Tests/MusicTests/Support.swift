import Foundation

/// The package root (the folder holding Package.swift), found from this source file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/MusicTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// `../shared/corpus` relative to the package root, or `$SMF_TESTS_CORPUS` when set (e.g. to a missing
/// folder, to check that the corpus tests skip cleanly).
let corpusRoot: URL = ProcessInfo.processInfo.environment["SMF_TESTS_CORPUS"].map { URL(fileURLWithPath: $0) }
    ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

/// All `.mid` files (any case) under `corpusRoot/<folder>`, sorted.
func corpusFiles(in folders: [String]) -> [URL] {
    var out: [URL] = []
    for folder in folders {
        let dir = corpusRoot.appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
        for case let url as URL in e where url.pathExtension.lowercased() == "mid" { out.append(url) }
    }
    return out.sorted { $0.path < $1.path }
}
