#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file system error from `MIDIFile(contentsOf:)` or `MIDIFile.write(to:runningStatus:)`: the file
/// could not be opened, read, created, written or renamed. Errors in the *contents* of a file are
/// `SMFError` instead.
public struct FileIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done.
    public enum Operation: Sendable, Hashable {
        case read, write
    }

    public var operation: Operation
    /// The path the caller named (for writes: the destination, not the temporary file).
    public var path: String
    /// The POSIX error number (`errno`), or 0 when the error did not come from a system call.
    public var code: Int32
    /// What failed, in words, e.g. "No such file or directory" or
    /// "rename(2) of temporary file /tmp/.a.mid.1234.tmp failed: Permission denied".
    public var reason: String

    /// - Parameters:
    ///   - operation: `.read` or `.write`.
    ///   - path: the file named by the caller.
    ///   - code: `errno`, or 0.
    ///   - reason: what failed, in words.
    package init(_ operation: Operation, path: String, code: Int32, reason: String) {
        self.operation = operation
        self.path = path
        self.code = code
        self.reason = reason
    }

    /// "cannot read <path>: <reason>" or "cannot write <path>: <reason>".
    public var description: String {
        "cannot \(operation == .read ? "read" : "write") \(path): \(reason)"
    }

    /// The error for the current `errno`, with `context` (e.g. "open(2)") before the system message.
    package static func posix(_ operation: Operation, path: String, context: String? = nil, code: Int32 = errno) -> FileIOError {
        let message = String(cString: strerror(code))
        let reason = context.map { "\($0): \(message)" } ?? message
        return FileIOError(operation, path: path, code: code, reason: reason)
    }
}
