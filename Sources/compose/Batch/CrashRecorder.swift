import Foundation

/// Records in the batch journal which file compose was working on when it crashed, from inside
/// the crash's signal handler, so that `BatchJournal` can tell a crash (a file that breaks compose)
/// from an operator's kill (SIGTERM, SIGINT, SIGKILL: no record, the file is simply retried).
///
/// Caught: SIGSEGV, SIGBUS, SIGILL (a Swift trap on x86-64), SIGTRAP (a Swift trap on arm64),
/// SIGFPE and SIGABRT (`abort()`, a failed allocation), unless sent by another process with
/// kill(2) (`si_code == SI_USER`). The handler is async-signal-safe: it only reads memory
/// prepared before the file started (one pre-formatted `crash <relative path>\n` record per worker
/// thread) and calls write(2) on the journal's descriptor, opened before. It records the file of
/// the thread that crashed, or every file in progress when the crash came from another thread;
/// then it puts the previous action back (the default, or the Swift runtime's backtracer) and
/// lets the signal take its course, so the process still dies as it would have.
///
/// One batch at a time per process (the state is process-wide).
enum CrashRecorder {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]
    /// Worker threads that can hold a record (`BatchOptions` allows at most 256 jobs).
    static let slotCount = 256
    /// Bytes per record: "crash " + a relative path up to PATH_MAX + "\n".
    static let recordCapacity = 4_200

    private static let storage = Storage()

    /// Memory the signal handler reads; allocated once, never freed (the handler may run at any time).
    private final class Storage: @unchecked Sendable {
        let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: CrashRecorder.slotCount)
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: CrashRecorder.slotCount)
        let records = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashRecorder.slotCount * CrashRecorder.recordCapacity)
        /// The actions replaced by `install`, indexed by signal number.
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        /// The journal's descriptor, or -1.
        let fd = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        init() {
            threads.initialize(repeating: 0, count: CrashRecorder.slotCount)
            lengths.initialize(repeating: 0, count: CrashRecorder.slotCount)
            records.initialize(repeating: 0, count: CrashRecorder.slotCount * CrashRecorder.recordCapacity)
            previous.initialize(repeating: sigaction(), count: 65)
            fd.initialize(to: -1)
        }
    }

    /// Installs the handler; records go to `journalDescriptor` once it is set (`setDescriptor`).
    static func install() {
        let s = storage
        s.fd.pointee = -1
        for slot in 0..<slotCount { s.lengths[slot] = 0; s.threads[slot] = 0 }
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { sig, info, _ in CrashRecorder.handle(sig, info) }
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        for sig in signals { _ = sigaction(sig, &action, s.previous + Int(sig)) }
    }

    /// Puts the previous actions back and forgets the descriptor.
    static func uninstall() {
        let s = storage
        for sig in signals { _ = sigaction(sig, s.previous + Int(sig), nil) }
        s.fd.pointee = -1
        for slot in 0..<slotCount { s.lengths[slot] = 0 }
    }

    /// The journal's descriptor (open for appending), where records go.
    static func setDescriptor(_ fd: Int32) { storage.fd.pointee = fd }

    /// Binds `slot` to the calling thread (a worker, at its start).
    static func attach(slot: Int) {
        guard slot < slotCount else { return }
        storage.threads[slot] = pthread_self()
    }

    /// Prepares the record `line` for `slot`: from now until `end(slot:)`, a crash writes it.
    static func begin(slot: Int, line: String) {
        guard slot < slotCount else { return }
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
        guard bytes.count <= recordCapacity else { return }
        let s = storage
        s.lengths[slot] = 0
        bytes.withUnsafeBufferPointer { (s.records + slot * recordCapacity).update(from: $0.baseAddress!, count: bytes.count) }
        s.lengths[slot] = bytes.count
    }

    /// The file of `slot` is done: a crash no longer records it.
    static func end(slot: Int) {
        guard slot < slotCount else { return }
        storage.lengths[slot] = 0
    }

    /// The signal handler (async-signal-safe: raw memory, write(2), sigaction(2), raise(3)).
    private static func handle(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?) {
        let s = storage
        let code = info?.pointee.si_code ?? Int32(SI_USER)
        if code != Int32(SI_USER), s.fd.pointee >= 0 {
            let me = pthread_self()
            var mine = false
            for slot in 0..<slotCount where s.lengths[slot] > 0 && pthread_equal(s.threads[slot], me) != 0 { mine = true }
            for slot in 0..<slotCount where s.lengths[slot] > 0 && (!mine || pthread_equal(s.threads[slot], me) != 0) {
                let length = s.lengths[slot]
                s.lengths[slot] = 0
                _ = write(s.fd.pointee, s.records + slot * recordCapacity, length)
            }
        }
        // Let the signal do what it would have done: a fault returns to the faulting instruction,
        // which faults again under the previous action; a raised signal (abort) is raised again.
        _ = sigaction(sig, s.previous + Int(sig), nil)
        if code <= 0 { raise(sig) }
    }
}
