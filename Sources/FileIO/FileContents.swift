#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes lent to a closure, without the copy into an array that `WholeFile.read(_:)`
/// makes: a small file is read into one uninitialized buffer; a large one is mapped (`mmap`,
/// read-only), so that the pages a reader is done with can be given back while it reads the rest
/// (`release(_:)`): the memory it holds then stays bounded by what is being read, however long the
/// file.
@usableFromInline
package final class FileContents: @unchecked Sendable {
    /// The file's bytes; valid until the closure given to `withContents` returns.
    @usableFromInline package let bytes: UnsafeBufferPointer<UInt8>
    /// Whether `bytes` is a mapping of the file (else a buffer holding a copy).
    @usableFromInline package let isMapped: Bool
    private let pageSize: Int

    private init(bytes: UnsafeBufferPointer<UInt8>, isMapped: Bool) {
        self.bytes = bytes
        self.isMapped = isMapped
        pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }

    /// Gives back the memory of the whole pages inside `range` (offsets into `bytes`) of a mapped
    /// file (`madvise(MADV_DONTNEED)`): they leave the process's resident set, and a later read of
    /// them reads the file again (so nothing read changes). No effect on a buffer.
    @usableFromInline package func release(_ range: Range<Int>) {
        guard isMapped, let base = bytes.baseAddress else { return }
        let lower = (max(range.lowerBound, 0) + pageSize - 1) / pageSize * pageSize
        let upper = min(range.upperBound, bytes.count) / pageSize * pageSize
        guard upper > lower else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, Int32(MADV_DONTNEED))
    }

    /// Calls `body` with the bytes of the file at `path`: mapped when the file holds at least
    /// `mapAbove` bytes, else read into a buffer (open, fstat, one read(2) for a regular file).
    ///
    /// A mapped file must not be truncated by another process while `body` runs (reading a page
    /// past its new end raises SIGBUS), as with any mapping.
    ///
    /// - Throws: `FileIOError` (`.read`, naming `path`, with `errno`) when the file cannot be
    ///   opened, mapped or read, or names a directory; and whatever `body` throws.
    @usableFromInline package static func withContents<R>(of path: String, mapAbove: Int,
                                        _ body: (FileContents) throws -> R) throws -> R {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError.posix(.read, path: path) }
        var closed = false
        defer { if !closed { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileIOError.posix(.read, path: path, context: "fstat(2)") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileIOError(.read, path: path, code: EISDIR, reason: "is a directory")
        }
        let size = max(Int(st.st_size), 0)
        let contents: FileContents
        if (st.st_mode & S_IFMT) == S_IFREG && size >= max(mapAbove, 1) {
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
                throw FileIOError.posix(.read, path: path, context: "mmap(2)")
            }
            close(fd)
            closed = true
            contents = FileContents(bytes: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size),
                                    isMapped: true)
        } else {
            contents = try readAll(fd, size: size, regular: (st.st_mode & S_IFMT) == S_IFREG, path: path)
        }
        return try body(contents)
    }

    /// The bytes of the open file `fd` (`size` from fstat; 0 for files that do not know theirs),
    /// read until end of file. A regular file that tells its size is read in one call when it still
    /// holds that many bytes: a read(2) of a regular file that returns fewer bytes than asked has
    /// reached its end, so no second call is made to see it.
    private static func readAll(_ fd: Int32, size: Int, regular: Bool, path: String) throws -> FileContents {
        // size + 1, so that a regular file that still holds `size` bytes is read whole in one call.
        var capacity = size + 1
        var buffer = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        var count = 0
        while true {
            if count == capacity {
                capacity = max(2 * capacity, 1 << 16)
                buffer = realloc(buffer, capacity)!.assumingMemoryBound(to: UInt8.self)
            }
            let r = posixRead(fd, buffer + count, capacity - count)
            if r < 0 {
                if errno == EINTR { continue }
                let error = FileIOError.posix(.read, path: path, context: "read(2)")
                free(buffer)
                throw error
            }
            if r == 0 { break }
            count += r
            // (Not for a file that tells no size, such as those of /proc: they are read in pieces.)
            if regular && size > 0 && count >= size && count < capacity { break }
        }
        return FileContents(bytes: UnsafeBufferPointer(start: buffer, count: count), isMapped: false)
    }
}
