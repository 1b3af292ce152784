import ArgumentParser
import Composer
import Foundation
import Pictures

struct LoopsGridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "A size x size grid of loops morphing between four corners (bilinear in latent space).",
        discussion: """
            Corners: A top left, B top right, C bottom left, D bottom right, each its reconstruction. \
            The loops are written row by row, one after another, each with a marker "row R col C"; \
            --picture draws each cell's piano roll in its place.
            """
    )

    @Argument(help: ArgumentHelp("The four corners' MIDI files, in this order: A (top left), B (top right), C (bottom left), D (bottom right).",
                                 valueName: "corner"))
    var corners: [String] = []

    var a: String { corners[0] }
    var b: String { corners[1] }
    var c: String { corners[2] }
    var d: String { corners[3] }

    @Option(help: "Cells per side, 2-16.")
    var size = 6

    @Option(help: "Where to write the loops.")
    var out: String

    @Option(help: "Also draw the grid: a .png or .svg file.")
    var picture: String?

    @OptionGroup var loops: LoopOptions

    @OptionGroup var voice: PrimerVoiceOptions

    func validate() throws {
        guard corners.count == 4 else {
            throw ValidationError("loops grid needs exactly four corner files (A B C D: top left, top right, bottom left, bottom right), got \(corners.count)")
        }
        try validating { try LoopLimits.checkGridSize(size) }
        if let picture { _ = try PictureFormat.validated(path: picture) }
    }

    func run() throws {
        let inputs: [(option: String, path: String?)] = [("A", a), ("B", b), ("C", c), ("D", d), ("--model-file", loops.modelFile)]
        try refuseOverwritingInput(out: out, inputs: inputs)
        if let picture { try refuseOverwritingInput(out: picture, option: "--picture", inputs: inputs + [("--out", out)]) }
        // Both outputs' folders before any work: a picture that cannot be written no longer
        // fails after the MIDI file is.
        try prepareOutputFolder(for: out, option: "--out", createIfMissing: false)
        if let picture { try prepareOutputFolder(for: picture, option: "--picture", createIfMissing: false) }
        let model = try loops.loadModel()
        let first = try loops.read(a, label: "A", voice: voice)
        let corners = try [first] + [(b, "B"), (c, "C"), (d, "D")].map { try loops.read($0.0, label: $0.1, voice: voice, like: ("A", first.meter)) }
        let started = Date()
        let codes = model.encode(corners.map(\.events))
        let decoded = model.decode(model.grid(corners: codes, size: size), steps: corners[0].events.count, temperature: loops.temperature, seed: loops.seed)
        let milliseconds = Date().timeIntervalSince(started) * 1000
        let names = corners.map { ($0.path as NSString).lastPathComponent }
        let items = decoded.enumerated().map { i, events -> LoopSequence.Item in
            let (r, col) = (i / size, i % size)
            let corner = [0, size - 1, size * (size - 1), size * size - 1].firstIndex(of: i).map { names[$0] }
            return LoopSequence.Item(name: "row \(r + 1) col \(col + 1)" + (corner.map { ": \($0)" } ?? ""), events: events)
        }
        let sequence = try loops.sequence(items, first: corners[0], others: Array(corners.dropFirst()))
        try writeLoops(sequence, to: out)
        if let picture {
            try writing("picture", picture) {
                try LoopGridPicture.write(cells: sequence.cellScores(), columns: size, titles: items.map(\.name), to: picture)
            }
        }
        print(String(format: "%@: %d x %d loops between %@ (encoded 4 corners and decoded %d cells in %.0f ms)%@", out, size, size,
                     names.joined(separator: ", "), size * size, milliseconds, picture.map { "; picture \($0)" } ?? ""))
    }
}

