import ArgumentParser
import Composer
import Foundation
import ModelKit
import Music
import Representations

struct LoopsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loops",
        abstract: "Latent loops: reconstruct, sample, interpolate and grid 2-bar melody or drum loops with a VAE (MusicVAE-style).",
        discussion: """
            Every input is any MIDI file: its melody voice (or with --kind drums its channel-10 drums) \
            is quantized to 16th notes as primers are, and its first two bars (from the bar line before \
            the first note) are taken; what was taken is printed. The output's meter, tempo and key are \
            the first input's unless --tempo, --key, --mode say otherwise. Each loop in the output is \
            two bars with a marker naming it. Decoding is greedy unless --temperature is given.
            """,
        subcommands: [LoopsReconstructCommand.self, LoopsSampleCommand.self, LoopsInterpolateCommand.self, LoopsGridCommand.self]
    )
}

struct LoopsReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reconstruct", abstract: "Encode the first 2 bars of a MIDI file and decode them.")

    @Argument(help: "The input MIDI file.")
    var input: String

    @Option(help: "Where to write the reconstruction.")
    var out: String

    @OptionGroup var loops: LoopOptions

    @OptionGroup var voice: PrimerVoiceOptions

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("the input", input), ("--model-file", loops.modelFile)])
        let model = try loops.loadModel()
        let a = try loops.read(input, label: "input", voice: voice)
        let code = model.encode([a.events])
        let decoded = model.decode(code, steps: a.events.count, temperature: loops.temperature, seed: loops.seed)[0]
        let name = (input as NSString).lastPathComponent
        try writeLoops(try loops.sequence([.init(name: "reconstruction of \(name)", events: decoded)], first: a), to: out)
        let same = zip(decoded, a.events).filter { $0 == $1 }.count
        print("\(out): \(name) reconstructed, \(same) of \(counted(a.events.count, "step")) as in the input")
    }
}

struct LoopsSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "Decode loops from random latent codes.")

    @Option(help: "Loops to sample, 1-1000.")
    var count = 4

    @Option(help: "Meter of the loops: 4/4, 3/4, 6/8, ...")
    var meter: String = "4/4"

    @Option(help: "Where to write the loops.")
    var out: String

    @OptionGroup var loops: LoopOptions

    func validate() throws {
        try validating { try LoopLimits.checkSampleCount(count) }
        _ = try parsedMeter()
    }

    func parsedMeter() throws -> Meter {
        let parts = meter.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let n = parts[0], let d = parts[1], let m = try? Meter(n, d) else {
            throw ValidationError("--meter \(meter): not a meter like 4/4, 3/4 or 6/8")
        }
        return m
    }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("--model-file", loops.modelFile)])
        let model = try loops.loadModel()
        let m = try parsedMeter()
        let temperature = loops.temperature ?? 0.5
        let sampled = model.sample(count: count, steps: MelodyLoop.steps(in: m), temperature: temperature, seed: loops.seed)
        let items = sampled.enumerated().map { LoopSequence.Item(name: "sample \($0.offset + 1)", events: $0.element) }
        try writeLoops(try loops.sequence(items, first: nil, meter: m), to: out)
        print("\(out): \(counted(count, "loop")) of 2 bars of \(m), temperature \(temperature), seed \(loops.seed)")
    }
}

struct LoopsInterpolateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "interpolate",
                                                    abstract: "N loops from A to B (spherical interpolation between the encoder means).")

    @Argument(help: "The first loop's MIDI file (A).")
    var a: String

    @Argument(help: "The last loop's MIDI file (B).")
    var b: String

    @Option(help: "Loops on the path, A's and B's reconstructions included, 2-100.")
    var steps = 8

    @Option(help: "Where to write the loops, one after another.")
    var out: String

    @OptionGroup var loops: LoopOptions

    @OptionGroup var voice: PrimerVoiceOptions

    func validate() throws { try validating { try LoopLimits.checkPathSteps(steps) } }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("A", a), ("B", b), ("--model-file", loops.modelFile)])
        let model = try loops.loadModel()
        let first = try loops.read(a, label: "A", voice: voice)
        let last = try loops.read(b, label: "B", voice: voice, like: ("A", first.meter))
        let codes = model.encode([first.events, last.events])
        let path = model.interpolate(codes[0], codes[1], count: steps)
        let decoded = model.decode(path, steps: first.events.count, temperature: loops.temperature, seed: loops.seed)
        let (nameA, nameB) = ((a as NSString).lastPathComponent, (b as NSString).lastPathComponent)
        let items = decoded.enumerated().map { i, events in
            LoopSequence.Item(name: i == 0 ? "1/\(steps): \(nameA)" : i == steps - 1 ? "\(steps)/\(steps): \(nameB)" : "\(i + 1)/\(steps)", events: events)
        }
        try writeLoops(try loops.sequence(items, first: first, others: [last]), to: out)
        print("\(out): \(counted(steps, "loop")) from \(nameA) to \(nameB), each 2 bars of \(first.meter)")
    }
}
