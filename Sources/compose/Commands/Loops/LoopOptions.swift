import ArgumentParser
import Composer
import Foundation
import ModelKit
import Music
import Representations

/// The options every `compose loops` command shares: the kind and model, decoding, the output's
/// tempo and key, which voice of an input file to take.
struct LoopOptions: ParsableArguments {
    @Option(help: "melody or drums.")
    var kind: LoopKind = .melody

    @Option(name: .customLong("model-file"), help: "Loops model JSON (default: the shipped Models/loops-melody.json or Models/loops-drums.json).")
    var modelFile: String?

    @Option(help: "Decode by sampling at this temperature (0: greedy, the most likely step each time; the default, except for sample: 0.5).")
    var temperature: Double?

    @Option(help: "Seed of sampling (the same seed gives the same loops).")
    var seed: UInt64 = 1

    @Option(help: "Tempo of the output in quarter notes per minute (default: the first input's, else 120).")
    var tempo: Double?

    @Option(help: "Melody: tonic of the output's key, C, F#, Bb, ... (default: the first input's key).")
    var key: String?

    @Option(help: "Melody: major or minor (default: the first input's mode).")
    var mode: Key.Mode?

    @OptionGroup var voice: PrimerVoiceOptions

    func validate() throws {
        try validating {
            if let temperature { try CompositionLimits.checkTemperature(temperature, zeroAllowed: true) }
            if let tempo { try CompositionLimits.checkTempo(tempo) }
        }
        _ = try chooseKey(key: key, mode: mode, fromFile: nil)
    }

    func loadModel() throws -> LoopsModel { try loadLoopsModel(kind, file: modelFile) }

    /// Reads the loop of one input file and prints what was taken.
    func read(_ path: String, label: String) throws -> LoopInput {
        let score = try readScore(path, strict: voice.strict)
        let tempo = score.tempoChanges.first.map { (min(max($0.bpm, 4), 1000) * 100).rounded() / 100 }
        switch kind {
        case .melody:
            let reading: MelodyLoopReading
            do { reading = try MelodyLoopReading.read(from: score, track: voice.track, channel: voice.channelIndex) } catch {
                throw voice.voiceError(error, context: path)
            }
            let p = reading.primer
            var took = "\(label) \(path): " + voiceSummary(track: p.track, name: p.trackName, channels: p.channels, taken: reading.notesTaken,
                                                         inVoice: p.notesInVoice)
            took += ", bars 1-2 of \(p.meter) from the bar line before the first note (\(MelodyLoop.steps(in: p.meter)) steps), \(reading.key)"
            let left = reading.changes
            printError(took + (left.isEmpty ? "" : "; " + left.joined(separator: ", ")))
            return LoopInput(path: path, events: reading.loop.events, meter: reading.loop.meter, key: reading.key, reference: reading.reference, tempo: tempo)
        case .drums:
            let reading: DrumLoopReading
            do { reading = try DrumLoopReading.read(from: score, track: voice.track, channel: voice.channelIndex ?? DrumGrid.channel) } catch {
                throw StatusError(path, error)
            }
            guard reading.loop.hitCount > 0 else { throw StatusError(.dataError, "\(path): no drum hits on channel \(Int(voice.channelIndex ?? DrumGrid.channel) + 1)") }
            let q = reading.quantization
            var took = "\(label) \(path): tracks \(q.tracks.map(String.init).joined(separator: ", ")), channel \(Int(voice.channelIndex ?? DrumGrid.channel) + 1), "
            took += "bars \(reading.firstBar + 1)-\(reading.firstBar + 2) of \(reading.loop.meter), \(counted(reading.loop.hitCount, "hit")) taken"
            let left = reading.changes
            printError(took + (left.isEmpty ? "" : "; " + left.joined(separator: ", ")))
            return LoopInput(path: path, events: reading.loop.steps, meter: reading.loop.meter, key: Key(tonic: 0, mode: .major), reference: 60, tempo: tempo)
        }
    }

    /// The output's sequence of loops, with the first input's meter, tempo, key and reference
    /// (or the options').
    func sequence(_ items: [LoopSequence.Item], first: LoopInput?, meter: Meter = .common) throws -> LoopSequence {
        let outKey = try chooseKey(key: key, mode: mode, fromFile: first?.key)
        var reference = first?.reference ?? 60 + outKey.tonic
        if let first, outKey != first.key { reference = 60 + outKey.tonic }
        return LoopSequence(kind: kind, items: items, meter: first?.meter ?? meter, tempo: tempo ?? first?.tempo ?? 120, key: outKey, reference: reference)
    }
}

/// One input loop as read.
struct LoopInput {
    var path: String
    var events: [Int32]
    var meter: Meter
    var key: Key
    var reference: Int
    var tempo: Double?
}

/// Writes `sequence` to `out` and says where.
func writeLoops(_ sequence: LoopSequence, to out: String) throws {
    try writing("MIDI file", out) { try sequence.score().write(to: URL(fileURLWithPath: out)) }
}

/// The loops model of `kind`: `modelFile` (an option's value) when given, else the shipped one;
/// a one-line `StatusError` when it cannot be used (66 not found, 65 damaged).
func loadLoopsModel(_ kind: LoopKind, file modelFile: String?) throws -> LoopsModel {
    let file = modelFile.map { URL(fileURLWithPath: $0) }
    do {
        let model = try ModelCatalog.loadLoops(kind, from: file)
        guard model.kind == kind else {
            throw StatusError(.dataError, "--model-file \(modelFile ?? ""): a \(model.kind.rawValue) loops model, not a \(kind.rawValue) one (use --kind \(model.kind.rawValue))")
        }
        return model
    } catch let error as ModelFileError {
        throw StatusError(ExitStatus.of(error), ShippedModel.loops(kind).message(for: error))
    }
}

