import ArgumentParser
import Foundation

/// Refuses an output path that names one of the command's input files, before anything is written.
///
/// Two paths are the same file when their standardized paths with symlinks resolved are equal, or
/// (both existing) they share device and inode (a hard link). `inputs` pairs each input's option or
/// role as the user knows it ("--primer-file", "the phrase") with its path.
///
/// - Throws: `ValidationError` (exit 64), one line naming `--out`, the option and the file, e.g.
///   `--out waltz.mid is the phrase waltz.mid; choose another file`.
func refuseOverwritingInput(out: String, inputs: [(option: String, path: String)]) throws {
    func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
    func identity(_ path: String) -> [Int]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
              let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue else { return nil }
        return [device, inode]
    }
    let outPath = resolved(out)
    let outIdentity = identity(out)
    for input in inputs {
        let same = resolved(input.path) == outPath || (outIdentity != nil && identity(input.path) == outIdentity)
        if same { throw ValidationError("--out \(out) is \(input.option) \(input.path); choose another file") }
    }
}

/// Makes sure the folder that will hold `path` (a model file `--out` or a `--checkpoint`) exists and
/// is writable before a train command spends time training.
///
/// When `createIfMissing` is true (the default `Models/...` path, not one the user gave) a missing
/// folder is created, with its parents. Otherwise, and when creating fails or the folder is
/// read-only, the command stops.
///
/// - Throws: `StatusError` with `.cannotCreate` (exit 73), one line naming the option and the folder.
func prepareOutputFolder(for path: String, option: String, createIfMissing: Bool) throws {
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
