import ArgumentParser
import FileIO
import Foundation
import Synth

/// Whether `a` and `b` name one file: their standardized paths with symlinks resolved are equal,
/// or both exist and `stat(2)` (which follows symlinks) gives them one device and inode (a hard
/// link, or a symlink to a hard link).
func isSameFile(_ a: String, _ b: String) -> Bool {
    if resolvedPath(a) == resolvedPath(b) { return true }
    guard let first = fileIdentity(a), let second = fileIdentity(b) else { return false }
    return first == second
}

/// `path` made absolute and standardized, symlinks resolved.
func resolvedPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
}

/// Device and inode of the file `path` names (symlinks followed); nil when it does not exist.
func fileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
}

/// Refuses an output path that names one of the command's input files, before anything is
/// written: the one check of every command that writes an output derived from inputs (convert,
/// render, roll, harmonize, drums, melody, continue, genie; a `--model-file` counts as an input).
///
/// Two paths are the same file as `isSameFile` says (symlinks resolved, hard links by device and
/// inode). `inputs` pairs each input's option or role as the user knows it ("--primer-file", "the
/// phrase") with its path; nil paths (options not given) are skipped. `option` names the output
/// ("--out", "--plot").
///
/// - Throws: `ValidationError` (exit 64), one line naming the output option, the input and the file,
///   e.g. `--out waltz.mid is the phrase waltz.mid; choose another file`.
func refuseOverwritingInput(out: String, option: String = "--out", inputs: [(option: String, path: String?)]) throws {
    for input in inputs {
        guard let path = input.path else { continue }
        if isSameFile(out, path) { throw ValidationError("\(option) \(out) is \(input.option) \(path); choose another file") }
    }
}

/// Refuses a training output (`--out`, `--checkpoint`) that is the corpus folder itself or one of
/// the files in it (by path or, for hard links and symlinks, by device and inode), before training.
///
/// - Throws: `ValidationError` (exit 64), one line naming the output option and path and the
///   corpus option and folder.
func refuseOverwritingCorpus(out: String, option: String = "--out", corpus: String, corpusOption: String = "--corpus") throws {
    let folder = resolvedPath(corpus)
    let target = resolvedPath(out)
    if target == folder {
        throw ValidationError("\(option) \(out) is the \(corpusOption) folder \(corpus); choose a file outside it")
    }
    let inside = target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    if inside && FileManager.default.fileExists(atPath: target) {
        throw ValidationError("\(option) \(out) is a file of the \(corpusOption) folder \(corpus); choose a file outside it")
    }
    // A hard link (or a symlink to one) elsewhere: compare with every file of the corpus.
    guard let identity = fileIdentity(out),
          let walker = FolderListing.walk(URL(fileURLWithPath: folder)) else { return }
    for case let url as URL in walker where fileIdentity(url.path) == identity {
        throw ValidationError("\(option) \(out) is the file \(url.path) of the \(corpusOption) folder \(corpus); choose a file outside it")
    }
}

/// Makes sure the folder that will hold `path` (a model file `--out` or a `--checkpoint`) exists and
/// is writable before a train command spends time training.
///
/// When `createIfMissing` is true (the default `Models/...` path, not one the user gave) a missing
/// folder is created, with its parents. Otherwise, and when creating fails or the folder is
/// read-only, the command stops.
///
/// `corpora` (option, folder) are the training inputs: `path` may be neither one of those folders
/// nor a file in them (`refuseOverwritingCorpus`), checked first.
///
/// - Throws: `StatusError` with `.cannotCreate` (exit 73), one line naming the option and the
///   folder; `ValidationError` (exit 64) for a path onto a corpus.
func prepareOutputFolder(for path: String, option: String, createIfMissing: Bool, corpora: [(option: String, path: String)] = []) throws {
    for corpus in corpora { try refuseOverwritingCorpus(out: path, option: option, corpus: corpus.path, corpusOption: corpus.option) }
    let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = manager.fileExists(atPath: folder.path, isDirectory: &isDirectory)
    if exists && !isDirectory.boolValue {
        throw StatusError(.cannotCreate, "\(option) \(path): \(folder.path) is not a folder")
    }
    if !exists {
        guard createIfMissing else {
            throw StatusError(.cannotCreate, "\(option) \(path): the folder \(folder.path) does not exist; create it or choose another path")
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StatusError(.cannotCreate, "\(option) \(path): cannot create the folder \(folder.path): \(error.localizedDescription)")
        }
    }
    guard manager.isWritableFile(atPath: folder.path) else {
        throw StatusError(.cannotCreate, "\(option) \(path): the folder \(folder.path) is not writable")
    }
}

/// Runs `body`, which writes `path` (a model or a checkpoint); anything it throws becomes one line
/// naming the file, exit 73 (`.cannotCreate`).
func writing<T>(_ what: String, _ path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw StatusError(.cannotCreate, "cannot write the \(what) \(path): \(ExitStatus.message(for: error))")
    }
}

/// Before training: a `--resume` checkpoint that cannot be read stops the command at once.
/// - Throws: `StatusError` with `.noInput` (exit 66) naming `--resume` and the file.
func checkResumable(_ resume: String?) throws {
    guard let resume else { return }
    guard FileManager.default.isReadableFile(atPath: resume) else {
        throw StatusError(.noInput, "--resume \(resume): no such checkpoint file (or it is unreadable)")
    }
}

/// The audio format `path`'s extension names (`AudioFileFormat`), for an option that writes audio.
/// - Throws: `ValidationError` (exit 64) naming the option, its value and the extensions accepted.
func audioFileFormat(of path: String, option: String) throws -> AudioFileFormat {
    guard let format = AudioFileFormat(path: path) else {
        throw ValidationError("\(option) \(path): not an audio file name; use \(AudioFileFormat.acceptedExtensions.joined(separator: ", "))")
    }
    return format
}
