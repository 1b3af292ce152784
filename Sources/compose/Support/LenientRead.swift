import Foundation
import SMF

/// Reads a MIDI file leniently for commands that use its music (render, roll): repairs are
/// summarised in one warning line on stderr (`compose inspect` lists them all).
/// - Throws: `SMFError` for data that cannot be repaired, or the file system's error naming `path`.
func readMIDIFileLeniently(_ path: String) throws -> MIDIFile {
    let result = try MIDIFile.read(contentsOf: URL(fileURLWithPath: path), options: .lenient)
    if let warning = readingWarning(path, result) { printError(warning) }
    return result.file
}

/// "warning: FILE: N problem(s) repaired while reading, e.g. ...", or nil when the file was clean.
func readingWarning(_ path: String, _ result: ReadResult) -> String? {
    guard result.warningCount > 0 else { return nil }
    return "warning: \(path): \(result.warningCount) problem(s) repaired while reading, e.g. \(result.warnings[0]) (compose inspect lists them)"
}
