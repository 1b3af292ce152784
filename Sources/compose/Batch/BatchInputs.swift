import Composer
import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One input of a batch.
struct BatchInput: Sendable, Hashable {
    /// The file to read, as found: the argument itself, or the argument joined with the path found under it.
    var path: String
    /// The path relative to the folder or pattern base it was found under (a file named directly:
    /// its name). Outputs under `--out-dir` mirror it, and `--shard` hashes it.
    var relativePath: String
    /// Why this input cannot be read at all (a missing file, a pattern that matches nothing, a
    /// folder without MIDI files): the batch records it as a failure with `ExitStatus.noInput`.
    var missing: String?
}

/// The kind of file a batch command reads from folders and patterns: MIDI (`render`, `convert`,
/// `inspect`) or audio (`transcribe`).
struct BatchFileKind: Sendable {
    /// Extensions taken from folders and patterns, lowercased.
    var extensions: Set<String>
    /// What a folder without such files says.
    var emptyFolder: String
    /// What a pattern that matches no such file says.
    var noMatch: String

    static let midi = BatchFileKind(extensions: BatchInputs.midiExtensions, emptyFolder: "no .mid/.midi/.rmi/.kar files in this folder",
                                    noMatch: "no MIDI file matches this pattern")
    /// The audio files `MonoAudioStream` reads (libsndfile): WAV, FLAC, OGG/Vorbis, Opus, MP3, AIFF.
    static let audio = BatchFileKind(extensions: TranscriptionEvaluation.audioExtensions,
                                     emptyFolder: "no .wav/.flac/.ogg/.opus/.mp3/.aiff files in this folder",
                                     noMatch: "no audio file matches this pattern")
}

/// Turns the command-line inputs of `render`, `convert`, `inspect` and `transcribe` into a sorted list of files.
///
/// - A folder is searched recursively for files whose extension is one of the kind's extensions
///   (`midiExtensions` for MIDI; any case); hidden files and folders (names starting with ".") are skipped, so the temporary
///   files of atomic writes never count.
/// - A path that does not exist but contains `*`, `?` or `[` is a glob(3) pattern (expanded here,
///   so quoting it keeps the shell's argument limit out of the way); matched folders are searched as
///   above, matched files are kept when they have a MIDI extension.
/// - A file named directly is always taken, whatever its extension.
///
/// Each argument's files are sorted by relative path (Unicode scalar order, independent of the
/// locale); the arguments keep their order; a file reached twice is kept once. The result is the
/// same on every machine that sees the same files.
enum BatchInputs {
    /// Extensions of Standard MIDI Files, lowercased: .mid, .midi, RIFF .rmi, karaoke .kar.
    static let midiExtensions: Set<String> = ["mid", "midi", "rmi", "kar"]

    static func isPattern(_ argument: String) -> Bool {
        argument.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    static func hasMIDIExtension(_ path: String) -> Bool {
        midiExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// True when `arguments` can only mean a batch: several of them, a folder, or a pattern.
    static func isBatch(_ arguments: [String]) -> Bool {
        guard arguments.count == 1, let only = arguments.first else { return true }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: only, isDirectory: &isDirectory) { return isDirectory.boolValue }
        return isPattern(only)
    }

    /// The inputs named by `arguments`, in a deterministic order (see the type's documentation).
    static func expand(_ arguments: [String], kind: BatchFileKind = .midi) -> [BatchInput] {
        var result: [BatchInput] = []
        var seen = Set<String>()
        func add(_ inputs: [BatchInput]) {
            for input in inputs {
                let key = input.missing == nil ? URL(fileURLWithPath: input.path).standardizedFileURL.path : "missing:" + input.path
                if seen.insert(key).inserted { result.append(input) }
            }
        }
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    let found = filesUnder(argument, kind: kind)
                    add(found.isEmpty ? [BatchInput(path: argument, relativePath: argument, missing: kind.emptyFolder)] : found)
                } else {
                    add([BatchInput(path: argument, relativePath: (argument as NSString).lastPathComponent)])
                }
            } else if isPattern(argument) {
                let matches = glob(argument)
                let base = patternBase(argument)
                var found: [BatchInput] = []
                for match in matches {
                    var isDir: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: match, isDirectory: &isDir) else { continue }
                    if isDir.boolValue {
                        let prefix = relative(match, to: base)
                        found += filesUnder(match, kind: kind).map { BatchInput(path: $0.path, relativePath: prefix.isEmpty ? $0.relativePath : prefix + "/" + $0.relativePath) }
                    } else if kind.extensions.contains((match as NSString).pathExtension.lowercased()) {
                        found.append(BatchInput(path: match, relativePath: relative(match, to: base)))
                    }
                }
                add(found.isEmpty ? [BatchInput(path: argument, relativePath: argument, missing: kind.noMatch)]
                                  : found.sorted { $0.relativePath.unicodeScalars.lexicographicallyPrecedes($1.relativePath.unicodeScalars) })
            } else {
                add([BatchInput(path: argument, relativePath: (argument as NSString).lastPathComponent,
                                missing: "no such file or folder")])
            }
        }
        return result
    }

    /// Files of `kind` (MIDI by default) under `folder`, recursively, sorted by relative path. A
    /// symlink to a file is listed under its own name (as `evaluate transcribe` reads it); a
    /// dangling one is not.
    static func filesUnder(_ folder: String, kind: BatchFileKind = .midi) -> [BatchInput] {
        let root = FolderListing.resolved(URL(fileURLWithPath: folder))
        guard let walker = FolderListing.walk(root, options: [.skipsHiddenFiles]) else { return [] }
        let rootPath = root.path
        var found: [BatchInput] = []
        for case let url as URL in walker where kind.extensions.contains(url.pathExtension.lowercased()) {
            guard FolderListing.isFile(url) else { continue }   // a symlink to a file counts; its path is kept
            let full = url.standardizedFileURL.path
            let rel = full.hasPrefix(rootPath + "/") ? String(full.dropFirst(rootPath.count + 1)) : url.lastPathComponent
            let joined = folder.hasSuffix("/") ? folder + rel : folder + "/" + rel
            found.append(BatchInput(path: joined, relativePath: rel))
        }
        return found.sorted { $0.relativePath.unicodeScalars.lexicographicallyPrecedes($1.relativePath.unicodeScalars) }
    }

    /// The leading folders of a pattern that hold no pattern characters ("songs/a*/x.mid" -> "songs").
    static func patternBase(_ pattern: String) -> String {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        var base: [Substring] = []
        for part in parts.dropLast() {
            if isPattern(String(part)) { break }
            base.append(part)
        }
        let joined = base.joined(separator: "/")
        return joined.isEmpty && pattern.hasPrefix("/") ? "/" : joined
    }

    static func relative(_ path: String, to base: String) -> String {
        if base.isEmpty { return path.hasPrefix("./") ? String(path.dropFirst(2)) : path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : (path as NSString).lastPathComponent
    }

    /// glob(3) matches of `pattern`, sorted by glob (GLOB_MARK off, no error callback).
    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
    }
}
