import ArgumentParser
import Composer
import Foundation
import ModelKit
import Music
import Representations

/// The options every `compose loops` command shares: the kind and model, decoding, the output's
/// tempo and key (melody only). Which voice of an input file to take (`PrimerVoiceOptions`) is
/// an option of the commands that read files, not of `sample`.
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

    func validate() throws {
        try validating {
            if let temperature { try CompositionLimits.checkTemperature(temperature) }
            if let tempo { try CompositionLimits.checkTempo(tempo) }
        }
        _ = try chooseKey(key: key, mode: mode, fromFile: nil)
        if kind == .drums, let given = key.map({ "--key \($0)" }) ?? mode.map({ "--mode \($0.rawValue)" }) {
            throw ValidationError("\(given): drum loops have no key (--key and --mode are for --kind melody)")
        }
    }

    func loadModel() throws -> LoopsModel { try loadLoopsModel(kind, file: modelFile) }

    /// Reads the loop of one input file (its voice as `voice` says) and prints what was taken.
    /// With `like` (the first input: its label and meter) the loop is as long as that one's, two
    /// bars of its meter from the same bar line, so every loop of one output has one length; the
    /// line says so when the file's own meter differs.
    func read(_ path: String, label: String, voice: PrimerVoiceOptions, like first: (label: String, meter: Meter)? = nil) throws -> LoopInput {
        /// A loop taken in another meter than the file's.
        func span(own: Meter, taken: Meter, steps: Int) -> String {
            "\(steps) steps (2 bars of \(taken), as \(first?.label ?? "the output"); the file is in \(own))"
        }
        let score = try readScore(path, strict: voice.strict)
        let tempo = score.tempoChanges.first.map { (min(max($0.bpm, 4), 1000) * 100).rounded() / 100 }
        switch kind {
        case .melody:
            let reading: MelodyLoopReading
            do { reading = try MelodyLoopReading.read(from: score, track: voice.track, channel: voice.channelIndex, meter: first?.meter) } catch {
                throw voice.voiceError(error, context: path)
            }
            let p = reading.primer
            var took = "\(label) \(path): " + voiceSummary(track: p.track, name: p.trackName, channels: p.channels, taken: reading.notesTaken,
                                                         inVoice: p.notesInVoice)
            let steps = reading.loop.events.count
            took += p.meter == reading.loop.meter ? ", bars 1-2 of \(p.meter) from the bar line before the first note (\(steps) steps), \(reading.key)"
                : ", \(span(own: p.meter, taken: reading.loop.meter, steps: steps)) from the bar line before the first note, \(reading.key)"
            let left = reading.changes
            printError(took + (left.isEmpty ? "" : "; " + left.joined(separator: ", ")))
            return LoopInput(path: path, events: reading.loop.events, meter: reading.loop.meter, key: reading.key, reference: reading.reference, tempo: tempo)
        case .drums:
            let reading: DrumLoopReading
            do { reading = try DrumLoopReading.read(from: score, track: voice.track, channel: voice.channelIndex ?? DrumGrid.channel, meter: first?.meter) } catch {
                throw StatusError(path, error)
            }
            guard reading.loop.hitCount > 0 else { throw StatusError(.dataError, "\(path): no drum hits on channel \(Int(voice.channelIndex ?? DrumGrid.channel) + 1)") }
            let q = reading.quantization
            var took = "\(label) \(path): tracks \(q.tracks.map(String.init).joined(separator: ", ")), channel \(Int(voice.channelIndex ?? DrumGrid.channel) + 1), "
            took += reading.grooveMeter == reading.loop.meter ? "bars \(reading.firstBar + 1)-\(reading.firstBar + 2) of \(reading.loop.meter)"
                : "\(span(own: reading.grooveMeter, taken: reading.loop.meter, steps: reading.loop.steps.count)) from bar \(reading.firstBar + 1)"
            took += ", \(counted(reading.loop.hitCount, "hit")) taken"
            let left = reading.changes
            printError(took + (left.isEmpty ? "" : "; " + left.joined(separator: ", ")))
            return LoopInput(path: path, events: reading.loop.steps, meter: reading.loop.meter, key: Key(tonic: 0, mode: .major), reference: 60, tempo: tempo)
        }
    }

    /// The output's sequence of loops, with the first input's meter, tempo, key and reference
    /// (or the options'). A melody whose inputs (`first` and `others`) are in major and minor keys
    /// has each loop relative to its own tonic, so no one key signature matches what is written:
    /// none is written (a note says so) unless --mode chose one.
    func sequence(_ items: [LoopSequence.Item], first: LoopInput?, others: [LoopInput] = [], meter: Meter = .common) throws -> LoopSequence {
        let outKey = try chooseKey(key: key, mode: mode, fromFile: first?.key)
        var reference = first?.reference ?? 60 + outKey.tonic
        if let first, outKey != first.key { reference = 60 + outKey.tonic }
        var signature = true
        if kind == .melody, mode == nil, let first, let other = others.first(where: { $0.key.mode != first.key.mode }) {
            signature = false
            printError("note: \(first.path) is in \(first.key), \(other.path) in \(other.key): no key signature written (--mode major or minor writes one)")
        }
        return LoopSequence(kind: kind, items: items, meter: first?.meter ?? meter, tempo: tempo ?? first?.tempo ?? 120, key: outKey,
                            reference: reference, writesKeySignature: signature)
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

