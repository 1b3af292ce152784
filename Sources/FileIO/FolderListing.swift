import Foundation

/// Listing a folder the user named, which may be a symlink to a folder.
///
/// swift-corelibs-foundation (Linux) lists nothing under a symlink to a folder:
/// `FileManager.contentsOfDirectory(at:)` returns no entries and `enumerator(at:)` /
/// `enumerator(atPath:)` yield none, though `contentsOfDirectory(atPath:)` works. Every folder a
/// command reads is therefore resolved first. Symlinked folders met *inside* a walk are not
/// followed (as `find` without `-L`).
package enum FolderListing {
    /// `folder` with every symlink in its path resolved (standardized first: `.` and `..` removed).
    /// The URLs the listings below return lie under this one, not under `folder`.
    package static func resolved(_ folder: URL) -> URL {
        folder.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The entries of `folder` (not recursive, hidden ones included, unsorted).
    /// - Throws: what `FileManager.contentsOfDirectory(at:includingPropertiesForKeys:)` throws for a
    ///   missing or unreadable folder.
    package static func contents(of folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: resolved(folder), includingPropertiesForKeys: nil)
    }

    /// Whether `url` is a regular file or a symlink to one (a link is read as the file it names; a
    /// dangling link, or one to a folder, is not a file).
    package static func isFile(_ url: URL) -> Bool {
        (try? url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
    }

    /// A recursive walk of `folder` (nil when it cannot be opened), with `keys` prefetched.
    package static func walk(_ folder: URL, keys: [URLResourceKey] = [],
                             options: FileManager.DirectoryEnumerationOptions = []) -> FileManager.DirectoryEnumerator? {
        FileManager.default.enumerator(at: resolved(folder), includingPropertiesForKeys: keys, options: options)
    }
}
