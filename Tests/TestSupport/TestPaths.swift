import Foundation

/// Where the tests find the package and the shared corpus.
public enum TestPaths {
    /// The package root (the folder holding Package.swift), from this file's path
    /// (Tests/TestSupport/TestPaths.swift), symbolic links resolved.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus` beside the package root, or `$SMF_TESTS_CORPUS` when set (e.g. to a
    /// missing folder, to check that the corpus tests skip cleanly). It may not exist: the corpus
    /// tests skip with a message then.
    public static let corpusRoot: URL = ProcessInfo.processInfo.environment["SMF_TESTS_CORPUS"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// `corpusRoot/<folder>` when it exists, else nil.
    public static func corpus(_ folder: String) -> URL? {
        let url = corpusRoot.appendingPathComponent(folder)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A file in the package's Samples/ folder.
    public static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("Samples/\(name)").path }

    /// A fresh empty folder under the system temporary folder, named `<prefix>-<pid>-<UUID>`; the
    /// caller removes it.
    public static func temporaryDirectory(_ prefix: String = "LittleMozartTests") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
