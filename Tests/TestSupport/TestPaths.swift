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

    /// All `.mid` files (any case) under `corpusRoot/<folder>` for each folder, sorted by path;
    /// none for a missing folder.
    public static func midiFiles(in folders: [String]) -> [URL] {
        var out: [URL] = []
        for folder in folders {
            let dir = corpusRoot.appendingPathComponent(folder)
            guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where url.pathExtension.lowercased() == "mid" { out.append(url) }
        }
        return out.sorted { $0.path < $1.path }
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

/// Running peer tools (python3 with mido or symusic) from the tests.
public enum PeerProcess {
    /// Runs `/usr/bin/env args...`; its stdout and exit status (stderr is passed through; status
    /// -1 when it cannot start).
    public static func run(_ args: [String]) -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        do { try process.run() } catch { return (-1, Data()) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
