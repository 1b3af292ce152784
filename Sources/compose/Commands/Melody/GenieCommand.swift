import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

struct GenieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genie",
        abstract: "Piano Genie: turn a sequence of eight buttons (1 low ... 8 high) into a melody that follows their contour.",
        discussion: """
            Each button becomes one note chosen by the Markov melody model among the pitches that keep \
            the buttons' contour (a higher button plays a higher note, a lower one a lower note, the \
            same one the same or a neighbouring note), in the key, near the button's register. The \
            same buttons, rhythm and seed give the same file.
            """
    )

    @Option(help: "Buttons 1-8, separated by spaces or commas, e.g. \"1 3 5 8 6 4 2 1\".")
    var buttons: String

    @Option(help: "Note values, cycled over the buttons: 1 whole, 2 half, 4 quarter, 8 eighth, 16 sixteenth; a trailing . dots it (\"4.\"). Default: quarters.")
    var rhythm = "4"

    @Option(help: "Tonic of the key: C, F#, Bb, ...")
    var key = "C"

    @Option(help: "major or minor.")
    var mode: Key.Mode = .major

    @Option(help: "Tempo in quarter notes per minute, 4-1000.")
    var tempo: Double = 120

    @Option(help: "Random seed (same seed, same melody).")
    var seed: UInt64 = 1

    @Option(help: "Sampling temperature over the allowed notes; 0 always takes the likeliest.")
    var temperature: Double = 0.5

    @Option(name: .customLong("model-file"), help: "Markov model JSON (default: the shipped Models/melody-markov.json).")
    var modelFile: String?

    @Option(help: "General MIDI program 0-127 or a name (e.g. celesta); none by default (piano).")
    var program: String?

    @Option(help: "Where to write the melody.")
    var out = "genie.mid"

    /// "4 8 8 4." -> step lengths.
    static func parseRhythm(_ text: String) throws -> [Int] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," })
        guard !words.isEmpty else { throw ValidationError("--rhythm: give note values like \"4 4 8 8 2\"") }
        return try words.map { word in
            let dotted = word.hasSuffix(".")
            guard let value = Int(dotted ? word.dropLast() : word), [1, 2, 4, 8, 16].contains(value) else {
                throw ValidationError("--rhythm \(word): a note value is 1, 2, 4, 8 or 16, optionally dotted (\"4.\")")
            }
            let steps = 16 / value + (dotted ? 8 / value : 0)
            guard steps >= 1, steps <= MelodyToken.maxSteps, !(dotted && value == 16) else {
                throw ValidationError("--rhythm \(word): lasts more than a whole note or less than a 16th")
            }
            return steps
        }
    }

    static func parseButtons(_ text: String) throws -> [Int] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," })
        guard !words.isEmpty else { throw ValidationError("--buttons: give buttons 1-8, e.g. \"1 3 5 8\"") }
        return try words.map { word in
            guard let b = Int(word), (1...GenieDecoder.buttonCount).contains(b) else {
                throw ValidationError("--buttons \(word): a button is a number 1...8")
            }
            return b
        }
    }

    func validate() throws {
        guard Key(tonicName: key, mode: mode) != nil else { throw ValidationError("--key \(key): not a note name like C, F# or Bb") }
        try validating {
            try CompositionLimits.checkTempo(tempo)
            try CompositionLimits.checkTemperature(temperature)
        }
        _ = try Self.parseButtons(buttons)
        _ = try Self.parseRhythm(rhythm)
    }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("--model-file", modelFile)])
        let presses = try Self.parseButtons(buttons)
        let lengths = try Self.parseRhythm(rhythm)
        let model = try loadingModel(.melodyMarkov) { try ModelCatalog.loadMarkovMelody(from: modelFile.map { URL(fileURLWithPath: $0) }) }
        var decoder = GenieDecoder(model: model, key: Key(tonicName: key, mode: mode)!, temperature: temperature, seed: seed)
        let template = presses.indices.map { MelodyToken.note(offset: 0, steps: lengths[$0 % lengths.count]) }
        let (melody, tokens) = try decoder.decode(buttons: presses, rhythm: template)
        var score = decoder.composition(of: melody, tokens: tokens, tempo: tempo, seed: seed).score()
        if let program {
            score.parts[0].controls.insert(ControlEvent(tick: 0, message: .programChange(channel: 0, program: UInt8(try parseProgram(program)))), at: 0)
        }
        try score.write(to: URL(fileURLWithPath: out))
        print("\(out): \(presses.count) buttons -> " + melody.notes.map { PitchName.name(of: UInt8($0.pitch)) }.joined(separator: " ")
              + " (\(decoder.key), seed \(seed), temperature \(temperature.formatted()))")
    }
}
