import Foundation

/// The one check of the corpus folders of `evaluate` and `train` (--corpus, --leadsheets,
/// --chorales), made before any work so that every subcommand answers a bad folder alike.
enum InputFolder {
    /// - Parameters:
    ///   - path: the folder as given.
    ///   - option: the option that named it, e.g. "--corpus".
    /// - Throws: `StatusError` with `.noInput` (66), "--corpus DIR: no such folder", when nothing
    ///   is at `path`; with `.usage` (64), "--corpus DIR: is a file, not a folder", when `path` is
    ///   not a folder.
    static func require(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StatusError(.noInput, "\(option) \(path): no such folder")
        }
        guard isDirectory.boolValue else {
            throw StatusError(.usage, "\(option) \(path): is a file, not a folder of MIDI files")
        }
    }

    /// Whether `path`, an input that may be a file or a folder, is a folder (true) or a file (false).
    /// - Throws: `StatusError` with `.noInput` (66), "--audio PATH: no such file or folder", when
    ///   nothing is at `path`.
    static func isFolder(_ path: String, option: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StatusError(.noInput, "\(option) \(path): no such file or folder")
        }
        return isDirectory.boolValue
    }
}
