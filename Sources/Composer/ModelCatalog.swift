import FileIO
import ModelKit
import Foundation

/// The one way to find and load a model file: a file named by the caller, or else the shipped
/// one (`ShippedModel`) found in, in this order:
/// 1. `$LITTLEMOZART_MODELS/<file name>`;
/// 2. the `Models/` folder of the package the running executable was built in, searched upward
///    from the executable's folder, up to 5 levels (`.build/debug/compose` -> the package root);
///    the executable is the real file, symlinks resolved (`/proc/self/exe` on Linux), so a
///    `~/bin/compose` symlink to the built binary, run by its path or through `PATH`, finds the
///    package's `Models/`;
/// 3. `./Models/<file name>`.
///
/// Every load function throws `ModelFileError` when the model cannot be used: `.notFound` with
/// the places searched (only the named file when one was given), `.malformed` for a folder or a
/// JSON that does not decode as this kind of model, `.wrongFormat`, `.unsupportedVersion`,
/// `.shapeMismatch` or `.missingTensor` from the model's own loader; and `FileIOError` (or the
/// system's error) for a file that exists but cannot be read.
public enum ModelCatalog {
    /// The places searched for a file `fileName`, in search order (see `ModelCatalog`), each once.
    public static func searchPath(for fileName: String) -> [URL] {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["LITTLEMOZART_MODELS"] {
            candidates.append(URL(fileURLWithPath: dir).appendingPathComponent(fileName))
        }
        var folder = executable().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Models").appendingPathComponent(fileName))
            folder = folder.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "Models").appendingPathComponent(fileName))
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The shipped `model`'s file: the first of `searchPath(for:)` that exists.
    /// - Throws: `ModelFileError` `.notFound(searched:)` naming the file and every place searched.
    public static func locate(_ model: ShippedModel) throws(ModelFileError) -> URL {
        let candidates = searchPath(for: model.fileName)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ModelFileError(file: model.fileName, .notFound(searched: candidates.map(\.path)))
        }
        return found
    }

    /// The file to load for `model`: `file` when given, else the shipped one (`locate`).
    /// - Throws: `ModelFileError` `.notFound` when `file` does not exist (its `searched` is just
    ///   `file`) or no shipped file is found, `.malformed` when `file` is a folder; `FileIOError`
    ///   when it exists but cannot be read.
    public static func resolve(_ model: ShippedModel, file: URL? = nil) throws -> URL {
        guard let file else { return try locate(model) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else {
            throw ModelFileError(file: file.path, .notFound(searched: [file.path]))
        }
        guard !isFolder.boolValue else { throw ModelFileError(file: file.path, .malformed("a folder, not a model file")) }
        guard FileManager.default.isReadableFile(atPath: file.path) else {
            throw FileIOError(.read, path: file.path, code: EACCES, reason: "Permission denied")
        }
        return file
    }

    /// The Markov melody model in `file`, else the shipped one. Throws as `ModelCatalog` says.
    public static func loadMarkovMelody(from file: URL? = nil) throws -> MarkovMelodyModel {
        try load(.melodyMarkov, file, MarkovMelodyModel.load)
    }

    /// The RNN (LSTM) melody model in `file` (its JSON config), else the shipped one.
    public static func loadRNNMelody(from file: URL? = nil) throws -> RNNMelodyModel {
        try load(.melodyRNN, file, RNNMelodyModel.load)
    }

    /// The melody model of `kind` in `file`, else the shipped one.
    public static func loadMelody(_ kind: MelodyModel.Kind, from file: URL? = nil) throws -> MelodyModel {
        switch kind {
        case .markov: return .markov(try loadMarkovMelody(from: file))
        case .rnn: return .rnn(try loadRNNMelody(from: file))
        }
    }

    /// The Markov drum model in `file`, else the shipped one.
    public static func loadMarkovDrums(from file: URL? = nil) throws -> MarkovDrumModel {
        try load(.drumsMarkov, file, MarkovDrumModel.load)
    }

    /// The RNN (LSTM) drum model in `file` (its JSON config), else the shipped one.
    public static func loadRNNDrums(from file: URL? = nil) throws -> RNNDrumModel {
        try load(.drumsRNN, file, RNNDrumModel.load)
    }

    /// The file name of the learned drum openings (`DrumOpenings`) in `Models/`.
    public static let drumOpeningsFileName = "drums-openings.json"

    /// The shipped drum openings (`Models/drums-openings.json`, found as the models are).
    /// - Throws: `ModelFileError` `.notFound` with the places searched, `.malformed`.
    public static func loadDrumOpenings() throws -> DrumOpenings {
        let candidates = searchPath(for: drumOpeningsFileName)
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ModelFileError(file: drumOpeningsFileName, .notFound(searched: candidates.map(\.path)))
        }
        do { return try DrumOpenings.load(from: url) } catch is DecodingError {
            throw ModelFileError(file: url.path, .malformed("not LittleMozart drum openings"))
        }
    }

    /// The harmony model (chord HMMs and voicing statistics) in `file`, else the shipped one.
    public static func loadHarmony(from file: URL? = nil) throws -> HarmonyModel {
        try load(.harmony, file, HarmonyModel.load)
    }

    /// The loops model of `kind` in `file`, else the shipped one (`ShippedModel.loops`).
    /// - Throws: as `ModelCatalog` says; what `LoopsModel.load` throws.
    public static func loadLoops(_ kind: LoopKind, from file: URL? = nil) throws -> LoopsModel {
        try load(ShippedModel.loops(kind), file, LoopsModel.load)
    }

    /// Resolves the file and runs the model's loader on it; a JSON that does not decode as this
    /// kind of model becomes `ModelFileError` `.malformed`.
    static func load<Model>(_ model: ShippedModel, _ file: URL?, _ loader: (URL) throws -> Model) throws -> Model {
        let url = try resolve(model, file: file)
        do {
            return try loader(url)
        } catch is DecodingError {
            throw ModelFileError(file: url.path, .malformed("not a LittleMozart \(model.displayName) model (the JSON does not match the model file format)"))
        }
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
}
