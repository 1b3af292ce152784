import Foundation

/// A test-only way to make a batch crash or hang on one file, so that the tests can check what the
/// journal does after a real crash (`CrashRecorder`) and after an operator's kill. Set
/// `COMPOSE_TEST_ONLY_CRASH_IN_BATCH=KIND:RELATIVE_PATH` (KIND: `trap` a Swift runtime trap,
/// `segv` a write to an invalid address, `abort` abort(3), `hang` sleep until killed, `slow` take 2 s longer over the file); the worker
/// that reaches the file with that relative path does it before working on the file. Not documented
/// for users; nothing happens without the variable.
struct CrashTestHook {
    static let variable = "COMPOSE_TEST_ONLY_CRASH_IN_BATCH"

    var kind: String
    var relativePath: String

    /// The hook the environment asks for, or nil.
    static let current: CrashTestHook? = {
        guard let value = ProcessInfo.processInfo.environment[variable], let colon = value.firstIndex(of: ":") else { return nil }
        let kind = String(value[..<colon])
        guard ["trap", "segv", "abort", "hang", "slow"].contains(kind) else { return nil }
        return CrashTestHook(kind: kind, relativePath: String(value[value.index(after: colon)...]))
    }()

    /// Crashes, hangs or slows down when `relativePath` is the hook's file.
    func fire(for relativePath: String) {
        guard relativePath == self.relativePath else { return }
        switch kind {
        case "trap":
            // A runtime trap (`ud2` on x86-64, `brk` on arm64), as an overflow or a failed precondition makes.
            fatalError("\(Self.variable): a test-only trap on \(relativePath)")
        case "segv":
            UnsafeMutablePointer<Int>(bitPattern: 8)!.pointee = 1
        case "abort":
            abort()
        case "slow":
            // Signals may cut a sleep short: wait for the deadline itself.
            let end = Date().addingTimeInterval(2)
            while Date() < end { usleep(20_000) }
        default:
            while true { sleep(60) }
        }
    }
}
