import ModelKit
import Music
import FileIO
import Foundation

/// Finding the MIDI files of a corpus folder.
enum MIDIFolder {
    /// The paths, relative to `root` (symlinks resolved), of every regular `.mid` / `.midi` file
    /// (any letter case) under it, recursively, sorted.
    static func relativePaths(under given: URL) -> [String] {
        let root = FolderListing.resolved(given)
        var paths: [String] = []
        if let walker = FolderListing.walk(root, keys: [.isRegularFileKey]) {
            for case let url as URL in walker {
                let ext = url.pathExtension.lowercased()
                guard ext == "mid" || ext == "midi" else { continue }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let full = url.standardizedFileURL.resolvingSymlinksInPath().path
                let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
                paths.append(full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full)
            }
        }
        return paths.sorted()
    }
}
