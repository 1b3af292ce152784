#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file input for every file LittleMozart reads (MIDI, models, WAV headers).
public enum WholeFile {
    /// All bytes of the file at `path`, read with POSIX calls (open, fstat, read until EOF).
    /// - Throws: `FileIOError` (`.read`, naming `path`, with `errno`) when the file cannot be opened
    ///   or read, or names a directory.
    public static func read(_ path: String) throws(FileIOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError.posix(.read, path: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileIOError.posix(.read, path: path, context: "fstat(2)") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileIOError(.read, path: path, code: EISDIR, reason: "is a directory")
        }
        // st_size + 1 so that a regular file is read in one call and EOF seen in the next.
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16)))
            }
            let r = bytes.withUnsafeMutableBytes { buf in posixRead(fd, buf.baseAddress! + count, buf.count - count) }
            if r < 0 {
                if errno == EINTR { continue }
                throw FileIOError.posix(.read, path: path, context: "read(2)")
            }
            if r == 0 { break }
            count += r
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}

/// read(2), under a name that does not clash with `WholeFile.read(_:)`.
@inline(__always)
func posixRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buf, n)
    #elseif canImport(Musl)
    return Musl.read(fd, buf, n)
    #else
    return Darwin.read(fd, buf, n)
    #endif
}
