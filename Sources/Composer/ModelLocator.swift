import ModelKit
import Music
import Representations
import Foundation

/// Finds a shipped model file (`melody-markov.json`, `melody-rnn.json` ...), for the `compose`
/// and `piano` executables: `$LITTLEMOZART_MODELS/<name>`, then the `Models/` folder of the
/// package the running executable was built in (searched upward from the executable's folder,
/// up to 5 levels: `.build/debug/compose` -> the package root), then `./Models/<name>`.
///
/// The executable is the real file, symlinks resolved (`/proc/self/exe` on Linux), so a
/// `~/bin/compose` symlink to the built binary, run by its path or through `PATH`, finds the
/// package's `Models/`.
public enum ModelLocator {
    /// The first existing candidate, or nil.
    public static func locate(_ name: String) -> URL? {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"] {
            candidates.append(URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        var folder = executable().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Models").appendingPathComponent(name))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "Models").appendingPathComponent(name))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The running executable's file with symlinks resolved: `/proc/self/exe` where the system
    /// has it (Linux), else `argv[0]` (searched in `PATH` when it has no slash) resolved.
    static func executable() -> URL {
        if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: real)
        }
        let argument = CommandLine.arguments[0]
        if !argument.contains("/") {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            for dir in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(argument)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.resolvingSymlinksInPath() }
            }
        }
        return URL(fileURLWithPath: argument).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The places `locate` looks, for error messages.
    public static func searched(_ name: String) -> String {
        "$LITTLEMOZART_MODELS/\(name), Models/\(name) above the executable, ./Models/\(name)"
    }
}
