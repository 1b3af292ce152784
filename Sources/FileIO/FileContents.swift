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
    /// `mapAbove` bytes, else read into a buffer (open, lseek, one pread(2) for a regular file).
    ///
    /// The size comes from lseek(2) to the end, which costs the kernel less than fstat(2) (a
    /// corpus of small files spends most of its read in such calls); fstat is asked only of a file
    /// long enough to be mapped. A file that cannot seek (a pipe, a FIFO, most /proc files) is read
    /// from its start until its end.
    ///
    /// A mapped file must not be truncated by another process while `body` runs (reading a page
    /// past its new end raises SIGBUS), as with any mapping.
    ///
    /// - Throws: `FileIOError` (`.read`, naming `path`, with `errno`) when the file cannot be
    ///   opened, mapped or read, or names a directory; and whatever `body` throws.
    @usableFromInline package static func withContents<R>(of path: String, mapAbove: Int,
                                        _ body: (FileContents) throws -> R) throws -> R {
        // (withCString lends a native string's own bytes; passing `path` itself copies them first.)
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileIOError.posix(.read, path: path) }
        var closed = false
        defer { if !closed { close(fd) } }
        let end = lseek(fd, 0, SEEK_END)
        let contents: FileContents
        if end < 0 {
            // Not seekable: read from where it is (its start) to its end.
            contents = try readAll(fd, size: nil, path: path)
        } else if end < max(mapAbove, 1) {
            contents = try readAll(fd, size: Int(end), path: path)
        } else {
            // Long enough to map, or a directory (whose end some file systems place far out).
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw FileIOError.posix(.read, path: path, context: "fstat(2)") }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw isADirectory(path) }
            let size = max(Int(st.st_size), 0)
            if (st.st_mode & S_IFMT) == S_IFREG && size >= max(mapAbove, 1) {
                guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
                    throw FileIOError.posix(.read, path: path, context: "mmap(2)")
                }
                close(fd)
                closed = true
                contents = FileContents(bytes: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size),
                                        isMapped: true)
            } else {
                contents = try readAll(fd, size: (st.st_mode & S_IFMT) == S_IFREG ? size : 0, path: path)
            }
        }
        return try body(contents)
    }

    private static func isADirectory(_ path: String) -> FileIOError {
        FileIOError(.read, path: path, code: EISDIR, reason: "is a directory")
    }

    /// The bytes of the open file `fd`, read until end of file: from offset 0 with pread(2) when
    /// `size` (its length as lseek or fstat told it; 0 for files that do not know theirs) is given,
    /// else with read(2) from where the file is (a file that cannot seek). A file that still holds
    /// `size` bytes is read in one call: a read that returns fewer bytes than asked has reached
    /// the end of such a file, so no second call is made to see it.
    private static func readAll(_ fd: Int32, size known: Int?, path: String) throws -> FileContents {
        let size = known ?? 0
        var positioned = known != nil
        // size + 1, so that a file that still holds `size` bytes is read whole in one call.
        var capacity = size + 1
        var buffer = malloc(capacity)!.assumingMemoryBound(to: UInt8.self)
        var count = 0
        while true {
            if count == capacity {
                capacity = max(2 * capacity, 1 << 16)
                buffer = realloc(buffer, capacity)!.assumingMemoryBound(to: UInt8.self)
            }
            let r = positioned ? pread(fd, buffer + count, capacity - count, off_t(count))
                               : posixRead(fd, buffer + count, capacity - count)
            if r < 0 {
                if errno == EINTR { continue }
                // A device that seeks but cannot read at an offset: read it from its start onward.
                if errno == ESPIPE && positioned && count == 0 && lseek(fd, 0, SEEK_SET) == 0 {
                    positioned = false
                    continue
                }
                let error = errno == EISDIR ? isADirectory(path) : FileIOError.posix(.read, path: path, context: "read(2)")
                free(buffer)
                throw error
            }
            if r == 0 { break }
            count += r
            // (Not for a file that tells no size, such as those of /proc: they are read in pieces.)
            if size > 0 && count >= size && count < capacity { break }
        }
        return FileContents(bytes: UnsafeBufferPointer(start: buffer, count: count), isMapped: false)
    }
}
