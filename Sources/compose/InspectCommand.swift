import ArgumentParser
import Foundation
import Music
import Pictures
import SMF

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a MIDI file: format, division, tracks, duration, tempo map, signatures, warnings.",
        discussion: "Damaged files are read leniently: what was repaired is listed as warnings with track and byte offset."
    )

    @Argument(help: "The Standard MIDI File to describe.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Refuse files that break the SMF 1.0 spec instead of repairing them with warnings.")
    var strict = false

    @Flag(help: "Draw a piano roll in the terminal after the description (colours on a terminal unless NO_COLOR is set).")
    var roll = false

    func run() throws {
        let result = try MIDIFile.read(contentsOf: URL(fileURLWithPath: file), options: strict ? .strict : .lenient)
        let report = InspectReport(file: result.file, path: file, readingWarnings: result.warnings.map(\.description))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        if roll {
            let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            let picture = try TerminalPianoRoll(score: Score(file: result.file), width: TerminalPianoRoll.terminalWidth())
            print(picture.render(colour: colour), terminator: "")
        }
    }
}
