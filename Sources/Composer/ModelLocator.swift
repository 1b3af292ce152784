import Foundation

/// Finds a shipped model file (`melody-markov.json`, `melody-rnn.json` ...), for the `compose`
/// and `piano` executables: `$LITTLEMOZART_MODELS/<name>`, then the `Models/` folder of the
/// package the running executable was built in (searched upward from the executable's folder,
/// up to 5 levels: `.build/debug/compose` -> the package root), then `./Models/<name>`.
public enum ModelLocator {
    /// The first existing candidate, or nil.
    public static func locate(_ name: String) -> URL? {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"] {
            candidates.append(URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Models").appendingPathComponent(name))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "Models").appendingPathComponent(name))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The places `locate` looks, for error messages.
    public static func searched(_ name: String) -> String {
        "$LITTLEMOZART_MODELS/\(name), Models/\(name) above the executable, ./Models/\(name)"
    }
}
