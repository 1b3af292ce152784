import Foundation
import Music
import SMF

/// The one reading policy of every command that takes a MIDI file: lenient (repairs summarised in
/// one warning line on stderr, as `inspect`, `render`, `roll`, `play` and `convert` do) unless `strict`, which
/// refuses a file that breaks the SMF 1.0 spec (`SMFError`, exit 65).
/// - Throws: `SMFError`, or the file system's error naming `path`.
func readMIDIFile(_ path: String, strict: Bool) throws -> MIDIFile {
    let result = try MIDIFile.read(contentsOf: URL(fileURLWithPath: path), options: strict ? .strict : .lenient)
    if let warning = readingWarning(path, result) { printError(warning) }
    return result.file
}

/// `readMIDIFile(_:strict:)` as a `Score`, for the commands that read music from a file (`melody
/// --primer-file`, `continue`, `drums --primer-file` and `--with`, `harmonize`). Errors are
/// `StatusError`s naming `option` (when given) and `path` once, keeping the error's exit status
/// (66 for a missing file, 65 for a damaged one).
func readScore(_ path: String, strict: Bool, option: String? = nil) throws -> Score {
    do { return Score(file: try readMIDIFile(path, strict: strict)) } catch {
        let message = ExitStatus.message(for: error)
        let named = message.hasPrefix(path) ? message : "\(path): \(message)"
        throw StatusError(ExitStatus.of(error), option.map { "\($0) \(named)" } ?? named)
    }
}

/// "warning: FILE: N problem(s) repaired while reading, e.g. ...", or nil when the file was clean.
func readingWarning(_ path: String, _ result: ReadResult) -> String? {
    readingWarning(path, count: result.warningCount, first: result.warnings.first)
}

/// The same line for a file read as a `Score` (`evaluate transcribe`'s references and estimates).
func readingWarning(_ path: String, _ result: ScoreReadResult) -> String? {
    readingWarning(path, count: result.warningCounts.values.reduce(0, +), first: result.warnings.first)
}

private func readingWarning(_ path: String, count: Int, first: SMFWarning?) -> String? {
    guard count > 0, let first else { return nil }
    return "warning: \(path): \(count) problem(s) repaired while reading, e.g. \(first) (compose inspect lists them)"
}
