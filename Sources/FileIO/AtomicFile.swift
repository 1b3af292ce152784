#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic file output for every file LittleMozart writes (MIDI, WAV, models): the data goes to a
/// new temporary file in the destination's directory (`.<name>.<pid>.<random>.tmp`, mode 0666 minus
/// the umask), which is flushed (`fsync`) and renamed over the destination with rename(2), and the folder is flushed
/// (`fsync` of the directory) so that the rename itself survives a crash. Readers
/// see the old file or the complete new one; on failure the temporary file is removed and the
/// destination is left as it was.
///
/// A destination that is a symbolic link is followed (its target is replaced, the link stays); a
/// destination that exists and is not a regular file (a directory, a device such as `/dev/null`,
/// a FIFO) is refused, since renaming over it would replace the device node.
public enum AtomicFile {
    /// The path a write to `path` replaces: the final target of a symbolic link, else `path`.
    /// - Throws: `FileIOError` (`.write`, naming `path`) when `path` is empty, names a directory,
    ///   or exists and is not a regular file.
    public static func destination(for path: String) throws(FileIOError) -> String {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw FileIOError(.write, path: path, code: EISDIR, reason: "the path names a directory, not a file")
        }
        var resolved = path
        if let real = realpath(path, nil) {
            resolved = String(cString: real)
            free(real)
        }
        var info = stat()
        if stat(resolved, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file (a device, FIFO or socket)"
            throw FileIOError(.write, path: path, code: EEXIST, reason: "it exists and is \(kind); refusing to replace it")
        }
        return resolved
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: `FileIOError` naming `path`, the step that failed and its `errno`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { temporary in
            let fd = open(temporary, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw FileIOError.posix(.write, path: path, context: "opening temporary file \(temporary)") }
            defer { close(fd) }
            var written = 0
            try bytes.withUnsafeBytes { buffer in
                while written < buffer.count {
                    let r = posixWrite(fd, buffer.baseAddress! + written, buffer.count - written)
                    if r < 0 {
                        if errno == EINTR { continue }
                        throw FileIOError.posix(.write, path: path, context: "writing temporary file \(temporary)")
                    }
                    written += r
                }
            }
        }
    }

    /// For writers that create the file themselves (e.g. libsndfile): creates an empty temporary
    /// file next to the destination, calls `fill` with its path, then flushes it and renames it over
    /// the destination. If `fill` throws, the temporary file is removed and its error rethrown.
    /// - Throws: `FileIOError` naming `path` (see `destination(for:)`), or what `fill` throws.
    public static func write(to path: String, _ fill: (_ temporaryPath: String) throws -> Void) throws {
        let destination = try destination(for: path)
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        let prefix = directory + "/." + name + ".\(getpid())."
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = prefix + String(UInt32.random(in: 0...UInt32.max), radix: 16) + ".tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw FileIOError.posix(.write, path: path, context: "cannot create a temporary file in \(directory)")
        }
        close(fd)
        var published = false
        defer { if !published { unlink(temporary) } }
        try fill(temporary)
        let syncFD = open(temporary, O_RDONLY | O_CLOEXEC)
        guard syncFD >= 0 else { throw FileIOError.posix(.write, path: path, context: "reopening temporary file \(temporary)") }
        let synced = fsync(syncFD)
        let syncErrno = errno
        close(syncFD)
        guard synced == 0 else { throw FileIOError.posix(.write, path: path, context: "fsync(2) of \(temporary)", code: syncErrno) }
        guard rename(temporary, destination) == 0 else {
            throw FileIOError.posix(.write, path: path, context: "rename(2) of temporary file \(temporary)")
        }
        published = true
        // The rename is durable only once the folder's entry is on disk: fsync the folder.
        let folderFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            let folderSynced = fsync(folderFD)
            let folderErrno = errno
            close(folderFD)
            // EINVAL: the file system does not support fsync on directories (some FUSE, /proc): the
            // file is in place; nothing more can be done.
            guard folderSynced == 0 || folderErrno == EINVAL else {
                throw FileIOError.posix(.write, path: path, context: "fsync(2) of folder \(directory)", code: folderErrno)
            }
        }
    }

    /// Writes `data` to the file `url` names, atomically (see `write(_:to:)`).
    /// - Throws: `FileIOError` naming the path.
    public static func write(_ data: [UInt8], to url: URL) throws {
        try write(data, to: url.path)
    }
}

/// write(2), under a name that does not clash with `AtomicFile.write`.
@inline(__always)
func posixWrite(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buf, n)
    #elseif canImport(Musl)
    return Musl.write(fd, buf, n)
    #else
    return Darwin.write(fd, buf, n)
    #endif
}
