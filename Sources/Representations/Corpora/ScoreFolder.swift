import ModelKit
import Foundation
import Music

/// Reading a folder of Standard MIDI Files into corpus items.
enum ScoreFolder {
    /// Reads every .mid/.midi file under `directory` (`MIDIFolder.relativePaths`, in path order)
    /// and converts each with `make(score, relative path)`. A file that cannot be read, or that
    /// `make` refuses (nil), is listed in `skipped` with the reason (`refusal` for the latter).
    /// - Throws: `CorpusError.notAFolder` if `directory` is not a folder;
    ///   `CorpusError.empty` if no file gave an item.
    static func load<T>(directory: URL, refusal: String,
                        make: (Score, String) -> T?) throws -> (items: [T], skipped: [(path: String, reason: String)]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(path: directory.path)
        }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var items: [T] = []
        var skipped: [(path: String, reason: String)] = []
        for path in MIDIFolder.relativePaths(under: root) {
            do {
                let score = try Score(contentsOf: root.appendingPathComponent(path))
                if let item = make(score, path) { items.append(item) } else { skipped.append((path, refusal)) }
            } catch {
                skipped.append((path, String(describing: error)))
            }
        }
        guard !items.isEmpty else { throw CorpusError.empty(path: directory.path, kind: "score") }
        return (items, skipped)
    }
}
