import ArgumentParser
import Composer
import ModelKit
import Representations
import Foundation
import Music

struct HarmonizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonize",
        abstract: "Harmonize a melody: chord symbols with an accompaniment, or four voices in the style of Bach's chorales.",
        discussion: """
            --style chords: a chord per beat group (--chords-per-bar) from a hidden Markov model learned \
            from the Nottingham lead sheets (Viterbi), played on MIDI channel 2 under the melody (channel 1). \
            --style satb: the melody as soprano, a chord per beat from a model learned from Bach's chorales, \
            and alto, tenor and bass by a dynamic-programming search over voicings scored by Bach's voicing \
            statistics and the voice-leading rules. The melody is one voice: the (track, channel) pair with the highest mean pitch, channel 10 ignored; \
            the key is the one its key signature names (the signature in force at the melody's start, mode \
            as written), or without a key signature Krumhansl-Schmuckler key finding on the melody. The \
            output keeps the tempo map and signatures, the melody track's name (its bytes as read), text \
            events (lyrics, markers) and its channel's controllers, and the names and texts of tracks \
            without notes; other voices are left out.
            """
    )

    enum Style: String, ExpressibleByArgument, CaseIterable { case chords, satb }

    @Argument(help: "The melody, a Standard MIDI File.")
    var melody: String

    @Option(help: "chords or satb.")
    var style: Style = .chords

    @Option(name: .customLong("chords-per-bar"), help: "chords style only: 1 or 2 chords per bar (default 2).")
    var chordsPerBar: Int?

    @Option(help: "chords style only: block, arpeggio, waltz or bass (default block).")
    var accompaniment: Accompaniment.Style?

    @Option(help: "General MIDI program (0-127 or a name) of the accompaniment (chords) or of all four voices (satb); default piano / choir aahs.")
    var program: String?

    @Flag(help: "Refuse a melody file that breaks the SMF 1.0 spec instead of repairing it with a warning.")
    var strict = false

    @Flag(name: .customLong("print-chords"), help: "Print the chord symbols bar by bar.")
    var printChords = false

    @Option(name: .customLong("model-file"), help: "Harmony model JSON (default: the shipped Models/harmony.json).")
    var modelFile: String?

    @Option(help: "Where to write the harmonized MIDI file.")
    var out: String?

    func validate() throws {
        if style == .satb {
            // SATB takes one chord per beat and writes four voices: neither option has a meaning there.
            let given = [chordsPerBar.map { _ in "--chords-per-bar" }, accompaniment.map { _ in "--accompaniment" }].compactMap { $0 }
            guard given.isEmpty else {
                throw ValidationError("\(given.joined(separator: " and ")) \(given.count == 1 ? "applies" : "apply") to --style chords only (satb has one chord per beat and four voices)")
            }
        }
        if let chordsPerBar { try validating { try HarmonyModel.checkChordsPerBar(chordsPerBar) } }
        guard out != nil || printChords else { throw ValidationError("give --out FILE.mid, --print-chords, or both") }
    }

    func run() throws {
        if let out { try refuseOverwritingInput(out: out, inputs: [("the input melody", melody), ("--model-file", modelFile)]) }
        let model = try loadModel()
        let input: Score
        do {
            input = Score(file: try readMIDIFile(melody, strict: strict))
        } catch {
            let message = ExitStatus.message(for: error)
            throw StatusError(ExitStatus.of(error), message.contains(melody) ? message : "\(melody): \(message)")
        }
        let programNumber = try program.map(parseProgram)
        let result: Harmonization
        do {
            switch style {
            case .chords:
                result = try Harmonizer.chords(for: input, model: model, chordsPerBar: chordsPerBar ?? 2, style: accompaniment ?? .block,
                                               program: UInt8(programNumber ?? 0))
            case .satb:
                result = try Harmonizer.satb(for: input, model: model, program: UInt8(programNumber ?? 52))
            }
        } catch let error as ComposerError {
            throw StatusError(ExitStatus.of(error), "\(melody): \(error)")
        } catch let error as ParameterError {
            throw ValidationError("\(melody): \(ExitStatus.message(for: error))")
        }
        if printChords { print(result.chordChart) }
        if let out {
            for warning in result.score.writingWarnings { printError("warning: \(out): \(warning)") }
            try result.score.write(to: URL(fileURLWithPath: out))
            let what = style == .chords ? "\(result.chords.count) chord slots, \(accompaniment ?? .block) accompaniment" : "soprano, alto, tenor, bass"
            print("\(out): key: \(HarmonyKey(key: result.key, origin: result.keyOrigin)), \(what), \(counted(result.score.allNotes.count, "note")); melody: \(result.melody.summary)")
        }
    }

    func loadModel() throws -> HarmonyModel {
        try loadingModel(.harmony) { try ModelCatalog.loadHarmony(from: modelFile.map { URL(fileURLWithPath: $0) }) }
    }
}

