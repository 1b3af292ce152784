import Foundation

/// compose's one Ctrl-C handler. Long jobs (a batch, RNN training, live playback) install it
/// around their loop and poll `requested` at a safe point: a batch starts no new file, training
/// stops at the next minibatch with a checkpoint, playback stops the notes.
enum Interrupt {
    /// Set by the signal handler (and `request()`); cleared by `catching`.
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether Ctrl-C (or another caught signal) arrived since `catching` was called.
    static var requested: Bool { flag != 0 }

    /// Sets the flag as the handler does: for tests, which cannot count on a signal reaching the
    /// process's threads.
    static func request() { flag = 1 }

    /// Clears the flag and installs the handler for `signals` until `restore()` is called on the
    /// result. With `secondKills`, the first signal also restores the default action, so a second
    /// Ctrl-C ends the process at once.
    static func catching(_ signals: [Int32] = [SIGINT], secondKills: Bool = false) -> Catching {
        flag = 0
        let handler: @convention(c) (Int32) -> Void = secondKills
            ? { sig in Interrupt.flag = 1; signal(sig, SIG_DFL) }
            : { _ in Interrupt.flag = 1 }
        return Catching(previous: signals.map { ($0, signal($0, handler)) })
    }

    /// The handlers that `catching` replaced.
    struct Catching {
        fileprivate let previous: [(Int32, (@convention(c) (Int32) -> Void)?)]

        /// Puts the replaced handlers back.
        func restore() {
            for (sig, handler) in previous { signal(sig, handler) }
        }
    }
}
