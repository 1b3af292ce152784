import CFluidSynth
import Foundation

/// Runs a SoundFont load with FluidSynth's and GLib's messages held back. A damaged SoundFont
/// makes FluidSynth print errors, then try the file as DLS through libinstpatch, whose GLib
/// assertion prints a `CRITICAL` line: none of that should come before our one-line error. When
/// the load succeeds, FluidSynth's messages are passed on to the log functions that were set
/// (so `LiveOutput.setFluidLogging(false)` still hides them); when it fails they are dropped.
///
/// FluidSynth's log functions and GLib's default log handler are process-wide, so loads are run
/// one at a time, and for that short time other GLib messages of the process are dropped too.
enum QuietLoad {
    private static let lock = NSLock()
    /// Guards `held`: FluidSynth may log from another thread (another synth) during the load.
    private static let heldLock = NSLock()
    nonisolated(unsafe) private static var held: [(level: Int32, message: String)] = []

    private static let levels: [Int32] = [FLUID_PANIC, FLUID_ERR, FLUID_WARN, FLUID_INFO, FLUID_DBG].map { Int32($0.rawValue) }

    /// GLib's `GLogFunc`: (domain, level flags, message, user data).
    private typealias GLogFunc = @convention(c) (UnsafePointer<CChar>?, UInt32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void
    private typealias SetDefaultHandler = @convention(c) (GLogFunc?, UnsafeMutableRawPointer?) -> GLogFunc?

    /// `g_log_set_default_handler` when GLib is loaded (FluidSynth links it), else nil.
    private static let setGLibDefaultHandler: SetDefaultHandler? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "g_log_set_default_handler") else { return nil }
        return unsafeBitCast(symbol, to: SetDefaultHandler.self)
    }()

    /// Runs `load` (which returns true on success) with the messages held back.
    static func run(_ load: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        var previous: [fluid_log_function_t?] = []
        for level in levels {
            previous.append(fluid_set_log_function(level, { level, message, _ in
                let text = message.map { String(cString: $0) } ?? ""
                QuietLoad.heldLock.withLock { QuietLoad.held.append((level, text)) }
            }, nil))
        }
        let previousGLib = setGLibDefaultHandler?({ _, _, _, _ in }, nil)
        let loaded = load()
        if let setGLibDefaultHandler { _ = setGLibDefaultHandler(previousGLib, nil) }
        for (level, function) in zip(levels, previous) { fluid_set_log_function(level, function, nil) }
        let messages = heldLock.withLock { () -> [(level: Int32, message: String)] in
            defer { held = [] }
            return held
        }
        if loaded {
            for (level, message) in messages {
                guard let function = previous[levels.firstIndex(of: level) ?? 0] else { continue }
                message.withCString { function(level, $0, nil) }
            }
        }
        return loaded
    }
}
