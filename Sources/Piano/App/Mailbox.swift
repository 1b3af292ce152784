import Foundation

/// Where a background job (the duet's answer, a loops grid) leaves its result for the main loop,
/// which it wakes through a pipe (the read end is polled with the keyboard).
final class Mailbox<Value>: @unchecked Sendable {
    struct Delivery {
        var id: Int
        var result: Result<Value, Error>
        /// When the job finished (monotonic seconds).
        var ready: Double
    }
    private let lock = NSLock()
    private var delivery: Delivery?
    /// [read, write] ends of the wake-up pipe.
    let pipe: [Int32]

    init() {
        var fds: [Int32] = [-1, -1]
        if Glibc.pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        pipe = fds
    }

    deinit { for fd in pipe where fd >= 0 { close(fd) } }

    func post(_ d: Delivery) {
        lock.lock()
        delivery = d
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipe[1], &byte, 1)
    }

    func take() -> Delivery? {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(pipe[0], &buffer, buffer.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let d = delivery
        delivery = nil
        return d
    }
}
