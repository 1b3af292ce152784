import ArgumentParser
import Foundation
import Music
import SMF

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a MIDI file: format, division, tracks, duration, tempo map, signatures, warnings."
    )

    @Argument(help: "The Standard MIDI File to describe.")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let midi = try MIDIFile(contentsOf: URL(fileURLWithPath: file))
        let report = InspectReport(file: midi, path: file)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
    }
}
