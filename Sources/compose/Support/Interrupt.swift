import Foundation

/// compose's one handler for an operator's stop: Ctrl-C (SIGINT) and, where a job asks for it,
/// SIGTERM (what `timeout`, Slurm and Kubernetes send). Long jobs (a batch, RNN training, live
/// playback) install it around their loop and poll `requested` at a safe point: a batch starts no
/// new file, training stops at the next minibatch with a checkpoint, playback stops the notes.
enum Interrupt {
    /// The signal that arrived (0: none), set by the handler (and `request()`); cleared by `catching`.
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether a caught signal arrived since `catching` was called.
    static var requested: Bool { flag != 0 }

    /// The signal that set `requested` (SIGINT or SIGTERM), or 0.
    static var signalNumber: Int32 { Int32(flag) }

    /// Sets the flag as the handler does: for tests, which cannot count on a signal reaching the
    /// process's threads.
    static func request(_ signal: Int32 = SIGINT) { flag = sig_atomic_t(signal) }

    /// How close a second signal may follow the first and still count as the same stop (seconds):
    /// GNU `timeout` signals the child and then its whole process group, so one stop arrives as
    /// two SIGTERMs microseconds apart; a person's second Ctrl-C comes later than this.
    static let burstSeconds = 0.5

    /// When the first signal arrived (CLOCK_MONOTONIC, nanoseconds), set by the handler.
    nonisolated(unsafe) private static var firstAt: Int64 = 0
    /// `burstSeconds` in nanoseconds, set by `catching` (so that the handler only reads a
    /// variable already initialised: a global's lazy initialisation is not async-signal-safe).
    nonisolated(unsafe) private static var burstNanoseconds: Int64 = 0

    /// CLOCK_MONOTONIC in nanoseconds (clock_gettime is async-signal-safe).
    private static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Clears the flag and installs the handler for `signals` until `restore()` is called on the
    /// result. With `secondKills`, a second SIGINT or SIGTERM ends the process at once, unless it
    /// arrives within `burstSeconds` of the first (the same stop sent twice, as `timeout` does): that
    /// one is ignored, and the job still stops cleanly.
    static func catching(_ signals: [Int32] = [SIGINT], secondKills: Bool = false) -> Catching {
        flag = 0
        firstAt = 0
        burstNanoseconds = Int64(burstSeconds * 1e9)
        let handler: @convention(c) (Int32) -> Void = secondKills
            ? { sig in
                let now = Interrupt.monotonicNanoseconds()
                if Interrupt.flag == 0 {
                    Interrupt.firstAt = now
                    Interrupt.flag = sig_atomic_t(sig)
                    return
                }
                if now - Interrupt.firstAt < Interrupt.burstNanoseconds { return }
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
                raise(sig)
            }
            : { sig in if Interrupt.flag == 0 { Interrupt.flag = sig_atomic_t(sig) } }
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
